package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed request gets the provider's own 400, over real HTTP, before any scripted fault plays:
 * what a real provider would say to a client with a bug.
 */
class RequestValidationTest {

  // Started before the first test, reset between tests, stopped after the last.
  @RegisterExtension static final FakeFleetExtension FLEET = new FakeFleetExtension();
  private final TestClient client = new TestClient();

  private static Arguments malformed(
      WireFormat format, String what, Consumer<ObjectNode> change, String message) {
    return arguments(format, what, change, message);
  }

  static Stream<Arguments> malformedRequests() {
    return Stream.of(
        malformed(
            WireFormat.OPENAI,
            "no model",
            body -> body.remove("model"),
            "you must provide a model parameter"),
        malformed(
            WireFormat.OPENAI,
            "no messages",
            body -> body.remove("messages"),
            "Missing required parameter: 'messages'."),
        malformed(
            WireFormat.OPENAI,
            "empty messages",
            body -> body.putArray("messages"),
            "Invalid 'messages': empty array."),
        malformed(
            WireFormat.OPENAI,
            "messages not an array",
            body -> body.put("messages", "hello"),
            "Invalid type for 'messages': expected an array of objects, but got a string instead."),
        malformed(
            WireFormat.OPENAI,
            "unknown role",
            body -> ((ObjectNode) body.path("messages").get(1)).put("role", "robot"),
            "Invalid value: 'robot'. Supported values are"),
        malformed(
            WireFormat.OPENAI,
            "negative max_tokens",
            body -> body.put("max_tokens", -5),
            "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got -5"),
        malformed(
            WireFormat.ANTHROPIC,
            "no model",
            body -> body.remove("model"),
            "model: Field required"),
        malformed(
            WireFormat.ANTHROPIC,
            "no max_tokens",
            body -> body.remove("max_tokens"),
            "max_tokens: Field required"),
        malformed(
            WireFormat.ANTHROPIC,
            "empty messages",
            body -> body.putArray("messages"),
            "messages: at least one message is required"),
        malformed(
            WireFormat.ANTHROPIC,
            "messages not an array",
            body -> body.put("messages", 7),
            "messages: Input should be a valid list"),
        malformed(
            WireFormat.ANTHROPIC,
            "a system role in messages",
            body -> ((ObjectNode) body.path("messages").get(0)).put("role", "system"),
            "messages.0.role: Input should be 'user' or 'assistant'"),
        malformed(
            WireFormat.ANTHROPIC,
            "negative max_tokens",
            body -> body.put("max_tokens", -1),
            "max_tokens: Input should be greater than or equal to 1"),
        malformed(
            WireFormat.GEMINI,
            "no contents",
            body -> body.remove("contents"),
            "contents is not specified"),
        malformed(
            WireFormat.GEMINI,
            "empty contents",
            body -> body.putArray("contents"),
            "contents is not specified"),
        malformed(
            WireFormat.GEMINI,
            "contents not an array",
            body -> body.put("contents", "hello"),
            "Invalid value at 'contents'"),
        malformed(
            WireFormat.GEMINI,
            "unknown role",
            body -> ((ObjectNode) body.path("contents").get(0)).put("role", "assistant"),
            "Please use a valid role: user, model."),
        malformed(
            WireFormat.GEMINI,
            "negative maxOutputTokens",
            body -> body.putObject("generationConfig").put("maxOutputTokens", -3),
            "max_output_tokens must be positive"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformedRequests")
  void aMalformedRequestGetsTheProvidersBadRequest(
      WireFormat format, String what, Consumer<ObjectNode> change, String message) {
    FakeLlmServer server = serverFor(format);
    server.reset().enqueue(Fault.overloaded());
    String model = TestClient.modelFor(format);
    ObjectNode body = TestClient.body(format, model, "hello", false);
    change.accept(body);

    HttpResponse<String> response = client.post(server.chatUrl(model), body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestClient.parse(response.body());
    switch (format) {
      case OPENAI:
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        break;
      case ANTHROPIC:
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        break;
      default:
        assertThat(error.path("error").path("code").asInt()).isEqualTo(400);
        assertThat(error.path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    }
    assertThat(error.path("error").path("message").asText()).contains(message);
    assertThat(server.script().pending()).as("the scripted fault did not play").isEqualTo(1);
    assertThat(server.requests()).hasSize(1); // still recorded
  }

  @Test
  void anthropicWithoutMaxTokensGetsTheCorpusBodyVerbatim() {
    FakeLlmServer server = serverFor(WireFormat.ANTHROPIC);
    server.reset();
    ObjectNode body =
        TestClient.body(WireFormat.ANTHROPIC, "claude-sonnet-4-20250514", "hello", false);
    body.remove("max_tokens");

    HttpResponse<String> response = client.post(server.chatUrl("claude-sonnet-4-20250514"), body);

    ObjectNode answered = (ObjectNode) TestClient.parse(response.body());
    answered.remove("request_id");
    assertThat(answered)
        .isEqualTo(ErrorBodies.of(WireFormat.ANTHROPIC, ErrorCase.BAD_REQUEST).body());
  }

  @Test
  void invalidJsonGetsEachProvidersParseError() {
    for (WireFormat format : WireFormat.values()) {
      FakeLlmServer server = serverFor(format);
      String model = TestClient.modelFor(format);

      HttpResponse<String> response = client.post(server.chatUrl(model), "{\"model\": ", format);

      assertThat(response.statusCode()).as("%s", format).isEqualTo(400);
      assertThat(TestClient.parse(response.body()).path("error").path("message").asText())
          .as("%s", format)
          .containsAnyOf("could not parse the JSON body", "error parsing the body", "Invalid JSON");
    }
  }

  @Test
  void aWellFormedRequestIsAnsweredInEveryFormat() {
    for (WireFormat format : WireFormat.values()) {
      FakeLlmServer server = serverFor(format);
      server.reset();

      HttpResponse<String> response =
          client.chat(server, TestClient.modelFor(format), "hello", false);

      assertThat(response.statusCode()).as("%s", format).isEqualTo(200);
    }
  }

  private static FakeLlmServer serverFor(WireFormat format) {
    return FLEET.fleet().server(format.name().toLowerCase(java.util.Locale.ROOT));
  }
}
