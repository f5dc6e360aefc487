package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health holds kept in the SQLite file hold no piece of eight or more characters of any configured
 * key.
 */
class StoredSecretsTest {

  // The five shapes an audit found leaking: OpenAI (164), Anthropic, Gemini (39), Azure 32-hex, a
  // gateway token.
  private static final List<String> KEYS =
      List.of(
          "sk-proj-" + "Q7vXk2_mZp9-Lr4TnB8sWc1YhD6fJ3gE0aK5uV".repeat(4) + "x9Kq",
          "sk-ant-api03-" + "Hq3Zt8-Wn2Lp_Vx7Rk4Ms9Bc6Yd1Jf5Gu0".repeat(3) + "AA",
          "AIzaSyD4-kR7tQm2Zx9Lw_3Np8Vb6Hc1Jf5Gu0Ye",
          "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e",
          "Zq8Lm3Xv7Rk2Tn9Bw4Hc6Yd1Jf5Gu0Pa3Se7Wo2");

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock();

  @Test
  void holdReasonsInTheFileHoldNoPieceOfAnyKey() throws IOException {
    Path file = dir.resolve("secrets.db");
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      SelfHealingEngine.Builder builder =
          SelfHealingEngine.builder().stateStore(store).ticker(clock).scheduler(clock);
      for (int i = 0; i < KEYS.size(); i++) {
        builder.provider(echoing("p" + i, KEYS.get(i)), "m");
      }
      SelfHealingEngine engine = builder.provider(answering(), "b").build();

      ChatResponse answer = engine.call(ChatRequest.of("q"));

      assertThat(answer.provider()).isEqualTo("beta");
      engine.close(); // drains the engine's write-behind queue into the file
      assertThat(store.all("health")).hasSize(KEYS.size());
    }

    String bytes = allBytes(dir);
    assertThat(bytes).contains("Incorrect API key provided");
    for (String key : KEYS) {
      for (int i = 0; i + 8 <= key.length(); i++) {
        assertThat(bytes)
            .as("a piece of %s...", key.substring(0, 4))
            .doesNotContain(key.substring(i, i + 8));
      }
    }
  }

  /**
   * A provider whose every answer is OpenAI's 401 echoing its key whole, cut at the 200 mark,
   * masked and in a header.
   */
  private static ScriptedProvider echoing(String name, String key) {
    String cut = ("x".repeat(200 - key.length() / 2) + key).substring(0, 200);
    String masked = key.substring(0, 8) + "*".repeat(30) + key.substring(key.length() - 4);
    String body =
        "{\"error\":{\"message\":\"Incorrect API key provided: "
            + key
            + " / "
            + masked
            + " / "
            + cut
            + "\u2026\",\"type\":\"invalid_request_error\",\"param\":null,"
            + "\"code\":\"invalid_api_key\"}}";
    return ScriptedProvider.builder(name)
        .apiKey(key)
        .build()
        .always(Fault.status(401, body, Map.of("x-request-id", cut)));
  }

  private static ScriptedProvider answering() {
    ScriptedProvider beta = ScriptedProvider.named("beta");
    beta.script().answerText("fine");
    return beta;
  }

  /** The database and any journal beside it, as text. */
  private static String allBytes(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path path : files.toList()) {
        all.append(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
