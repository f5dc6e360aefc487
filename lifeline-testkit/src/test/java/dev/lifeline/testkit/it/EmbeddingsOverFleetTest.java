package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.BadRequestException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.Decision;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeFleetExtension;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Embeddings through the whole engine over real loopback HTTP: the fakes serve OpenAI's {@code
 * /v1/embeddings} and Gemini's {@code :embedContent} / {@code :batchEmbedContents}, and the cascade
 * retries, fails over and rejects vectors that do not fit.
 */
class EmbeddingsOverFleetTest {

  @RegisterExtension
  static final FakeFleetExtension FLEET =
      FakeFleetExtension.builder().openAi("primary").openAi("backup").gemini("gemini").build();

  private static final String SMALL = "text-embedding-3-small";
  private static final String GEMINI = "gemini-embedding-001";

  private static SelfHealingEngine engine(FakeFleet fleet) {
    Provider primary = fleet.server("primary").provider();
    Provider backup = fleet.server("backup").provider();
    Provider gemini = fleet.server("gemini").provider();
    return SelfHealingEngine.builder()
        .embeddings(
            EmbeddingLadder.builder()
                .deployment(primary, SMALL, 256)
                .deployment(backup, SMALL, 256)
                .deployment(gemini, GEMINI, 256)
                .build())
        .embeddings(EmbeddingLadder.builder().deployment(gemini, GEMINI, 768).build())
        .retryPolicy(
            RetryPolicy.builder()
                .baseDelay(Duration.ofMillis(5))
                .maxDelay(Duration.ofMillis(10))
                // A provider asking for longer is failed over at once rather than waited for.
                .maxRetryAfter(Duration.ofSeconds(2))
                .build())
        .build();
  }

  @Test
  void aHealthyOpenAiDeploymentAnswersOverHttpWithTheDimensionsAsked(FakeFleet fleet) {
    EmbeddingResponse response =
        engine(fleet).embed(EmbeddingRequest.of("refund policy", "shipping").withDimensions(256));

    assertThat(response.size()).isEqualTo(2);
    assertThat(response.dimensions()).isEqualTo(256);
    assertThat(response.provider()).isEqualTo("primary");
    assertThat(response.model()).isEqualTo(SMALL);
    assertThat(response.usage().promptTokens()).isPositive();
    assertThat(norm(response.vector(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    RecordedRequest sent = fleet.server("primary").requests().get(0);
    assertThat(sent.path()).isEqualTo("/v1/embeddings");
    JsonNode body = sent.json().orElseThrow();
    assertThat(body.get("model").asText()).isEqualTo(SMALL);
    assertThat(body.get("input")).hasSize(2);
    assertThat(body.get("dimensions").asInt()).isEqualTo(256);
    assertThat(sent.apiKey()).contains("sk-test-primary");
  }

  @Test
  void a429ingDeploymentFailsOverToTheEquivalentOne(FakeFleet fleet) {
    fleet.server("primary").always(Fault.rateLimited(Duration.ofSeconds(30)));

    EmbeddingResponse response =
        engine(fleet).embed(EmbeddingRequest.of("hello").withDimensions(256));

    assertThat(response.provider()).isEqualTo("backup");
    assertThat(response.trace().attempts().get(0).failure().kind())
        .isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(response.trace().attempts().get(0).failure().status()).isEqualTo(429);
    assertThat(response.trace().attempts()).extracting(Attempt::decision).endsWith(Decision.ACCEPT);
    assertThat(fleet.server("backup").requestCount()).isEqualTo(1);
  }

  @Test
  void aTwoHundredOfTheWrongDimensionIsRejectedAndFailedOver(FakeFleet fleet) {
    // A deployment that serves another model than declared: 1536 dimensions for a 256 ladder.
    fleet.server("primary").model(SMALL).embeddingDimensions(1536);

    EmbeddingResponse response =
        engine(fleet).embed(EmbeddingRequest.of("hello", "world").withDimensions(256));

    assertThat(response.provider()).isEqualTo("backup");
    assertThat(response.dimensions()).isEqualTo(256);
    Attempt first = response.trace().attempts().get(0);
    assertThat(first.deployment().provider()).isEqualTo("primary");
    assertThat(first.failure().kind()).isEqualTo(ErrorKind.VALIDATION_FAILED);
    assertThat(first.failure().message()).contains("not of 256 dimensions (first: 1536)");
  }

  @Test
  void aTwoHundredHoldingAnInfiniteValueIsRejectedAndFailedOver(FakeFleet fleet) {
    // 1e39 is valid JSON but no float: it reads as infinity.
    String overflow =
        "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
            + "[1e39"
            + ",0".repeat(255)
            + "]}],\"model\":\""
            + SMALL
            + "\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}";
    fleet.server("primary").always(Fault.status(200, overflow, Map.of()));

    EmbeddingResponse response = engine(fleet).embed(EmbeddingRequest.of("x").withDimensions(256));

    assertThat(response.provider()).isEqualTo("backup");
    Attempt first = response.trace().attempts().get(0);
    assertThat(first.failure().kind()).isEqualTo(ErrorKind.VALIDATION_FAILED);
    assertThat(first.failure().message())
        .contains("1 of 1 vectors hold a NaN or an infinite value");
  }

  @Test
  void geminiServesSingleAndBatchEmbeddingsAfterBothOpenAiDeploymentsFail(FakeFleet fleet) {
    fleet.server("primary").always(Fault.serverError());
    fleet.server("backup").always(Fault.overloaded());
    SelfHealingEngine engine = engine(fleet);

    EmbeddingResponse batch = engine.embed(EmbeddingRequest.of("a", "b").withDimensions(256));
    EmbeddingResponse single = engine.embed(EmbeddingRequest.of("a").withDimensions(768));

    assertThat(batch.provider()).isEqualTo("gemini");
    assertThat(batch.size()).isEqualTo(2);
    assertThat(single.dimensions()).isEqualTo(768);
    assertThat(single.vector(0)).isNotEqualTo(batch.vector(0)); // other dimensions
    assertThat(fleet.server("gemini").requests())
        .extracting(RecordedRequest::path)
        .containsExactly(
            "/v1beta/models/" + GEMINI + ":batchEmbedContents",
            "/v1beta/models/" + GEMINI + ":embedContent");
    JsonNode batchBody = fleet.server("gemini").requests().get(0).json().orElseThrow();
    assertThat(batchBody.at("/requests/1/content/parts/0/text").asText()).isEqualTo("b");
    assertThat(batchBody.at("/requests/0/outputDimensionality").asInt()).isEqualTo(256);
  }

  @Test
  void aRequestEveryDeploymentRefusesIsABadRequestNotAFailover(FakeFleet fleet) {
    fleet.server("primary").always(Fault.status(400));

    Throwable thrown =
        catchThrowable(() -> engine(fleet).embed(EmbeddingRequest.of("x").withDimensions(256)));

    assertThat(thrown).isInstanceOf(BadRequestException.class);
    assertThat(fleet.server("primary").requestCount()).isEqualTo(1);
    assertThat(fleet.server("backup").requestCount()).isZero();
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    return Math.sqrt(sum);
  }
}
