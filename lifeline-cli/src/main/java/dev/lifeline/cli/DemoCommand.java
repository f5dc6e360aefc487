package dev.lifeline.cli;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.internal.state.FailSafeStateStore;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.Playbook;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.store.sqlite.SqliteStateStore;
import dev.lifeline.testkit.Fault;
import dev.lifeline.trace.EngineListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline demo}: the cascade against the testkit's fake providers over real HTTP on
 * loopback, offline, with no configuration: every answer and every failure crosses a socket in the
 * provider's real wire format, and each attempt is printed with what happened and why.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the cascade through nine failure scenes against fake servers, offline.",
      "Starts fake OpenAI, Anthropic and DeepSeek servers on loopback and runs the cascade through"
          + " rate limits, overloads, an outage, a revoked key, an oversized prompt, a silent"
          + " refusal, a sustained outage and a total one, printing each attempt and why; about 15"
          + " seconds. The oversized prompt is learned into an SQLite playbook: a second run skips"
          + " straight to what worked."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed for backoff jitter (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description =
          "The SQLite file the playbook scene learns into and starts from; its folder must exist"
              + " (default: ${java.io.tmpdir}/lifeline-demo.db).")
  Path store;

  @Option(
      names = "--no-store",
      description = "Learn in memory only: every run starts from nothing.")
  boolean noStore;

  /**
   * A situation: its fault setup, its request, how many calls; {@code remembers}: it learns into
   * the store.
   */
  private record Scene(
      String title, Consumer<DemoFleet> setup, ChatRequest request, int calls, boolean remembers) {
    Scene(String title, Consumer<DemoFleet> setup, ChatRequest request) {
      this(title, setup, request, 1, false);
    }

    Scene(String title, Consumer<DemoFleet> setup, ChatRequest request, int calls) {
      this(title, setup, request, calls, false);
    }
  }

  /**
   * What a scene did: {@code by} answered its last call, {@code firstBy} its first, after {@code
   * firstAttempts} attempts ("—" for a call that failed).
   */
  private record Outcome(
      String title,
      int answered,
      int calls,
      int attempts,
      Duration elapsed,
      String by,
      String firstBy,
      int firstAttempts,
      boolean remembers) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Outcome> outcomes = new ArrayList<>();
    Path file = store == null ? PlaybookCommand.defaultStore() : store;
    if (!noStore && store != null) {
      // SQLite would create the file, and a helper its folders: a mistyped path must not leave
      // a tree of new folders behind.
      Path folder = store.toAbsolutePath().getParent();
      String problem =
          folder != null && !Files.isDirectory(folder)
              ? "no such folder " + folder
              : Files.isDirectory(store) ? "it is a folder; name a file in it" : null;
      if (problem != null) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lifeline demo: --store " + store + ": " + problem);
        err.flush();
        return 2;
      }
    }
    // The commands the hints suggest name the store when it is not the default one.
    String storeOption = store == null ? "" : " --store " + store;
    try (DemoFleet fleet = new DemoFleet();
        // One write-behind queue for every scene's engine, so each scene reads what the last one
        // learned,
        // and closing it drains the queue into the file before the command ends.
        StateStore memory =
            noStore
                ? new InMemoryStateStore()
                : WriteBehindStateStore.wrap(
                    FailSafeStateStore.open(() -> SqliteStateStore.open(file)))) {
      boolean learnedBefore = !memory.all(Playbook.NAMESPACE).isEmpty();
      out.println(
          "Lifeline demo: fake OpenAI, Anthropic and DeepSeek servers on loopback, real HTTP.");
      out.printf(
          "  openai    %s%n  anthropic %s%n  deepseek  %s%n",
          fleet.openai().baseUrl(), fleet.anthropic().baseUrl(), fleet.deepseek().baseUrl());
      out.println(
          "Ladder: openai[gpt-4o → gpt-4o-mini] → anthropic[claude-sonnet-4] → deepseek[deepseek-chat]");
      int number = 1;
      for (Scene scene : scenes()) {
        fleet.reset();
        scene.setup().accept(fleet);
        out.println();
        out.printf("── %d. %s%n", number++, scene.title());
        out.flush();
        outcomes.add(play(fleet, scene, out, memory));
      }
      printSummary(out, outcomes);
      out.println();
      printHint(out, outcomes, file, learnedBefore, storeOption);
    }
    out.flush();
    return 0;
  }

  /**
   * What the playbook did and will do, from what actually answered the scene that learns: never a
   * model that did not answer.
   */
  private void printHint(
      PrintWriter out,
      List<Outcome> outcomes,
      Path file,
      boolean learnedBefore,
      String storeOption) {
    if (noStore) {
      out.println("The playbook lived in memory (--no-store): the next run starts from nothing.");
      return;
    }
    Outcome learning =
        outcomes.stream().filter(Outcome::remembers).reduce((a, b) -> b).orElse(null);
    String show =
        "  `./lifeline playbook show"
            + storeOption
            + "` lists what it holds; `./lifeline playbook clear"
            + storeOption
            + "` forgets it.";
    if (learning == null || learning.answered() == 0) {
      out.printf("The playbook is in %s.%n", file);
    } else if (learnedBefore) {
      out.printf(
          "The playbook in %s was learned by an earlier run: the contract's first call went to %s"
              + " in %d attempt(s).%n",
          file, learning.firstBy(), learning.firstAttempts());
    } else {
      out.printf(
          "The playbook learned into %s: run `./lifeline demo%s` again and the contract goes"
              + " straight to %s, which answered its last call.%n",
          file, storeOption, learning.by());
    }
    out.println(show);
  }

  private Outcome play(DemoFleet fleet, Scene scene, PrintWriter out, StateStore memory) {
    List<String> lines = new ArrayList<>();
    SelfHealingEngine.Builder builder = fleet.engine();
    if (scene.remembers()) {
      builder.stateStore(memory);
    }
    SelfHealingEngine engine =
        builder
            .random(new SplittableRandom(seed))
            .listener(
                new EngineListener() {
                  @Override
                  public void onAttempt(Attempt attempt) {
                    synchronized (lines) {
                      lines.add(describe(attempt));
                    }
                  }

                  @Override
                  public void onCircuitStateChanged(
                      dev.lifeline.model.Deployment deployment,
                      CircuitState from,
                      CircuitState to,
                      String reason) {
                    synchronized (lines) {
                      lines.add(
                          "circuit of "
                              + deployment.id()
                              + ": "
                              + from
                              + " → "
                              + to
                              + " ("
                              + reason
                              + ")");
                    }
                  }
                })
            .build();
    long start = System.nanoTime();
    int answered = 0;
    int attempts = 0;
    String by = "—";
    String firstBy = "—";
    int firstAttempts = 0;
    for (int i = 0; i < scene.calls(); i++) {
      if (scene.calls() > 1) {
        out.printf("   call %d:%n", i + 1);
      }
      try {
        ChatResponse response = engine.call(scene.request());
        printLines(out, lines, response.trace());
        answered++;
        attempts += response.trace().attemptCount();
        by = response.provider() + "/" + response.model();
        if (i == 0) {
          firstBy = by;
          firstAttempts = response.trace().attemptCount();
        }
        out.printf(
            "   ✔ %s/%s after %d attempt(s), %d ms: %s%n",
            response.provider(),
            response.model(),
            response.trace().attemptCount(),
            response.trace().elapsed().toMillis(),
            abbreviate(response.text()));
      } catch (LifelineException e) {
        printLines(out, lines, e.trace());
        attempts += e.trace().attemptCount();
        out.printf(
            "   ✘ %s after %d attempt(s), %d ms: %s%n",
            e.getClass().getSimpleName(),
            e.trace().attemptCount(),
            e.trace().elapsed().toMillis(),
            abbreviate(e.getMessage()));
      }
      out.flush();
    }
    if (scene.calls() > 1) {
      out.println("   what the engine now knows of each deployment:");
      engine.health().forEach(health -> out.println("     " + health));
    }
    return new Outcome(
        scene.title(),
        answered,
        scene.calls(),
        attempts,
        Duration.ofNanos(System.nanoTime() - start),
        by,
        firstBy,
        firstAttempts,
        scene.remembers());
  }

  private static void printLines(PrintWriter out, List<String> lines, CallTrace trace) {
    synchronized (lines) {
      lines.forEach(line -> out.println("   " + line));
      lines.clear();
    }
    trace.notes().forEach(note -> out.println("   routing: " + note));
  }

  private static List<Scene> scenes() {
    ChatRequest refund =
        ChatRequest.of("Process this customer refund request: order #1042 arrived damaged.");
    return List.of(
        new Scene("All healthy", fleet -> {}, refund),
        new Scene(
            "gpt-4o rate-limited once: 429 with Retry-After: 1",
            fleet ->
                fleet.openai().model("gpt-4o").enqueue(Fault.rateLimited(Duration.ofSeconds(1))),
            refund),
        new Scene(
            "gpt-4o overloaded: 503 on every try",
            fleet -> fleet.openai().model("gpt-4o").always(Fault.overloaded()),
            refund),
        new Scene(
            "OpenAI outage: Cloudflare 502 pages from every model",
            fleet -> fleet.openai().always(Fault.badGateway()),
            refund),
        new Scene(
            "OpenAI key revoked: 401",
            fleet -> fleet.openai().always(Fault.unauthorized()),
            refund),
        new Scene(
            "An 85k-token contract, 3 times: this gpt-4o deployment is capped below 128k (learned, on disk)",
            fleet -> fleet.openai().model("gpt-4o").always(Fault.contextLengthExceeded()),
            ChatRequest.of("Summarise this contract: " + "clause ".repeat(57_000)),
            3,
            true),
        new Scene(
            "Silent failure: gpt-4o answers 200 OK with a refusal",
            fleet -> fleet.openai().model("gpt-4o").always(Fault.refusal()),
            refund),
        new Scene(
            "Sustained OpenAI outage, 8 calls in a row: the circuit opens",
            fleet -> fleet.openai().always(Fault.serverError()),
            refund,
            8),
        new Scene(
            "Everything down: 500 / 529 / 503 from every provider",
            fleet -> {
              fleet.openai().always(Fault.serverError());
              fleet.anthropic().always(Fault.overloaded());
              fleet.deepseek().always(Fault.overloaded());
            },
            refund));
  }

  private static String describe(Attempt attempt) {
    String outcome =
        attempt.failure() == null
            ? (attempt.succeeded() ? "OK" : "abandoned")
            : attempt.failure().kind()
                + (attempt.failure().status() == 0 ? "" : " (" + attempt.failure().status() + ")");
    String verdicts =
        attempt.failedVerdicts().stream()
            .map(verdict -> verdict.validator() + ": " + verdict.reason())
            .reduce((a, b) -> a + "; " + b)
            .map(text -> "  {" + abbreviate(text) + "}")
            .orElse("");
    return String.format(
        "t=%5d ms  #%d %-34s wait %5d ms  %-30s → %s%s%s",
        attempt.start().toMillis(),
        attempt.number(),
        attempt.deployment().id(),
        attempt.waitBefore().toMillis(),
        outcome,
        attempt.decision(),
        attempt.reason().isEmpty() ? "" : "  [" + abbreviate(attempt.reason()) + "]",
        verdicts);
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() > 110 ? line.substring(0, 107) + "..." : line;
  }

  private static void printSummary(PrintWriter out, List<Outcome> outcomes) {
    out.println();
    out.println("Summary");
    // The first column is as wide as the longest title, so every row's numbers line up.
    int width = "situation".length();
    for (Outcome outcome : outcomes) {
      width = Math.max(width, outcome.title().length());
    }
    out.printf(
        "  %-" + width + "s %9s %8s %8s  %s%n",
        "situation",
        "answered",
        "attempts",
        "ms",
        "last answer by");
    int answered = 0;
    int calls = 0;
    int attempts = 0;
    for (Outcome outcome : outcomes) {
      answered += outcome.answered();
      calls += outcome.calls();
      attempts += outcome.attempts();
      out.printf(
          "  %-" + width + "s %4d / %-2d %8d %8d  %s%n",
          outcome.title(),
          outcome.answered(),
          outcome.calls(),
          outcome.attempts(),
          outcome.elapsed().toMillis(),
          outcome.by());
    }
    out.printf(
        "  %d of %d calls answered, %d attempts in all; a call that failed says why, with every attempt.%n",
        answered, calls, attempts);
  }
}
