package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeline chat}, as JSON or as a table, shows no 8-character piece of a key its providers
 * echo.
 */
class ChatSecretsTest {

  // The five shapes an audit found leaking: OpenAI (164), Anthropic, Gemini (39), Azure 32-hex, a
  // gateway token.
  private static final List<String> KEYS =
      List.of(
          "sk-proj-" + "Q7vXk2_mZp9-Lr4TnB8sWc1YhD6fJ3gE0aK5uV".repeat(4) + "x9Kq",
          "sk-ant-api03-" + "Hq3Zt8-Wn2Lp_Vx7Rk4Ms9Bc6Yd1Jf5Gu0".repeat(3) + "AA",
          "AIzaSyD4-kR7tQm2Zx9Lw_3Np8Vb6Hc1Jf5Gu0Ye",
          "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e",
          "Zq8Lm3Xv7Rk2Tn9Bw4Hc6Yd1Jf5Gu0Pa3Se7Wo2");

  @Test
  void chatOutputHoldsNoPieceOfAnEchoedKey(@TempDir Path dir) throws IOException {
    FakeFleet.Builder builder = FakeFleet.builder();
    for (int i = 0; i < KEYS.size(); i++) {
      builder.openAi("p" + i);
    }
    try (FakeFleet fleet = builder.build()) {
      fleet.start();
      StringBuilder config = new StringBuilder("providers:\n");
      for (int i = 0; i < KEYS.size(); i++) {
        String key = KEYS.get(i);
        fleet.server("p" + i).always(echo(key));
        config
            .append("  - name: p")
            .append(i)
            .append("\n    type: openai\n    baseUrl: ")
            .append(fleet.server("p" + i).baseUrl())
            .append("\n    apiKey: \"")
            .append(key)
            .append("\"\n    models: [m]\n");
      }
      Path file = dir.resolve("lifeline.yaml");
      Files.writeString(file, config + "retry: { maxAttempts: 1 }\n");

      CliRun json = CliRun.of("chat", "--config", file.toString(), "--json", "hello");
      CliRun table = CliRun.of("chat", "--config", file.toString(), "hello");

      assertThat(json.exitCode()).as(json.err()).isEqualTo(1);
      assertThat(json.json().get("message").asText())
          .contains("AUTHENTICATION")
          .contains("[REDACTED]");
      String shown = json.out() + json.err() + table.out() + table.err();
      for (String key : KEYS) {
        for (int i = 0; i + 8 <= key.length(); i++) {
          assertThat(shown)
              .as("a piece of %s...", key.substring(0, 4))
              .doesNotContain(key.substring(i, i + 8));
        }
      }
    }
  }

  /**
   * A 401 whose plain-text body echoes the key masked and with a piece cut at the 200-character
   * excerpt mark.
   */
  private static Fault echo(String key) {
    String head =
        "Incorrect API key provided: "
            + key.substring(0, 8)
            + "*".repeat(30)
            + key.substring(key.length() - 4)
            + ". ";
    String body = head + "x".repeat(200 - head.length() - key.length() / 2) + key + " is not valid";
    return Fault.status(
        401, body, Map.of("content-type", "text/plain", "x-request-id", "req_" + key));
  }
}
