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

/** The OpenAI chat completions shapes: answers, streams, tools, JSON mode and 200-OK failures. */
class OpenAiWireTest {

  private static final String QUESTION = "Process this customer refund request";
  private static FakeLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
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
  void baseUrlEndsInV1() {
    assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
    assertThat(server.chatUrl("gpt-4o")).isEqualTo(server.baseUrl() + "/chat/completions");
  }

  @Test
  void answersAChatCompletion() {
    HttpResponse<String> response = client.chat(server, "gpt-4o", QUESTION, false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-request-id").orElseThrow())
        .matches("req_[0-9a-f]{32}");
    JsonNode body = TestClient.parse(response.body());
    assertThat(body.path("id").asText()).startsWith("chatcmpl-");
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("created").asLong()).isPositive();
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
    JsonNode choice = body.path("choices").path(0);
    assertThat(choice.path("index").asInt()).isZero();
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asText()).isEqualTo("Answer to: " + QUESTION);
    assertThat(choice.path("message").path("refusal").isNull()).isTrue();
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("prompt_tokens").asInt()).isPositive();
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
  }

  @Test
  void quotesTheFirst80CharactersOfTheLastUserMessage() {
    String longQuestion = "x".repeat(75) + " and then some more words that go past the limit";

    String content = contentOf(client.chat(server, "gpt-4o", longQuestion, false));

    assertThat(content).isEqualTo("Answer to: " + longQuestion.substring(0, 80));
  }

  @Test
  void answerTextIsConfigurablePerModelAndServerWide() {
    server.script().answerText("Server-wide answer.");
    server.model("gpt-4o-mini").answerText("Refund approved.");

    assertThat(contentOf(client.chat(server, "gpt-4o-mini", QUESTION, false)))
        .isEqualTo("Refund approved.");
    assertThat(contentOf(client.chat(server, "gpt-4o", QUESTION, false)))
        .isEqualTo("Server-wide answer.");
  }

  @Test
  void streamsChunksThenDone() {
    HttpResponse<String> response = client.chat(server, "gpt-4o", QUESTION, true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    List<TestClient.Event> events = TestClient.events(response.body());
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    List<JsonNode> chunks =
        events.subList(0, events.size() - 1).stream().map(TestClient.Event::json).toList();
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
              assertThat(chunk.path("id").asText()).isEqualTo(chunks.get(0).path("id").asText());
              assertThat(chunk.path("model").asText()).isEqualTo("gpt-4o");
            });
    assertThat(chunks.get(0).path("choices").path(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    JsonNode last = chunks.get(chunks.size() - 1).path("choices").path(0);
    assertThat(last.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(last.path("delta").size()).isZero();
    String text =
        chunks.stream()
            .map(chunk -> chunk.path("choices").path(0).path("delta").path("content").asText(""))
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Answer to: " + QUESTION);
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(
            chunk ->
                assertThat(chunk.path("choices").path(0).path("finish_reason").isNull()).isTrue());
  }

  @Test
  void streamEndsWithAUsageChunkWhenAsked() {
    ObjectNode body = TestClient.body(WireFormat.OPENAI, "gpt-4o", QUESTION, true);
    body.putObject("stream_options").put("include_usage", true);

    List<TestClient.Event> events =
        TestClient.events(client.post(server.chatUrl("gpt-4o"), body).body());

    JsonNode usageChunk = events.get(events.size() - 2).json();
    assertThat(usageChunk.path("choices").isArray()).isTrue();
    assertThat(usageChunk.path("choices")).isEmpty();
    assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isPositive();
    assertThat(events.get(0).json().has("usage")).isTrue();
    assertThat(events.get(0).json().path("usage").isNull()).isTrue();
  }

  @Test
  void callsTheScriptedToolWhenToolsAreOffered() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\"}");

    JsonNode withTools =
        TestClient.parse(client.post(server.chatUrl("gpt-4o"), withTools(false)).body());
    JsonNode without = TestClient.parse(client.chat(server, "gpt-4o", QUESTION, false).body());

    JsonNode choice = withTools.path("choices").path(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("content").isNull()).isTrue();
    JsonNode call = choice.path("message").path("tool_calls").path(0);
    assertThat(call.path("id").asText()).startsWith("call_");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("lookup_order");
    assertThat(
            TestClient.parse(call.path("function").path("arguments").asText())
                .path("order_id")
                .asText())
        .isEqualTo("A-17");
    assertThat(without.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void streamsToolCallArgumentsInPieces() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\", \"verbose\": true}");

    List<TestClient.Event> events =
        TestClient.events(client.post(server.chatUrl("gpt-4o"), withTools(true)).body());

    JsonNode first =
        events.get(0).json().path("choices").path(0).path("delta").path("tool_calls").path(0);
    assertThat(first.path("function").path("name").asText()).isEqualTo("lookup_order");
    assertThat(first.path("id").asText()).startsWith("call_");
    String arguments =
        events.subList(0, events.size() - 1).stream()
            .map(
                event ->
                    event
                        .json()
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("tool_calls")
                        .path(0)
                        .path("function")
                        .path("arguments")
                        .asText(""))
            .collect(Collectors.joining());
    assertThat(TestClient.parse(arguments).path("verbose").asBoolean()).isTrue();
    assertThat(
            events
                .get(events.size() - 2)
                .json()
                .path("choices")
                .path(0)
                .path("finish_reason")
                .asText())
        .isEqualTo("tool_calls");
  }

  @Test
  void answersJsonWhenTheRequestAsksForIt() {
    ObjectNode body = TestClient.body(WireFormat.OPENAI, "gpt-4o", QUESTION + " in json", false);
    body.putObject("response_format").put("type", "json_object");

    JsonNode byDefault = TestClient.parse(contentOf(client.post(server.chatUrl("gpt-4o"), body)));
    server.script().jsonAnswer("{\"refund\": true, \"amount\": 42}");
    JsonNode scripted = TestClient.parse(contentOf(client.post(server.chatUrl("gpt-4o"), body)));

    assertThat(byDefault.path("answer").asText()).startsWith("Answer to: " + QUESTION);
    assertThat(scripted.path("amount").asInt()).isEqualTo(42);
  }

  @Test
  void refusalSetsMessageRefusalWithFinishReasonStop() {
    server.enqueue(Fault.refusal(), Fault.refusal());

    JsonNode choice =
        TestClient.parse(client.chat(server, "gpt-4o", QUESTION, false).body())
            .path("choices")
            .path(0);
    List<TestClient.Event> stream =
        TestClient.events(client.chat(server, "gpt-4o", QUESTION, true).body());

    assertThat(choice.path("message").path("content").isNull()).isTrue();
    assertThat(choice.path("message").path("refusal").asText()).startsWith("I'm sorry");
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    String refusal =
        stream.subList(0, stream.size() - 1).stream()
            .map(
                event ->
                    event.json().path("choices").path(0).path("delta").path("refusal").asText(""))
            .collect(Collectors.joining());
    assertThat(refusal).startsWith("I'm sorry");
  }

  @Test
  void emptyAnswerHasEmptyContentAndNoCompletionTokens() {
    server.enqueue(Fault.emptyAnswer());

    JsonNode body = TestClient.parse(client.chat(server, "gpt-4o", QUESTION, false).body());

    assertThat(body.path("choices").path(0).path("message").path("content").asText()).isEmpty();
    assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(body.path("usage").path("completion_tokens").asInt()).isZero();
  }

  @Test
  void truncatedStopsForLength() {
    server.enqueue(Fault.truncated());

    JsonNode choice =
        TestClient.parse(client.chat(server, "gpt-4o", QUESTION, false).body())
            .path("choices")
            .path(0);

    assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    String content = choice.path("message").path("content").asText();
    assertThat(content).isNotEmpty();
    assertThat(("Answer to: " + QUESTION)).startsWith(content).isNotEqualTo(content);
  }

  @Test
  void contentFilteredHasNullContent() {
    server.enqueue(Fault.contentFiltered(), Fault.contentFiltered());

    JsonNode choice =
        TestClient.parse(client.chat(server, "gpt-4o", QUESTION, false).body())
            .path("choices")
            .path(0);
    List<TestClient.Event> stream =
        TestClient.events(client.chat(server, "gpt-4o", QUESTION, true).body());

    assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
    assertThat(choice.path("message").path("content").isNull()).isTrue();
    assertThat(
            stream
                .get(stream.size() - 2)
                .json()
                .path("choices")
                .path(0)
                .path("finish_reason")
                .asText())
        .isEqualTo("content_filter");
  }

  @Test
  void malformedJsonIsA200WithABrokenBody() {
    server.enqueue(Fault.malformedJson(), Fault.malformedJson());

    HttpResponse<String> plain = client.chat(server, "gpt-4o", QUESTION, false);
    List<TestClient.Event> stream =
        TestClient.events(client.chat(server, "gpt-4o", QUESTION, true).body());

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(plain.body()).startsWith("{\"id\":\"chatcmpl-");
    assertThat(Json.parseOrNull(plain.body())).isNull();
    assertThat(stream).anySatisfy(event -> assertThat(Json.parseOrNull(event.data())).isNull());
    assertThat(stream.get(stream.size() - 1).data()).isEqualTo("[DONE]");
  }

  @Test
  void unknownPathAndUnparseableBodyGetOpenAiErrors() {
    HttpResponse<String> unknown =
        client.post(server.baseUrl() + "/completions/legacy", "{}", WireFormat.OPENAI);
    HttpResponse<String> garbage =
        client.post(server.chatUrl("gpt-4o"), "{not json", WireFormat.OPENAI);

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(TestClient.parse(unknown.body()).path("error").path("message").asText())
        .contains("Invalid URL");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(TestClient.parse(garbage.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  private static ObjectNode withTools(boolean stream) {
    ObjectNode body = TestClient.body(WireFormat.OPENAI, "gpt-4o", "Where is order A-17?", stream);
    ObjectNode function =
        body.putArray("tools").addObject().put("type", "function").putObject("function");
    function.put("name", "lookup_order");
    function.putObject("parameters").put("type", "object");
    return body;
  }

  private static String contentOf(HttpResponse<String> response) {
    return TestClient.parse(response.body())
        .path("choices")
        .path(0)
        .path("message")
        .path("content")
        .asText();
  }
}
