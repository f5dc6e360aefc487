package dev.lifeline.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.RawResponse;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gemini's embeddings wire: one input goes to :embedContent, several to :batchEmbedContents. */
class GeminiEmbeddingWireTest {
  private static final URI BASE = URI.create("https://example.test");

  @Test
  void oneInputIsAnEmbedContentCall() throws Exception {
    EmbeddingRequest request = EmbeddingRequest.of("hello").withDimensions(768);
    GeminiEmbeddingWire wire = GeminiEmbeddingWire.of(request);
    JsonNode body = new ObjectMapper().readTree(wire.body(request, "gemini-embedding-001"));

    assertThat(wire.endpoint(BASE, "gemini-embedding-001"))
        .hasToString("https://example.test/v1beta/models/gemini-embedding-001:embedContent");
    assertThat(body.at("/content/parts/0/text").asText()).isEqualTo("hello");
    assertThat(body.get("outputDimensionality").asInt()).isEqualTo(768);
  }

  @Test
  void severalInputsAreABatchNamingTheModelInEachRequest() throws Exception {
    EmbeddingRequest request = EmbeddingRequest.of("a", "b");
    GeminiEmbeddingWire wire = GeminiEmbeddingWire.of(request);
    JsonNode body = new ObjectMapper().readTree(wire.body(request, "text-embedding-004"));

    assertThat(wire.endpoint(BASE, "text-embedding-004").toString())
        .endsWith("/models/text-embedding-004:batchEmbedContents");
    assertThat(body.get("requests")).hasSize(2);
    assertThat(body.at("/requests/1/model").asText()).isEqualTo("models/text-embedding-004");
    assertThat(body.at("/requests/1/content/parts/0/text").asText()).isEqualTo("b");
    assertThat(body.at("/requests/0").has("outputDimensionality")).isFalse();
    assertThatThrownBy(() -> wire.endpoint(BASE, "../secrets"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bothAnswerShapesAreReadAndAnythingElseIsAnInvalidResponse() {
    GeminiEmbeddingWire wire = GeminiEmbeddingWire.of(EmbeddingRequest.of("a"));
    EmbeddingResponse single =
        wire.parse(
            RawResponse.of(200, Map.of(), "{\"embedding\":{\"values\":[0.6,0.8]}}"),
            "gemini",
            "m",
            Instant.EPOCH);
    EmbeddingResponse batch =
        wire.parse(
            RawResponse.of(
                200, Map.of(), "{\"embeddings\":[{\"values\":[1,0]},{\"values\":[0,1]}]}"),
            "gemini",
            "m",
            Instant.EPOCH);

    assertThat(single.vector(0)).containsExactly(0.6f, 0.8f);
    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.vector(1)).containsExactly(0f, 1f);
    for (String body :
        new String[] {"{}", "{\"embedding\":{}}", "{\"embeddings\":[{\"values\":[true]}]}"}) {
      assertThatThrownBy(
              () -> wire.parse(RawResponse.of(200, Map.of(), body), "g", "m", Instant.EPOCH))
          .as(body)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.failure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE));
    }
  }
}
