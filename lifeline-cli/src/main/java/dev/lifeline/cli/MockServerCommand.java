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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline mock-server}: the testkit's fake provider fleet, for trying the CLI or an app
 * offline.
 */
@Command(
    name = "mock-server",
    mixinStandardHelpOptions = true,
    description = {
      "Starts fake LLM servers on loopback until stopped.",
      "By default openai, anthropic and gemini, each in its own wire format; prints their base URLs"
          + " and a matching configuration for 'lifeline chat'. --config FILE names the servers"
          + " and their faults (keys: name, format, port, faults, always):",
      "%n  servers:%n"
          + "    - { name: openai, format: openai, faults: [rateLimited, serverError],%n"
          + "        always: healthy }%n",
      "Formats: openai, anthropic, gemini. Faults: " + MockServerCommand.FAULT_NAMES + "."
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

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML file naming the servers and their faults.")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The first server's port, 1 to 65535; the next ones take the ports after it (default: free"
              + " ports). A server's own 'port' in --config wins.")
  Integer port;

  @Option(
      names = "--seconds",
      paramLabel = "N",
      description = "Stop after N seconds; 0, the default, runs until stopped.")
  long seconds;

  private record ServerSpec(
      String name, WireFormat format, int port, List<Fault> faults, Fault always) {}

  /** The keys a --config file may hold, by place. */
  private static final Set<String> ROOT_KEYS = Set.of("servers");

  private static final Set<String> SERVER_KEYS =
      Set.of("name", "format", "port", "faults", "always");

  /** A --config file that cannot be used; the message names the file and what is wrong. */
  private static final class BadConfig extends Exception {
    private static final long serialVersionUID = 1L;

    BadConfig(String message) {
      super(message);
    }
  }

  private int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("lifeline mock-server: " + message);
    err.flush();
    return 2;
  }

  @Override
  public Integer call() throws Exception {
    if (seconds < 0) {
      return fail("--seconds must be 0 (run until stopped) or more, was " + seconds);
    }
    if (port != null && (port < 1 || port > 65_535)) {
      return fail("--port must be in [1, 65535], was " + port);
    }
    List<ServerSpec> specs;
    try {
      specs = config == null ? defaults() : read(config);
    } catch (BadConfig e) {
      return fail(e.getMessage());
    }
    FakeFleet.Builder builder = FakeFleet.builder();
    for (int i = 0; i < specs.size(); i++) {
      ServerSpec server = specs.get(i);
      builder.server(server.name(), server.format());
      if (server.port() > 0) {
        builder.port(server.name(), server.port());
      } else if (port != null) {
        if (port + i > 65_535) {
          return fail("--port " + port + " leaves no port for server '" + server.name() + "'");
        }
        builder.port(server.name(), port + i);
      }
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (FakeFleet fleet = builder.build()) {
      try {
        fleet.start();
      } catch (UncheckedIOException e) {
        return fail(e.getMessage());
      }
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
        new ServerSpec("openai", WireFormat.OPENAI, 0, List.of(), null),
        new ServerSpec("anthropic", WireFormat.ANTHROPIC, 0, List.of(), null),
        new ServerSpec("gemini", WireFormat.GEMINI, 0, List.of(), null));
  }

  private List<ServerSpec> read(Path path) throws BadConfig {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    } catch (IOException e) {
      throw new BadConfig(path + ": " + e.getMessage());
    }
    if (root != null && root.isObject()) {
      unknownKeys(path, root, ROOT_KEYS, "");
    }
    JsonNode servers = root == null ? null : root.get("servers");
    if (servers == null || !servers.isArray() || servers.isEmpty()) {
      throw new BadConfig(path + ": needs a 'servers' list");
    }
    List<ServerSpec> specs = new ArrayList<>();
    for (JsonNode server : servers) {
      if (!server.isObject()) {
        throw new BadConfig(
            path + ": each server is an object, like { name: openai, format: openai }");
      }
      String name = server.path("name").asText("");
      if (name.isBlank()) {
        throw new BadConfig(path + ": every server needs a 'name'");
      }
      unknownKeys(path, server, SERVER_KEYS, "server '" + name + "': ");
      String format = server.path("format").asText("");
      WireFormat wire;
      try {
        wire = WireFormat.valueOf(format.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadConfig(
            path
                + ": server '"
                + name
                + "': format must be openai, anthropic or gemini, was '"
                + format
                + "'");
      }
      int serverPort = 0;
      if (server.has("port")) {
        JsonNode value = server.get("port");
        if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 65_535) {
          throw new BadConfig(
              path + ": server '" + name + "': port must be in [1, 65535], was " + value);
        }
        serverPort = value.asInt();
      }
      List<Fault> faults = new ArrayList<>();
      for (JsonNode fault : server.path("faults")) {
        faults.add(fault(path, name, fault.asText()));
      }
      Fault always = server.has("always") ? fault(path, name, server.get("always").asText()) : null;
      specs.add(new ServerSpec(name, wire, serverPort, faults, always));
    }
    return specs;
  }

  private static void unknownKeys(Path path, JsonNode node, Set<String> allowed, String where)
      throws BadConfig {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!allowed.contains(key)) {
        throw new BadConfig(
            path
                + ": "
                + where
                + "unknown key '"
                + key
                + "'; expected one of "
                + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static Fault fault(Path path, String server, String name) throws BadConfig {
    Supplier<Fault> fault = FAULTS.get(name.toLowerCase(Locale.ROOT));
    if (fault == null) {
      throw new BadConfig(
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
