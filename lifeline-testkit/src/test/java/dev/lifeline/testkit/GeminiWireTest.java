package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gemini generateContent shapes: answers, SSE and array streams, function calls, blocks. */
class GeminiWireTest {

  private static final String MODEL = "gemini-2.0-flash";
  private static final String QUESTION = "Process this customer refund request";
  private static FakeLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.GEMINI);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @Test
  void urlsCarryTheModel() {
    assertThat(server.chatUrl(MODEL))
        .isEqualTo(server.baseUrl() + "/v1beta/models/" + MODEL + ":generateContent");
    assertThat(server.streamUrl(MODEL))
        .isEqualTo(server.baseUrl() + "/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");
  }

  @Test
  void answersGenerateContent() {
    HttpResponse<String> response = client.chat(server, MODEL, QUESTION, false);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestClient.parse(response.body());
    JsonNode candidate = body.path("candidates").path(0);
    assertThat(candidate.path("content").path("role").asText()).isEqualTo("model");
    assertThat(candidate.path("content").path("parts").path(0).path("text").asText())
        .isEqualTo("Answer to: " + QUESTION);
    assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
    JsonNode usage = body.path("usageMetadata");
    assertThat(usage.path("totalTokenCount").asInt())
        .isEqualTo(
            usage.path("promptTokenCount").asInt() + usage.path("candidatesTokenCount").asInt());
    assertThat(body.path("modelVersion").asText()).isEqualTo(MODEL);
    assertThat(server.requests().get(0).model()).isEqualTo(MODEL);
  }

  @Test
  void streamsSseChunksWithTheFinishReasonLast() {
    HttpResponse<String> response = client.chat(server, MODEL, QUESTION, true);

    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    assertThat(response.body()).contains("\r\n\r\n").doesNotContain("[DONE]");
    List<JsonNode> chunks =
        TestClient.events(response.body()).stream().map(TestClient.Event::json).toList();
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(
            chunk -> assertThat(chunk.path("candidates").path(0).has("finishReason")).isFalse());
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
    assertThat(last.path("usageMetadata").path("candidatesTokenCount").asInt()).isPositive();
    String text =
        chunks.stream()
            .map(
                chunk ->
                    chunk
                        .path("candidates")
                        .path(0)
                        .path("content")
                        .path("parts")
                        .path(0)
                        .path("text")
                        .asText())
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Answer to: " + QUESTION);
  }

  @Test
  void streamsAJsonArrayWithoutAltSse() {
    String url = server.baseUrl() + "/v1beta/models/" + MODEL + ":streamGenerateContent";

    HttpResponse<String> response =
        client.post(url, TestClient.body(WireFormat.GEMINI, MODEL, QUESTION, true));

    JsonNode array = TestClient.parse(response.body());
    assertThat(array.isArray()).isTrue();
    assertThat(array.get(array.size() - 1).path("candidates").path(0).path("finishReason").asText())
        .isEqualTo("STOP");
  }

  @Test
  void callsFunctionsWhenScripted() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\"}");
    ObjectNode body = TestClient.body(WireFormat.GEMINI, MODEL, "Where is order A-17?", false);
    body.putArray("tools")
        .addObject()
        .putArray("functionDeclarations")
        .addObject()
        .put("name", "lookup_order");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), body).body());

    JsonNode call =
        answer
            .path("candidates")
            .path(0)
            .path("content")
            .path("parts")
            .path(0)
            .path("functionCall");
    assertThat(call.path("name").asText()).isEqualTo("lookup_order");
    assertThat(call.path("args").path("order_id").asText()).isEqualTo("A-17");
  }

  @Test
  void answersJsonWithResponseMimeType() {
    ObjectNode body = TestClient.body(WireFormat.GEMINI, MODEL, QUESTION, false);
    body.putObject("generationConfig").put("responseMimeType", "application/json");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), body).body());

    String text =
        answer
            .path("candidates")
            .path(0)
            .path("content")
            .path("parts")
            .path(0)
            .path("text")
            .asText();
    assertThat(TestClient.parse(text).path("answer").asText()).startsWith("Answer to:");
  }

  @Test
  void refusalIsSafetyWithNoParts() {
    server.enqueue(Fault.refusal(), Fault.refusal());

    JsonNode plain = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());
    List<TestClient.Event> stream =
        TestClient.events(client.chat(server, MODEL, QUESTION, true).body());

    JsonNode candidate = plain.path("candidates").path(0);
    assertThat(candidate.path("finishReason").asText()).isEqualTo("SAFETY");
    assertThat(candidate.path("content").path("parts").isMissingNode()).isTrue();
    assertThat(stream).hasSize(1);
    assertThat(stream.get(0).json().path("candidates").path(0).path("finishReason").asText())
        .isEqualTo("SAFETY");
  }

  @Test
  void contentFilteredIsABlockedPromptWithNoCandidates() {
    server.enqueue(Fault.contentFiltered());

    JsonNode body = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());

    assertThat(body.has("candidates")).isFalse();
    assertThat(body.path("promptFeedback").path("blockReason").asText()).isEqualTo("SAFETY");
  }

  @Test
  void emptyAndTruncatedAnswers() {
    server.enqueue(Fault.emptyAnswer(), Fault.truncated());

    JsonNode empty = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());
    JsonNode truncated = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());

    assertThat(empty.path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
    assertThat(empty.path("candidates").path(0).path("content").has("parts")).isFalse();
    assertThat(truncated.path("candidates").path(0).path("finishReason").asText())
        .isEqualTo("MAX_TOKENS");
  }

  @Test
  void unknownPathGetsGoogles404Page() {
    HttpResponse<String> response =
        client.post(
            server.baseUrl() + "/v1beta/models/" + MODEL + ":countTokens", "{}", WireFormat.GEMINI);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("<title>Error 404 (Not Found)!!1</title>");
  }
}
