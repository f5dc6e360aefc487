package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A scripted tool call is answered only to a request that offers that tool ({@code tools} in OpenAI
 * and Anthropic, {@code tools[].functionDeclarations} in Gemini); other requests get text, and a
 * {@code tool_choice} naming a tool that was not offered gets the provider's 400.
 */
class ToolOfferTest {

  private static final String TOOL = "lookup_order";
  // Started before the first test, reset between tests, stopped after the last.
  @RegisterExtension static final FakeFleetExtension FLEET = new FakeFleetExtension();
  private final TestClient client = new TestClient();

  /** Offers a tool named {@code name}, in {@code format}'s shape. */
  private static void offer(WireFormat format, ObjectNode body, String name) {
    ObjectNode schema = TestClient.MAPPER.createObjectNode().put("type", "object");
    switch (format) {
      case OPENAI:
        {
          ObjectNode function = body.withArray("tools").addObject().put("type", "function");
          function.putObject("function").put("name", name).set("parameters", schema);
          break;
        }
      case ANTHROPIC:
        body.withArray("tools").addObject().put("name", name).set("input_schema", schema);
        break;
      default:
        body.withArray("tools")
            .addObject()
            .withArray("functionDeclarations")
            .addObject()
            .put("name", name)
            .set("parameters", schema);
    }
  }

  /** Forces a call to {@code name}, in {@code format}'s shape. */
  private static void choose(WireFormat format, ObjectNode body, String name) {
    switch (format) {
      case OPENAI:
        body.putObject("tool_choice")
            .put("type", "function")
            .putObject("function")
            .put("name", name);
        break;
      case ANTHROPIC:
        body.putObject("tool_choice").put("type", "tool").put("name", name);
        break;
      default:
        body.putObject("toolConfig")
            .putObject("functionCallingConfig")
            .put("mode", "ANY")
            .putArray("allowedFunctionNames")
            .add(name);
    }
  }

  /** The name of the tool the answer calls, or null when it answers with text. */
  private static String calledTool(WireFormat format, JsonNode answer) {
    switch (format) {
      case OPENAI:
        return answer
            .path("choices")
            .path(0)
            .path("message")
            .path("tool_calls")
            .path(0)
            .path("function")
            .path("name")
            .textValue();
      case ANTHROPIC:
        for (JsonNode block : answer.path("content")) {
          if (block.path("type").asText().equals("tool_use")) {
            return block.path("name").asText();
          }
        }
        return null;
      default:
        for (JsonNode part : answer.path("candidates").path(0).path("content").path("parts")) {
          if (part.has("functionCall")) {
            return part.path("functionCall").path("name").asText();
          }
        }
        return null;
    }
  }

  private HttpResponse<String> send(WireFormat format, ObjectNode body) {
    FakeLlmServer server = FLEET.fleet().server(format.name().toLowerCase(java.util.Locale.ROOT));
    return client.post(server.chatUrl(TestClient.modelFor(format)), body);
  }

  private ObjectNode request(WireFormat format) {
    FakeLlmServer server = FLEET.fleet().server(format.name().toLowerCase(java.util.Locale.ROOT));
    server.reset().script().toolCall(TOOL, "{\"order_id\": \"A-17\"}");
    return TestClient.body(format, TestClient.modelFor(format), "Where is order A-17?", false);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void theToolIsCalledWhenOffered(WireFormat format) {
    ObjectNode body = request(format);
    offer(format, body, TOOL);

    HttpResponse<String> response = send(format, body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(calledTool(format, TestClient.parse(response.body()))).isEqualTo(TOOL);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void withoutToolsTheAnswerIsText(WireFormat format) {
    HttpResponse<String> response = send(format, request(format));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(calledTool(format, TestClient.parse(response.body()))).isNull();
    assertThat(response.body()).contains("Answer to: Where is order A-17?");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void withOnlyOtherToolsOfferedTheAnswerIsText(WireFormat format) {
    ObjectNode body = request(format);
    offer(format, body, "get_weather");

    HttpResponse<String> response = send(format, body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(calledTool(format, TestClient.parse(response.body()))).isNull();
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aToolChoiceNamingAToolNotOfferedIsABadRequest(WireFormat format) {
    ObjectNode body = request(format);
    offer(format, body, "get_weather");
    choose(format, body, TOOL);

    HttpResponse<String> response = send(format, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestClient.parse(response.body()).path("error").path("message").asText())
        .contains(TOOL);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aToolChoiceNamingAnOfferedToolIsAnswered(WireFormat format) {
    ObjectNode body = request(format);
    offer(format, body, TOOL);
    choose(format, body, TOOL);

    HttpResponse<String> response = send(format, body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(calledTool(format, TestClient.parse(response.body()))).isEqualTo(TOOL);
  }
}
