package dev.lifeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline mock-server}: the testkit's fake provider fleet, for trying the CLI or an app
 * offline.
 */
@Command(
    name = "mock-server",
    mixinStandardHelpOptions = true,
    description = {
      "Starts fake LLM servers on loopback (by default openai, anthropic and gemini, each in its own",
      "wire format), prints their base URLs and a matching configuration for 'lifeline chat', and",
      "serves until stopped. --config FILE names the servers and their faults:",
      "  servers:",
      "    - { name: openai, format: openai, faults: [rateLimited, serverError], always: healthy }",
      "Faults: " + MockServerCommand.FAULT_NAMES
    })
final class MockServerCommand implements Callable<Integer> {

  static final String FAULT_NAMES =
      "healthy, rateLimited, overloaded, serverError, badGateway, unauthorized, quotaExhausted,"
          + " contextLengthExceeded, modelNotFound, badRequest, hang, resetConnection, closeMidBody,"
          + " refusal, emptyAnswer, truncated, malformedJson, contentFiltered";

  private static final Map<String, Supplier<Fault>> FAULTS =
      Map.ofEntries(
          Map.entry("healthy", Fault::healthy),
          Map.entry("ratelimited", Fault::rateLimited),
          Map.entry("overloaded", Fault::overloaded),
          Map.entry("servererror", Fault::serverError),
          Map.entry("badgateway", Fault::badGateway),
          Map.entry("unauthorized", Fault::unauthorized),
          Map.entry("quotaexhausted", Fault::quotaExhausted),
          Map.entry("contextlengthexceeded", Fault::contextLengthExceeded),
          Map.entry("modelnotfound", Fault::modelNotFound),
          Map.entry("badrequest", Fault::badRequest),
          Map.entry("hang", Fault::hang),
          Map.entry("resetconnection", Fault::resetConnection),
          Map.entry("closemidbody", Fault::closeMidBody),
          Map.entry("refusal", Fault::refusal),
          Map.entry("emptyanswer", Fault::emptyAnswer),
          Map.entry("truncated", Fault::truncated),
          Map.entry("malformedjson", Fault::malformedJson),
          Map.entry("contentfiltered", Fault::contentFiltered));

  @Spec CommandSpec spec;

  @Option(names = "--config", description = "A YAML file naming the servers and their faults.")
  Path config;

  @Option(
      names = "--seconds",
      paramLabel = "N",
      description = "Stop after N seconds; 0, the default, runs until stopped.")
  long seconds;

  private record ServerSpec(String name, WireFormat format, List<Fault> faults, Fault always) {}

  @Override
  public Integer call() throws Exception {
    if (seconds < 0) {
      spec.commandLine()
          .getErr()
          .println(
              "lifeline mock-server: --seconds must be 0 (run until stopped) or more, was "
                  + seconds);
      spec.commandLine().getErr().flush();
      return 2;
    }
    List<ServerSpec> specs = config == null ? defaults() : read(config);
    FakeFleet.Builder builder = FakeFleet.builder();
    specs.forEach(server -> builder.server(server.name(), server.format()));
    CountDownLatch stop = new CountDownLatch(1);
    try (FakeFleet fleet = builder.build()) {
      fleet.start();
      for (ServerSpec server : specs) {
        FakeLlmServer running = fleet.server(server.name());
        if (!server.faults().isEmpty()) {
          running.enqueue(server.faults().toArray(Fault[]::new));
        }
        if (server.always() != null) {
          running.always(server.always());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      for (ServerSpec server : specs) {
        out.printf(
            "%-12s %-10s %s%n",
            server.name(),
            server.format().name().toLowerCase(Locale.ROOT),
            fleet.server(server.name()).baseUrl());
      }
      out.println();
      out.println("# a configuration for: lifeline chat --config FILE \"your prompt\"");
      out.println("providers:");
      for (ServerSpec server : specs) {
        out.printf(
            "  - { name: %s, type: %s, baseUrl: \"%s\", apiKey: sk-mock-key, models: [%s] }%n",
            server.name(),
            type(server.format()),
            fleet.server(server.name()).baseUrl(),
            model(server.format()));
      }
      out.flush();
      Thread hook = new Thread(stop::countDown, "lifeline-mock-server-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      if (seconds > 0) {
        stop.await(seconds, TimeUnit.SECONDS);
      } else {
        stop.await();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping: the hook ran
      }
    }
    return 0;
  }

  private static List<ServerSpec> defaults() {
    return List.of(
        new ServerSpec("openai", WireFormat.OPENAI, List.of(), null),
        new ServerSpec("anthropic", WireFormat.ANTHROPIC, List.of(), null),
        new ServerSpec("gemini", WireFormat.GEMINI, List.of(), null));
  }

  private List<ServerSpec> read(Path path) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), path + ": " + e.getMessage());
    }
    JsonNode servers = root == null ? null : root.get("servers");
    if (servers == null || !servers.isArray() || servers.isEmpty()) {
      throw new ParameterException(spec.commandLine(), path + ": needs a 'servers' list");
    }
    List<ServerSpec> specs = new ArrayList<>();
    for (JsonNode server : servers) {
      String name = server.path("name").asText("");
      String format = server.path("format").asText("");
      if (name.isBlank()) {
        throw new ParameterException(spec.commandLine(), path + ": every server needs a 'name'");
      }
      WireFormat wire;
      try {
        wire = WireFormat.valueOf(format.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            path
                + ": server '"
                + name
                + "': format must be openai, anthropic or gemini, was '"
                + format
                + "'");
      }
      List<Fault> faults = new ArrayList<>();
      for (JsonNode fault : server.path("faults")) {
        faults.add(fault(path, name, fault.asText()));
      }
      Fault always = server.has("always") ? fault(path, name, server.get("always").asText()) : null;
      specs.add(new ServerSpec(name, wire, faults, always));
    }
    return specs;
  }

  private Fault fault(Path path, String server, String name) {
    Supplier<Fault> fault = FAULTS.get(name.toLowerCase(Locale.ROOT));
    if (fault == null) {
      throw new ParameterException(
          spec.commandLine(),
          path
              + ": server '"
              + server
              + "': unknown fault '"
              + name
              + "'; expected one of "
              + FAULT_NAMES);
    }
    return fault.get();
  }

  private static String type(WireFormat format) {
    return format.name().toLowerCase(Locale.ROOT);
  }

  private static String model(WireFormat format) {
    return switch (format) {
      case OPENAI -> "gpt-4o";
      case ANTHROPIC -> "claude-sonnet-4-20250514";
      case GEMINI -> "gemini-2.5-flash";
    };
  }
}
