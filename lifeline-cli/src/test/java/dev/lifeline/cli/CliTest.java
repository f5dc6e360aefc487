package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ProviderType;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The command line as a user runs it: arguments in, text and an exit code out. */
class CliTest {

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void classifyAnswersForEveryProviderName(ProviderType provider) throws IOException {
    CliRun run =
        CliRun.of(
            "classify",
            "--provider",
            provider.wireName(),
            "--status",
            "429",
            "--header",
            "Retry-After: 7",
            "--body",
            "{\"error\":{\"message\":\"Rate limit reached. Please try again in 7s.\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("kind").asText()).isEqualTo("RATE_LIMITED");
    assertThat(json.get("remedy").asText()).isEqualTo("RETRY");
    assertThat(json.get("retryAfterMs").asLong()).isEqualTo(7_000);
    assertThat(json.get("message").asText()).contains("Rate limit reached");
  }

  @Test
  void classifyReadsABodyFile(@TempDir Path dir) throws IOException {
    Path body = dir.resolve("body.json");
    Files.writeString(
        body,
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

    CliRun run =
        CliRun.of(
            "classify",
            "--provider",
            "anthropic",
            "--status",
            "529",
            "--body-file",
            body.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("kind").asText()).isEqualTo("OVERLOADED");
    assertThat(run.json().get("then").asText()).isEqualTo("DEGRADE");
  }

  @Test
  void classifyNamesTheRemedyOfANonRetryableFailure() throws IOException {
    CliRun run =
        CliRun.of(
            "classify",
            "--provider",
            "openai",
            "--status",
            "401",
            "--body",
            "{\"error\":{\"message\":\"Invalid Authentication\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");

    assertThat(run.json().get("kind").asText()).isEqualTo("AUTHENTICATION");
    assertThat(run.json().get("remedy").asText()).isEqualTo("FAILOVER");
    assertThat(run.json().get("retryAfterMs").isNull()).isTrue();
  }

  @Test
  void classifySaysWhenAnAnswerIsASuccess() throws IOException {
    CliRun run =
        CliRun.of(
            "classify",
            "--provider",
            "openai",
            "--status",
            "200",
            "--body",
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}");

    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("kind").isNull()).isTrue();
  }

  @Test
  void unusableInputExitsWithTwoAndAClearMessage() {
    CliRun unknownProvider = CliRun.of("classify", "--provider", "acme", "--status", "500");
    CliRun badStatus = CliRun.of("classify", "--provider", "openai", "--status", "700");
    CliRun badHeader =
        CliRun.of("classify", "--provider", "openai", "--status", "500", "--header", "no-colon");
    CliRun both =
        CliRun.of(
            "classify",
            "--provider",
            "openai",
            "--status",
            "500",
            "--body",
            "x",
            "--body-file",
            "y");
    CliRun missingFile =
        CliRun.of(
            "classify",
            "--provider",
            "openai",
            "--status",
            "500",
            "--body-file",
            "/nonexistent/body.json");

    assertThat(unknownProvider.exitCode()).isEqualTo(2);
    assertThat(unknownProvider.err()).contains("unknown provider 'acme'").contains("openai, azure");
    assertThat(badStatus.exitCode()).isEqualTo(2);
    assertThat(badStatus.err()).contains("--status must be in [100, 599], was 700");
    assertThat(badHeader.exitCode()).isEqualTo(2);
    assertThat(badHeader.err()).contains("'Name: value'");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.err()).contains("cannot read --body-file");
  }

  @Test
  void demoRunsOfflineOverHttpAndShowsEveryLayerOfTheCascade(@TempDir Path dir) {
    String store = dir.resolve("playbook.db").toString();
    CliRun run = CliRun.of("demo", "--store", store);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("http://127.0.0.1:")
        .contains("RATE_LIMITED (429)")
        .contains("provider's wait")
        .contains("→ DEGRADE")
        .contains("→ FAILOVER")
        .contains("AUTHENTICATION (401)")
        .contains("VALIDATION_FAILED")
        .contains("circuit of openai/gpt-4o: CLOSED → OPEN")
        .contains("skipped openai/gpt-4o: circuit open")
        .contains("AllAttemptsFailedException after 9 attempt(s)")
        .contains("17 of 18 calls answered")
        .contains("The playbook learned into " + store);
    // The hints name the store given, and the deployment that actually answered the contract.
    String answeredContract = summaryRow(run.out(), "contract, 3 times");
    assertThat(run.out())
        .contains("run `./lifeline demo --store " + store + "` again")
        .contains("goes straight to " + answeredContract + ", which answered its last call")
        .contains("`./lifeline playbook show --store " + store + "`");
    // Every summary row's numbers start at the same column, whatever the length of its title.
    assertThat(
            run.out()
                .lines()
                .dropWhile(line -> !line.equals("Summary"))
                .skip(2)
                .takeWhile(line -> !line.contains("calls answered"))
                .map(line -> line.lastIndexOf(" / "))
                .distinct())
        .hasSize(1);

    // A second run starts from what the first learned: the contract goes straight to a model that
    // holds it.
    CliRun again = CliRun.of("demo", "--store", store);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("routing: tried openai/gpt-4o later: learned from ")
        .contains("CONTEXT_LENGTH_EXCEEDED failures")
        .contains("was learned by an earlier run")
        .contains(
            "the contract's first call went to " + summaryRow(again.out(), "contract, 3 times"));
    assertThat(attemptsOfContractScene(again.out())).isLessThan(attemptsOfContractScene(run.out()));

    CliRun show = CliRun.of("playbook", "show", "--store", store);
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("openai/gpt-4o")
        .contains("CONTEXT_LENGTH_EXCEEDED")
        .contains("anthropic/");
    // The table's columns line up under their headers.
    java.util.List<String> table =
        show.out().lines().dropWhile(line -> !line.contains("deployment")).toList();
    assertThat(table.get(1).indexOf("CONTEXT_LENGTH_EXCEEDED"))
        .isEqualTo(table.get(0).indexOf("failure"));
    assertThat(table.get(1).indexOf("anthropic/"))
        .isEqualTo(table.get(0).indexOf("answered instead"));
    CliRun clear = CliRun.of("playbook", "clear", "--store", store);
    assertThat(clear.out()).startsWith("cleared ");
    assertThat(CliRun.of("playbook", "show", "--store", store).out()).contains(": 0 signatures");
    assertThat(
            CliRun.of("playbook", "show", "--store", dir.resolve("absent.db").toString())
                .exitCode())
        .isEqualTo(2);
  }

  /** The "last answer by" column of the summary row of the scene titled with {@code title}. */
  private static String summaryRow(String out, String title) {
    String row =
        out.lines()
            .filter(line -> line.contains(title) && line.contains(" / "))
            .findFirst()
            .orElseThrow();
    String[] columns = row.substring(row.indexOf(" / ") + 3).trim().split("\\s+", 4);
    return columns[3].strip();
  }

  /** The attempts column of the contract scene's summary row. */
  private static int attemptsOfContractScene(String out) {
    String row =
        out.lines()
            .filter(line -> line.contains("contract, 3 times") && line.contains(" / "))
            .findFirst()
            .orElseThrow();
    String[] columns = row.substring(row.indexOf(" / ") + 3).trim().split("\\s+");
    return Integer.parseInt(columns[1]);
  }

  @Test
  void chatRunsOneCallThroughTheConfiguredCascadeOverHttp(@TempDir Path dir) throws IOException {
    try (FakeFleet fleet = FakeFleet.builder().openAi("primary").anthropic("backup").build()) {
      fleet.start();
      fleet.server("primary").always(Fault.serverError());
      Path config = writeConfig(dir, fleet);

      CliRun run =
          CliRun.of("chat", "--config", config.toString(), "--json", "Process", "this", "refund");

      assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
      JsonNode json = run.json();
      assertThat(json.get("text").asText()).isEqualTo("Answer to: Process this refund");
      assertThat(json.get("provider").asText()).isEqualTo("backup");
      JsonNode trace = json.get("trace");
      assertThat(trace).hasSize(4);
      assertThat(trace.get(0).get("kind").asText()).isEqualTo("SERVER_ERROR");
      assertThat(trace.get(0).get("status").asInt()).isEqualTo(500);
      assertThat(trace.get(2).get("decision").asText()).isEqualTo("FAILOVER");
      assertThat(trace.get(3).get("kind").isNull()).isTrue();
      assertThat(trace.get(3).get("decision").asText()).isEqualTo("ACCEPT");
      assertThat(fleet.server("backup").requests())
          .singleElement()
          .satisfies(
              request -> assertThat(request.header("x-api-key")).contains("sk-ant-cli-test"));
    }
  }

  @Test
  void chatExitsWithOneAndTheTraceWhenEveryAttemptFails(@TempDir Path dir) throws IOException {
    try (FakeFleet fleet = FakeFleet.builder().openAi("primary").anthropic("backup").build()) {
      fleet.start();
      fleet.server("primary").always(Fault.unauthorized());
      fleet.server("backup").always(Fault.badRequest());
      Path config = writeConfig(dir, fleet);

      CliRun run = CliRun.of("chat", "--config", config.toString(), "--json", "hello");

      assertThat(run.exitCode()).isEqualTo(1);
      JsonNode json = run.json();
      assertThat(json.get("error").asText()).isEqualTo("BAD_REQUEST");
      assertThat(json.get("trace")).hasSize(2);
      assertThat(run.out()).doesNotContain("sk-openai-cli-test").doesNotContain("sk-ant-cli-test");
    }
  }

  @Test
  void chatNamesTheLineOfABadConfiguration(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "providers:\n  - type: openai\n    modles: [gpt-4o]\n");

    CliRun run = CliRun.of("chat", "--config", config.toString(), "hello");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 3").contains("unknown key 'modles'");
  }

  @Test
  void aBadConfigurationPrintsItsLineWithoutTheUsage(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "providers:\n  - type: openai\n    modles: [gpt-4o]\n");

    CliRun run = CliRun.of("chat", "--config", config.toString(), "hello");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1).first().asString().contains("line 3");
    assertThat(run.err()).doesNotContain("Usage:");
  }

  @Test
  void aMissingPromptFileIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("any.yaml");
    Files.writeString(config, "providers: []\n");

    CliRun run = CliRun.of("chat", "--config", config.toString(), "@" + dir.resolve("missing.txt"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such prompt file").contains("missing.txt");
  }

  @Test
  void aPromptFileIsSentAsItsText(@TempDir Path dir) throws IOException {
    try (FakeFleet fleet = FakeFleet.builder().openAi("primary").anthropic("backup").build()) {
      fleet.start();
      Path config = writeConfig(dir, fleet);
      Path prompt = dir.resolve("prompt.txt");
      Files.writeString(prompt, "Refund order 1042?");

      CliRun run = CliRun.of("chat", "--config", config.toString(), "--json", "@" + prompt);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.json().get("text").asText()).isEqualTo("Answer to: Refund order 1042?");
    }
  }

  @Test
  void theHelpOfChatSaysHowToPassAPromptFileOrStandardInput() {
    CliRun run = CliRun.of("chat", "--help");

    assertThat(run.out()).contains("@FILE").contains("standard input");
  }

  @Test
  void mockServerRefusesANegativeNumberOfSeconds() {
    CliRun run = CliRun.of("mock-server", "--seconds", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--seconds must be 0 (run until stopped) or more, was -1");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void mockServerPrintsItsBaseUrlsAndAConfiguration(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("mock.yaml");
    Files.writeString(
        config,
        "servers:\n  - { name: flaky, format: openai, faults: [rateLimited, serverError] }\n");

    CliRun run = CliRun.of("mock-server", "--config", config.toString(), "--seconds", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("flaky").contains("http://127.0.0.1:").contains("type: openai");
    CliRun bad =
        CliRun.of(
            "mock-server",
            "--config",
            writeText(
                dir, "m2.yaml", "servers:\n  - { name: x, format: openai, always: explode }\n"),
            "--seconds",
            "1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown fault 'explode'");
  }

  private static String writeText(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  private static Path writeConfig(Path dir, FakeFleet fleet) throws IOException {
    Path config = dir.resolve("lifeline.yaml");
    Files.writeString(
        config,
        "providers:\n"
            + "  - name: primary\n    type: openai\n    baseUrl: "
            + fleet.server("primary").baseUrl()
            + "\n"
            + "    apiKey: sk-openai-cli-test\n    models: [gpt-4o]\n"
            + "  - name: backup\n    type: anthropic\n    baseUrl: "
            + fleet.server("backup").baseUrl()
            + "\n"
            + "    apiKey: sk-ant-cli-test\n    models: [claude-sonnet-4-20250514]\n"
            + "retry: { baseDelay: 10ms, maxDelay: 20ms }\n");
    return config;
  }

  @Test
  void demoIsReproducibleInItsDecisions() {
    String first =
        CliRun.of("demo", "--seed", "3", "--no-store")
            .out()
            .replaceAll("\\d+ ms", "N ms")
            .replaceAll("127\\.0\\.0\\.1:\\d+", "PORT")
            .replaceAll("\\d\\d:\\d\\d:\\d\\dZ", "T");
    assertThat(first).contains("→ DEGRADE");
  }
}
