package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The fakes' embeddings endpoints over HTTP: shapes, scripted faults, refused requests. */
class EmbeddingEndpointsTest {
  private final TestClient client = new TestClient();

  @Test
  void openAiAnswersOneUnitVectorPerInputTheSameOnEveryServer() {
    try (FakeLlmServer one = FakeLlmServer.start(WireFormat.OPENAI);
        FakeLlmServer two = FakeLlmServer.start(WireFormat.OPENAI)) {
      String body =
          "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"dimensions\":16}";

      JsonNode first = TestClient.parse(post(one, body).body());
      JsonNode second = TestClient.parse(post(two, body).body());

      assertThat(first.get("data")).hasSize(2);
      assertThat(first.at("/data/1/index").asInt()).isEqualTo(1);
      assertThat(first.at("/data/0/embedding")).hasSize(16);
      assertThat(first.at("/usage/prompt_tokens").asInt()).isPositive();
      assertThat(first.get("data")).isEqualTo(second.get("data"));
      assertThat(first.at("/data/0/embedding")).isNotEqualTo(first.at("/data/1/embedding"));
    }
  }

  @Test
  void scriptedFaultsAndDimensionsPlayAsForChat() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.OPENAI)) {
      server.enqueue(Fault.rateLimited(), Fault.emptyAnswer());
      server.model("m").embeddingDimensions(3);
      String body = "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":16}";

      HttpResponse<String> limited = post(server, body);
      HttpResponse<String> empty = post(server, body);
      HttpResponse<String> resized = post(server, body);

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("retry-after")).isPresent();
      assertThat(TestClient.parse(empty.body()).get("data")).isEmpty();
      assertThat(TestClient.parse(resized.body()).at("/data/0/embedding")).hasSize(3);
      assertThat(server.requestsFor("m")).hasSize(3);
    }
  }

  @Test
  void openAiRefusesARequestWithoutInput() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.OPENAI)) {
      assertThat(post(server, "{\"model\":\"m\"}").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void geminiServesSingleAndBatchAndRefusesABatchEntryForAnotherModel() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.GEMINI)) {
      String base = server.baseUrl() + "/v1beta/models/text-embedding-004";
      String single = "{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":4}";
      String batch =
          "{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":"
              + "[{\"text\":\"a\"}]}},{\"model\":\"models/text-embedding-004\",\"content\":"
              + "{\"parts\":[{\"text\":\"b\"}]}}]}";
      String mismatched =
          batch.replace(
              "models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"b",
              "models/other\",\"content\":{\"parts\":[{\"text\":\"b");

      JsonNode one =
          TestClient.parse(client.post(base + ":embedContent", single, WireFormat.GEMINI).body());
      JsonNode many =
          TestClient.parse(
              client.post(base + ":batchEmbedContents", batch, WireFormat.GEMINI).body());
      int refused =
          client.post(base + ":batchEmbedContents", mismatched, WireFormat.GEMINI).statusCode();

      assertThat(one.at("/embedding/values")).hasSize(4);
      assertThat(many.get("embeddings")).hasSize(2);
      assertThat(many.at("/embeddings/0/values")).hasSize(EmbeddingCodec.DEFAULT_DIMENSIONS);
      assertThat(refused).isEqualTo(400);
      assertThat(server.requestsFor("text-embedding-004")).hasSize(3);
    }
  }

  @Test
  void anthropicHasNoEmbeddingsApi() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.ANTHROPIC)) {
      int status =
          client
              .post(server.baseUrl() + "/v1/embeddings", "{\"input\":\"x\"}", WireFormat.ANTHROPIC)
              .statusCode();

      assertThat(status).isEqualTo(404);
    }
  }

  private HttpResponse<String> post(FakeLlmServer server, String body) {
    return client.post(server.baseUrl() + "/embeddings", body, WireFormat.OPENAI);
  }
}
