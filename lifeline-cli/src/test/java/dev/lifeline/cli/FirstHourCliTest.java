package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.bench.chaos.Scenario;
import dev.lifeline.bench.chaos.Strategies;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snags of a user's first hour with the command line, each one pinned down. */
class FirstHourCliTest {

  private static final List<String> COMMANDS =
      List.of("chat", "classify", "demo", "mock-server", "playbook", "simulate");

  @Test
  void theCommandListGivesEachCommandAWholeSentence() {
    String help = CliRun.of("--help").out();

    for (String command : COMMANDS) {
      String summary =
          help.substring(help.indexOf("\n  " + command + " ") + command.length() + 3)
              .lines()
              .findFirst()
              .orElseThrow()
              .strip();
      // A summary cut mid-sentence wraps onto a continuation line or ends without a full stop.
      String next =
          help.lines()
              .dropWhile(line -> !line.startsWith("  " + command + " "))
              .skip(1)
              .findFirst()
              .orElse("");
      assertThat(summary + " " + next.strip()).as(command).containsPattern("\\.( |$)");
    }
  }

  @Test
  void noHelpSaysDefaultNull() {
    for (String command : COMMANDS) {
      assertThat(CliRun.of(command, "--help").out()).as(command).doesNotContain("null");
    }
  }

  @Test
  void simulateHelpListsEveryShippedScenarioAndEveryStrategy() {
    String help = CliRun.of("simulate", "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains(Scenario.SHIPPED).contains(Strategies.names());
  }

  @Test
  void chatHelpSaysHowToPassAFileOrStandardInput() {
    String help = CliRun.of("chat", "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("@FILE").contains("standard input with -");
  }

  @Test
  void classifyPrintsTheStatusOfASuccessToo() throws IOException {
    CliRun run =
        CliRun.of(
            "classify",
            "--provider",
            "openai",
            "--status",
            "200",
            "--body",
            "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("status").asInt()).isEqualTo(200);
    assertThat(run.json().has("providerCode")).isTrue();
  }

  @Test
  void aReportIntoAMissingFolderFailsBeforeTheRun(@TempDir Path dir) {
    Path report = dir.resolve("missing").resolve("report.html");

    CliRun run = CliRun.of("simulate", "--scenario", "brownout", "--report", report.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such folder " + dir.resolve("missing"));
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("Usage:");
    assertThat(run.out()).isEmpty(); // nothing ran
  }

  @Test
  void demoRefusesAStoreInAMissingFolderAndCreatesNone(@TempDir Path dir) {
    Path store = dir.resolve("no").resolve("such").resolve("playbook.db");

    CliRun run = CliRun.of("demo", "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such folder " + dir.resolve("no").resolve("such"));
    assertThat(run.out()).isEmpty();
    assertThat(dir.resolve("no")).doesNotExist();
  }

  @Test
  void mockServerRejectsAnUnknownKeyWithoutTheUsage(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("servers.yaml");
    Files.writeString(config, "servers:\n  - { name: a, format: openai, faultz: [hang] }\n");

    CliRun run = CliRun.of("mock-server", "--config", config.toString(), "--seconds", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("server 'a': unknown key 'faultz'")
        .contains("always, faults, format, name, port")
        .doesNotContain("Usage:");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void mockServerListensOnThePortGiven() throws IOException {
    int port = 0;
    CliRun run = null;
    // The fleet takes the port given and the two after it. Ports the kernel hands out for
    // outgoing connections (32768 and up on Linux) come and go under a loaded build, so look
    // below them for three free in a row, and try again if one was taken before the server bound.
    for (int tries = 0; tries < 5 && (run == null || run.exitCode() != 0); tries++) {
      port = threeFreePortsFrom(20_000 + ThreadLocalRandom.current().nextInt(10_000));
      run = CliRun.of("mock-server", "--port", Integer.toString(port), "--seconds", "1");
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("http://127.0.0.1:" + port + "/v1");
    assertThat(CliRun.of("mock-server", "--port", "70000", "--seconds", "1").err())
        .contains("--port must be in [1, 65535], was 70000");
  }

  @Test
  void aConfigurationValueOutOfRangeNamesItsLineWithoutTheUsage(@TempDir Path dir)
      throws IOException {
    Path config = dir.resolve("lifeline.yaml");
    Files.writeString(
        config,
        "providers:\n"
            + "  - { name: openai, type: openai, apiKey: sk-x, models: [gpt-4o] }\n"
            + "retry:\n"
            + "  maxAttempts: -1\n");

    CliRun run = CliRun.of("chat", "--config", config.toString(), "hello");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(config + " line 4, column 3: ")
        .contains("maxAttempts must be in [1, 100], was -1")
        .doesNotContain("Usage:");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void aRefusedConnectionNamesTheUrl(@TempDir Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("lifeline.yaml");
    Files.writeString(
        config,
        "providers:\n  - { name: local, type: openai, baseUrl: \"http://127.0.0.1:"
            + port
            + "/v1\", apiKey: sk-x, models: [gpt-4o] }\n");

    CliRun run = CliRun.of("chat", "--config", config.toString(), "hello");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("cannot connect to http://127.0.0.1:" + port + "/v1");
  }

  /** The first port from {@code start} such that it and the next two can be bound now. */
  private static int threeFreePortsFrom(int start) throws IOException {
    for (int port = start; port < start + 1_000; port++) {
      if (free(port) && free(port + 1) && free(port + 2)) {
        return port;
      }
    }
    throw new IOException("no three free ports in a row from " + start);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
