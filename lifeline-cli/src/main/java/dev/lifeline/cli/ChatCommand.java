package dev.lifeline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.DeadlineExceededException;
import dev.lifeline.LifelineException;
import dev.lifeline.NoDeploymentAvailableException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.config.ConfigException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lifeline chat}: one call through the cascade, configured by a file. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Sends one prompt through the cascade configured in a file.",
      "Prints the answer and the trace of every attempt. The prompt is the words given, the text of"
          + " a file with @FILE, or standard input with -. Exit code 0 with an answer, 1 when every"
          + " attempt failed, 2 for unusable input."
    })
final class ChatCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML or JSON configuration file.")
  Path config;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--system", paramLabel = "TEXT", description = "A system instruction.")
  String system;

  @Parameters(
      arity = "1..*",
      paramLabel = "PROMPT",
      description =
          "The prompt: words (joined with spaces), @FILE for a file's text, or - for standard input.")
  String[] prompt;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String text;
    try {
      text = PromptText.of(prompt, System.in);
    } catch (IOException e) {
      err.println("lifeline chat: " + e.getMessage());
      err.flush();
      return 2;
    }
    SelfHealingEngine engine;
    try {
      engine = SelfHealingEngine.builderFromConfig(config, System::getenv).build();
    } catch (ConfigException e) {
      // The file's fault, not the command line's: the message names the line; no usage after it.
      err.println("lifeline chat: " + e.getMessage());
      err.flush();
      return 2;
    }
    ChatRequest.Builder request = ChatRequest.builder();
    if (system != null) {
      request.system(system);
    }
    request.user(text);
    PrintWriter out = spec.commandLine().getOut();
    try {
      ChatResponse response = engine.call(request.build());
      if (json) {
        ObjectNode node = TraceJson.JSON.createObjectNode();
        node.put("text", response.text());
        node.put("provider", response.provider());
        node.put("model", response.model());
        node.set("trace", TraceJson.of(response.trace()));
        out.println(TraceJson.JSON.writeValueAsString(node));
      } else {
        out.println(response.text());
        out.println();
        out.print(response.trace().toTable());
      }
      out.flush();
      return 0;
    } catch (LifelineException e) {
      if (json) {
        ObjectNode node = TraceJson.JSON.createObjectNode();
        node.put("error", errorKind(e));
        node.put("message", e.getMessage());
        node.set("trace", TraceJson.of(e.trace()));
        out.println(TraceJson.JSON.writeValueAsString(node));
      } else {
        out.println("FAILED (" + errorKind(e) + "): " + e.getMessage());
        out.println();
        out.print(e.trace().toTable());
      }
      out.flush();
      return 1;
    }
  }

  private static String errorKind(LifelineException e) {
    if (e instanceof DeadlineExceededException) {
      return "DEADLINE_EXCEEDED";
    }
    if (e instanceof NoDeploymentAvailableException) {
      return "NO_DEPLOYMENT_AVAILABLE";
    }
    return e.lastFailure()
        .map(failure -> failure.kind().name())
        .orElse(e.getClass().getSimpleName());
  }
}
