package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.provider.ProviderType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** The command line as a user runs it: arguments in, text and an exit code out. */
class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exitCode, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LifelineCommand.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void classifyAnswersForEveryProviderName(ProviderType provider) throws IOException {
    Run run =
        run(
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
    Files.writeString(body, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

    Run run = run("classify", "--provider", "anthropic", "--status", "529", "--body-file", body.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("kind").asText()).isEqualTo("OVERLOADED");
    assertThat(run.json().get("then").asText()).isEqualTo("DEGRADE");
  }

  @Test
  void classifyNamesTheRemedyOfANonRetryableFailure() throws IOException {
    Run run =
        run("classify", "--provider", "openai", "--status", "401", "--body",
            "{\"error\":{\"message\":\"Invalid Authentication\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");

    assertThat(run.json().get("kind").asText()).isEqualTo("AUTHENTICATION");
    assertThat(run.json().get("remedy").asText()).isEqualTo("FAILOVER");
    assertThat(run.json().get("retryAfterMs").isNull()).isTrue();
  }

  @Test
  void classifySaysWhenAnAnswerIsASuccess() throws IOException {
    Run run =
        run("classify", "--provider", "openai", "--status", "200", "--body",
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}");

    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("kind").isNull()).isTrue();
  }

  @Test
  void unusableInputExitsWithTwoAndAClearMessage() {
    Run unknownProvider = run("classify", "--provider", "acme", "--status", "500");
    Run badStatus = run("classify", "--provider", "openai", "--status", "700");
    Run badHeader = run("classify", "--provider", "openai", "--status", "500", "--header", "no-colon");
    Run both = run("classify", "--provider", "openai", "--status", "500", "--body", "x", "--body-file", "y");
    Run missingFile = run("classify", "--provider", "openai", "--status", "500", "--body-file", "/nonexistent/body.json");

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
  void demoRunsOfflineAndShowsEveryLayerOfTheCascade() {
    Run run = run("demo");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("RATE_LIMITED (429)")
        .contains("provider's wait")
        .contains("→ DEGRADE")
        .contains("→ FAILOVER")
        .contains("→ LARGER_CONTEXT")
        .contains("AUTHENTICATION (401)")
        .contains("AllAttemptsFailedException after 9 attempt(s)")
        .contains("6 of 7 calls answered");
  }

  @Test
  void demoIsReproducibleForASeed() {
    assertThat(run("demo", "--seed", "3").out()).isEqualTo(run("demo", "--seed", "3").out());
  }
}
