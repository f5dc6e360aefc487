package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic fake refuses tool turns that do not pair up, as the Messages API does: a {@code
 * tool_result} answering no {@code tool_use} of the message before, and a {@code tool_use} the next
 * message leaves unanswered; a well-paired round trip is answered (issue 14).
 */
class AnthropicToolPairingTest {

  private static final String MODEL = "claude-sonnet-4-20250514";
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

  @Test
  void toolResultsMustAnswerTheToolUsesOfTheMessageBefore() {
    HttpResponse<String> paired = client.post(server.chatUrl(MODEL), roundTrip("toolu_1", true));
    HttpResponse<String> wrongId = client.post(server.chatUrl(MODEL), roundTrip("toolu_2", true));
    HttpResponse<String> unanswered =
        client.post(server.chatUrl(MODEL), roundTrip("toolu_1", false));

    assertThat(paired.statusCode()).as(paired.body()).isEqualTo(200);
    assertRefused(
        wrongId,
        "messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_2."
            + " Each `tool_result` block must have a corresponding `tool_use` block in the"
            + " previous message.");
    assertRefused(
        unanswered,
        "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after:"
            + " toolu_1.");
  }

  private static void assertRefused(HttpResponse<String> response, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = TestClient.parse(response.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(body.path("error").path("message").asText()).startsWith(message);
  }

  /** A question, the assistant's tool_use toolu_1, then a user turn with a result or plain text. */
  private static ObjectNode roundTrip(String resultId, boolean withResult) {
    ObjectNode body = TestClient.body(WireFormat.ANTHROPIC, MODEL, "Where is order A-17?", false);
    ArrayNode messages = (ArrayNode) body.path("messages");
    ObjectNode assistant = messages.addObject().put("role", "assistant");
    assistant
        .putArray("content")
        .addObject()
        .put("type", "tool_use")
        .put("id", "toolu_1")
        .put("name", "lookup_order")
        .putObject("input")
        .put("order_id", "A-17");
    ObjectNode user = messages.addObject().put("role", "user");
    if (withResult) {
      user.putArray("content")
          .addObject()
          .put("type", "tool_result")
          .put("tool_use_id", resultId)
          .put("content", "shipped");
    } else {
      user.put("content", "Never mind.");
    }
    ObjectNode tool = body.putArray("tools").addObject().put("name", "lookup_order");
    tool.putObject("input_schema").put("type", "object");
    return body;
  }
}
