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

/** The Anthropic messages shapes: answers, event streams, tool use and 200-OK failures. */
class AnthropicWireTest {

  private static final String MODEL = "claude-sonnet-4-20250514";
  private static final String QUESTION = "Process this customer refund request";
  private static FakeLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.ANTHROPIC);
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
  void baseUrlIsTheOrigin() {
    assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(server.chatUrl(MODEL)).isEqualTo(server.baseUrl() + "/v1/messages");
  }

  @Test
  void answersAMessage() {
    HttpResponse<String> response = client.chat(server, MODEL, QUESTION, false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("request-id").orElseThrow()).startsWith("req_011C");
    assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining")).isPresent();
    JsonNode body = TestClient.parse(response.body());
    assertThat(body.path("id").asText()).startsWith("msg_01");
    assertThat(body.path("type").asText()).isEqualTo("message");
    assertThat(body.path("role").asText()).isEqualTo("assistant");
    assertThat(body.path("model").asText()).isEqualTo(MODEL);
    assertThat(body.path("content").path(0).path("type").asText()).isEqualTo("text");
    assertThat(body.path("content").path(0).path("text").asText())
        .isEqualTo("Answer to: " + QUESTION);
    assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(body.has("stop_sequence")).isTrue();
    assertThat(body.path("usage").path("input_tokens").asInt()).isPositive();
    assertThat(body.path("usage").path("output_tokens").asInt()).isPositive();
  }

  @Test
  void streamsTheDocumentedEventSequence() {
    HttpResponse<String> response = client.chat(server, MODEL, QUESTION, true);

    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    assertThat(response.headers().firstValue("request-id")).isPresent();
    List<TestClient.Event> events = TestClient.events(response.body());
    List<String> names = events.stream().map(TestClient.Event::name).toList();
    assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
    assertThat(names.subList(names.size() - 3, names.size()))
        .containsExactly("content_block_stop", "message_delta", "message_stop");
    assertThat(names.subList(3, names.size() - 3))
        .isNotEmpty()
        .allMatch("content_block_delta"::equals);
    assertThat(events)
        .allSatisfy(
            event -> assertThat(event.json().path("type").asText()).isEqualTo(event.name()));
    JsonNode start = events.get(0).json().path("message");
    assertThat(start.path("id").asText()).startsWith("msg_01");
    assertThat(start.path("content")).isEmpty();
    assertThat(start.path("stop_reason").isNull()).isTrue();
    String text =
        events.stream()
            .filter(event -> event.name().equals("content_block_delta"))
            .map(event -> event.json().path("delta").path("text").asText())
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Answer to: " + QUESTION);
    JsonNode delta = events.get(events.size() - 2).json();
    assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.path("usage").path("output_tokens").asInt()).isPositive();
  }

  @Test
  void usesToolsWhenScripted() {
    server.model(MODEL).toolCall("lookup_order", "{\"order_id\": \"A-17\"}");

    JsonNode body = TestClient.parse(client.post(server.chatUrl(MODEL), withTools(false)).body());
    List<TestClient.Event> stream =
        TestClient.events(client.post(server.chatUrl(MODEL), withTools(true)).body());

    assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
    JsonNode block = body.path("content").path(0);
    assertThat(block.path("type").asText()).isEqualTo("tool_use");
    assertThat(block.path("id").asText()).startsWith("toolu_01");
    assertThat(block.path("name").asText()).isEqualTo("lookup_order");
    assertThat(block.path("input").path("order_id").asText()).isEqualTo("A-17");
    assertThat(stream.get(1).json().path("content_block").path("type").asText())
        .isEqualTo("tool_use");
    String partial =
        stream.stream()
            .filter(event -> event.name().equals("content_block_delta"))
            .map(event -> event.json().path("delta").path("partial_json").asText())
            .collect(Collectors.joining());
    assertThat(TestClient.parse(partial).path("order_id").asText()).isEqualTo("A-17");
    assertThat(stream.get(stream.size() - 2).json().path("delta").path("stop_reason").asText())
        .isEqualTo("tool_use");
  }

  @Test
  void answersJsonAskedThroughOutputConfigFormat() {
    ObjectNode body = TestClient.body(WireFormat.ANTHROPIC, MODEL, QUESTION, false);
    body.putObject("output_config")
        .putObject("format")
        .put("type", "json_schema")
        .putObject("schema")
        .put("type", "object");
    server.script().jsonAnswer("{\"refund\": true}");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), body).body());

    assertThat(answer.path("content").path(0).path("text").asText())
        .isEqualTo("{\"refund\": true}");
  }

  @Test
  void answersCarryTheFieldsTheApiAlwaysSends() {
    JsonNode body = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());

    assertThat(body.has("container") && body.get("container").isNull()).isTrue();
    assertThat(body.has("stop_details") && body.get("stop_details").isNull()).isTrue();
    assertThat(body.path("content").path(0).has("citations")).isTrue();
    assertThat(body.path("usage").path("cache_creation").path("ephemeral_5m_input_tokens").isInt())
        .isTrue();
    assertThat(body.path("usage").has("server_tool_use")).isTrue();
  }

  @Test
  void answersJsonWithOutputFormat() {
    ObjectNode body = TestClient.body(WireFormat.ANTHROPIC, MODEL, QUESTION, false);
    body.putObject("output_format").put("type", "json_schema");
    server.script().jsonAnswer("{\"refund\": true}");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), body).body());

    assertThat(
            TestClient.parse(answer.path("content").path(0).path("text").asText())
                .path("refund")
                .asBoolean())
        .isTrue();
  }

  @Test
  void refusalAndContentFilterStopWithRefusal() {
    server.enqueue(Fault.refusal(), Fault.contentFiltered(), Fault.refusal());

    JsonNode refusal = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());
    JsonNode filtered = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());
    List<TestClient.Event> stream =
        TestClient.events(client.chat(server, MODEL, QUESTION, true).body());

    assertThat(refusal.path("stop_reason").asText()).isEqualTo("refusal");
    assertThat(refusal.path("content")).isEmpty();
    assertThat(filtered.path("stop_reason").asText()).isEqualTo("refusal");
    assertThat(stream.stream().map(TestClient.Event::name))
        .containsExactly("message_start", "ping", "message_delta", "message_stop");
    assertThat(stream.get(2).json().path("delta").path("stop_reason").asText())
        .isEqualTo("refusal");
  }

  @Test
  void emptyAndTruncatedAnswers() {
    server.enqueue(Fault.emptyAnswer(), Fault.truncated());

    JsonNode empty = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());
    JsonNode truncated = TestClient.parse(client.chat(server, MODEL, QUESTION, false).body());

    assertThat(empty.path("content")).isEmpty();
    assertThat(empty.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(empty.path("usage").path("output_tokens").asInt()).isZero();
    assertThat(truncated.path("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat("Answer to: " + QUESTION)
        .startsWith(truncated.path("content").path(0).path("text").asText());
  }

  @Test
  void malformedJsonIsA200WithABrokenBody() {
    server.enqueue(Fault.malformedJson());

    HttpResponse<String> response = client.chat(server, MODEL, QUESTION, false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.parseOrNull(response.body())).isNull();
  }

  @Test
  void readsTheLastUserMessageFromContentBlocks() {
    ObjectNode body = TestClient.body(WireFormat.ANTHROPIC, MODEL, "first question", false);
    ObjectNode second =
        body.withArray("messages").addObject().put("role", "assistant").put("content", "ok");
    assertThat(second).isNotNull();
    ObjectNode last = body.withArray("messages").addObject().put("role", "user");
    last.putArray("content").addObject().put("type", "text").put("text", "second question");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), body).body());

    assertThat(answer.path("content").path(0).path("text").asText())
        .isEqualTo("Answer to: second question");
  }

  private static ObjectNode withTools(boolean stream) {
    ObjectNode body = TestClient.body(WireFormat.ANTHROPIC, MODEL, "Where is order A-17?", stream);
    ObjectNode tool = body.putArray("tools").addObject().put("name", "lookup_order");
    tool.putObject("input_schema").put("type", "object");
    return body;
  }
}
