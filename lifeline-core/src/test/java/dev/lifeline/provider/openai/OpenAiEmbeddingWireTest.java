package dev.lifeline.provider.openai;

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

/** The OpenAI and Azure embeddings wire: URL, body, and answers read by index. */
class OpenAiEmbeddingWireTest {
  private static final URI BASE = URI.create("https://example.test/v1");
  private final OpenAiEmbeddingWire openAi = new OpenAiEmbeddingWire(Preset.OPENAI, null);
  private final OpenAiEmbeddingWire azure = new OpenAiEmbeddingWire(Preset.AZURE, "2024-10-21");

  @Test
  void openAiPostsTheInputsWithTheModelAndTheDimensionsAsked() throws Exception {
    JsonNode body =
        new ObjectMapper()
            .readTree(
                openAi.body(
                    EmbeddingRequest.of("a", "b").withDimensions(256), "text-embedding-3-small"));

    assertThat(openAi.endpoint(BASE, "m")).hasToString("https://example.test/v1/embeddings");
    assertThat(body.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(body.get("input")).hasSize(2);
    assertThat(body.get("dimensions").asInt()).isEqualTo(256);
    assertThat(body.get("encoding_format").asText()).isEqualTo("float");
  }

  @Test
  void azureNamesTheDeploymentInThePathNotTheBody() throws Exception {
    URI azureBase = URI.create("https://res.openai.azure.com");
    JsonNode body = new ObjectMapper().readTree(azure.body(EmbeddingRequest.of("a"), "embed"));

    assertThat(azure.endpoint(azureBase, "embed small"))
        .hasToString(
            "https://res.openai.azure.com/openai/deployments/embed%20small/embeddings"
                + "?api-version=2024-10-21");
    assertThat(body.has("model")).isFalse();
    assertThat(body.has("dimensions")).isFalse();
    assertThatThrownBy(() -> azure.endpoint(azureBase, ".."))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vectorsAreReadInTheOrderOfTheirIndexWithUsageAndModel() {
    String answer =
        "{\"object\":\"list\",\"data\":["
            + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,0.5]},"
            + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1,0]}],"
            + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":7}}";

    EmbeddingResponse response =
        openAi.parse(RawResponse.of(200, Map.of(), answer), "openai", "m", Instant.EPOCH);

    assertThat(response.vector(0)).containsExactly(1f, 0f);
    assertThat(response.vector(1)).containsExactly(0.5f, 0.5f);
    assertThat(response.usage().promptTokens()).isEqualTo(7);
    assertThat(response.model()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void anAnswerWithoutVectorsOrWithADuplicateIndexIsAnInvalidResponse() {
    String duplicate =
        "{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}";
    String text = "{\"data\":[{\"index\":0,\"embedding\":[\"x\"]}]}";

    for (String body : new String[] {"{}", "not json", duplicate, text}) {
      assertThatThrownBy(
              () -> openAi.parse(RawResponse.of(200, Map.of(), body), "o", "m", Instant.EPOCH))
          .as(body)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.failure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE));
    }
  }
}
