package dev.lifeline.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.config.ConfigException;
import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.LoopbackServer;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The configuration file's {@code embeddings} section: ladders of equivalent deployments over the
 * file's providers, failover within a ladder only, and every bad value named by its path and line.
 */
class EmbeddingConfigTest {

  private static final Function<String, String> ENV = Map.of("KEY", "sk-test")::get;

  private static final String FILE =
      """
      providers:
        - { name: openai, type: openai, baseUrl: "PRIMARY", apiKey: "${KEY}", models: [gpt-4o-mini] }
        - { name: azure, type: openai, baseUrl: "SECONDARY", apiKey: "${KEY}" }
        - { name: local, type: openai, baseUrl: "OTHER", apiKey: "${KEY}" }
      retry: { maxAttempts: 1 }
      embeddings:
        - name: small
          dimensions: 2
          deployments:
            - { provider: openai, model: text-embedding-3-small }
            - { provider: azure, model: embed-small }
        - deployments:
            - { provider: local, model: nomic-embed, dimensions: 3 }
      """;

  private static String file(String primary, String secondary, String other) {
    return FILE.replace("PRIMARY", primary).replace("SECONDARY", secondary).replace("OTHER", other);
  }

  private static final String OFFLINE =
      file("http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1");

  private static SelfHealingEngine.Builder builder(String text) {
    return SelfHealingEngine.builderFromConfigText("lifeline.yaml", text, ENV);
  }

  private static String vectors(int dimensions, int count) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < count; i++) {
      data.append(i == 0 ? "" : ",")
          .append("{\"index\":")
          .append(i)
          .append(",\"embedding\":[")
          .append("0.5,".repeat(dimensions - 1))
          .append("0.5]}");
    }
    return "{\"data\":[" + data + "],\"model\":\"m\",\"usage\":{\"prompt_tokens\":3}}";
  }

  @Test
  void laddersAreReadInOrderWithTheirDimensionsOverTheFilesProviders() {
    try (SelfHealingEngine engine = builder(OFFLINE).build()) {
      assertThat(engine.embeddingLadders())
          .extracting(EmbeddingLadder::dimensions)
          .containsExactly(2, 3);
      assertThat(engine.embeddingLadders().get(0).deployments())
          .extracting(Deployment::id)
          .containsExactly("openai/text-embedding-3-small", "azure/embed-small");
    }
  }

  @Test
  void aFailingDeploymentFailsOverWithinItsLadderNeverToAnotherDimension() {
    try (LoopbackServer primary = LoopbackServer.start();
        LoopbackServer secondary = LoopbackServer.start();
        LoopbackServer other = LoopbackServer.start();
        SelfHealingEngine engine =
            builder(
                    file(
                        primary.baseUrl() + "/v1",
                        secondary.baseUrl() + "/v1",
                        other.baseUrl() + "/v1"))
                .build()) {
      primary.respondJson(503, "{\"error\":{\"message\":\"overloaded\"}}");
      secondary.respondJson(200, vectors(2, 1));

      EmbeddingResponse answer = engine.embed(EmbeddingRequest.of("refund policy"));

      assertThat(answer.provider()).isEqualTo("azure");
      assertThat(answer.dimensions()).isEqualTo(2);
      assertThat(primary.requestCount()).isEqualTo(1);

      // Both of the ladder down: the call fails rather than answer from the 3-dimension ladder.
      primary.respondJson(503, "{\"error\":{\"message\":\"overloaded\"}}");
      secondary.respondJson(503, "{\"error\":{\"message\":\"overloaded\"}}");
      assertThatThrownBy(() -> engine.embed(EmbeddingRequest.of("again")))
          .isInstanceOf(LifelineException.class);
      assertThat(other.requestCount()).isZero();
    }
  }

  @Test
  void badValuesAreTypedErrorsNamingTheirPath() {
    assertThatThrownBy(() -> builder(OFFLINE.replace("provider: openai,", "provider: opnai,")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 10")
        .hasMessageContaining("embeddings[0].deployments[0]")
        .hasMessageContaining(
            "provider 'opnai' is none of the file's providers [openai, azure, local]");
    assertThatThrownBy(() -> builder(OFFLINE.replace("dimensions: 2\n    ", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embeddings[0].deployments[0]")
        .hasMessageContaining("no 'dimensions' for openai/text-embedding-3-small");
    assertThatThrownBy(
            () ->
                builder(
                    OFFLINE.replace("model: embed-small }", "model: embed-small, dimensions: 3 }")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embeddings[0].deployments")
        .hasMessageContaining("mixes dimensions");
    assertThatThrownBy(() -> builder(OFFLINE.replace("dimensions: 3", "dimensions: 2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embeddings[1]")
        .hasMessageContaining("an embedding ladder of 2 dimensions is already there");
    assertThatThrownBy(() -> builder(OFFLINE.replace("dimensions: 3", "dimensions: 0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embeddings[1].deployments[0]")
        .hasMessageContaining("must be >= 1, was 0");
    assertThatThrownBy(() -> builder(OFFLINE.replace("model: nomic-embed, ", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embeddings[1].deployments[0]")
        .hasMessageContaining("needs a 'model'");
    assertThatThrownBy(
            () ->
                builder(
                    OFFLINE.replace("name: local, type: openai", "name: local, type: anthropic")))
        .hasMessageContaining("has no embeddings API");
    assertThatThrownBy(() -> builder(OFFLINE.replace("dimensions: 2", "dimension: 2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "unknown key 'dimension'; expected one of deployments, dimensions, name");
    // A provider without models that no ladder uses is still an error.
    assertThatThrownBy(() -> builder(OFFLINE.replace("provider: local,", "provider: openai,")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("provider #3 'local' needs 'models'");
  }
}
