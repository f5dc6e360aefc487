package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI fake refuses, on both wires, what the real API refuses for what a request says: JSON
 * mode that never says "json", a tool result answering no call, a strict schema that strict mode
 * cannot take; and lets the compliant forms through (issue 14).
 */
class OpenAiContentRulesTest {

  private static final String MODEL = "gpt-4o";
  private static final String LOOSE =
      """
      {"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},\
      "required":["city"],"additionalProperties":false}""";
  private static final String OPEN =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
  private static final String NESTED_OPEN =
      """
      {"type":"object","properties":{"where":{"type":"object","properties":{"city":{"type":"string"}},\
      "required":["city"]}},"required":["where"],"additionalProperties":false}""";
  private static final String STRICT =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"],\
      "additionalProperties":false}""";

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
  void jsonModeMustSayJsonSomewhere() {
    ObjectNode silent = chat("Summarise the refund");
    silent.putObject("response_format").put("type", "json_object");
    ObjectNode saysIt = silent.deepCopy();
    ((ObjectNode) saysIt.path("messages").get(0)).put("content", "Reply in JSON.");

    assertRefused(
        client.post(server.chatUrl(MODEL), silent),
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type"
            + " 'json_object'.",
        "messages");
    assertThat(client.post(server.chatUrl(MODEL), saysIt).statusCode()).isEqualTo(200);

    ObjectNode responses = responses("Summarise the refund");
    responses.putObject("text").putObject("format").put("type", "json_object");
    assertRefused(
        client.post(responsesUrl(), responses),
        "Response input messages must contain the word 'json' in some form",
        "input");
    responses.put("instructions", "Answer in json");
    assertThat(client.post(responsesUrl(), responses).statusCode()).isEqualTo(200);
  }

  @Test
  void aToolResultMustAnswerACallOfTheTurnBefore() {
    ObjectNode orphan = chat("Weather?");
    ArrayNode messages = (ArrayNode) orphan.path("messages");
    messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "21");
    ObjectNode mismatched = chat("Weather?");
    ObjectNode call = ((ArrayNode) mismatched.path("messages")).addObject();
    call.put("role", "assistant").putNull("content");
    call.putArray("tool_calls")
        .addObject()
        .put("id", "call_1")
        .put("type", "function")
        .putObject("function")
        .put("name", "get_weather")
        .put("arguments", "{}");
    ObjectNode answered = mismatched.deepCopy();
    ((ArrayNode) mismatched.path("messages"))
        .addObject()
        .put("role", "tool")
        .put("tool_call_id", "call_2")
        .put("content", "21");
    ((ArrayNode) answered.path("messages"))
        .addObject()
        .put("role", "tool")
        .put("tool_call_id", "call_1")
        .put("content", "21");

    assertRefused(
        client.post(server.chatUrl(MODEL), orphan),
        "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        "messages.[2].role");
    assertRefused(
        client.post(server.chatUrl(MODEL), mismatched),
        "Invalid parameter: 'tool_call_id' of 'call_2' not found in 'tool_calls' of previous"
            + " message.",
        "messages.[3].tool_call_id");
    assertThat(client.post(server.chatUrl(MODEL), answered).statusCode()).isEqualTo(200);

    ObjectNode output = responses("Weather?");
    ((ArrayNode) output.path("input"))
        .addObject()
        .put("type", "function_call_output")
        .put("call_id", "call_9")
        .put("output", "21");
    assertRefused(
        client.post(responsesUrl(), output),
        "No tool call found for function call output with call_id call_9.",
        "input");
  }

  @Test
  void aStrictSchemaMustCloseAndRequireEveryObject() {
    assertRefused(
        client.post(server.chatUrl(MODEL), chatWithSchema(OPEN, true)),
        "Invalid schema for response_format 'weather': In context=(), 'additionalProperties' is"
            + " required to be supplied and to be false.",
        "response_format");
    assertRefused(
        client.post(server.chatUrl(MODEL), chatWithSchema(LOOSE, true)),
        "In context=(), 'required' is required to be supplied and to be an array including every"
            + " key in properties. Missing 'days'.",
        "response_format");
    assertRefused(
        client.post(server.chatUrl(MODEL), chatWithSchema(NESTED_OPEN, true)),
        "In context=('properties', 'where'), 'additionalProperties' is required",
        "response_format");
    assertThat(client.post(server.chatUrl(MODEL), chatWithSchema(OPEN, false)).statusCode())
        .as("not strict: any schema")
        .isEqualTo(200);
    assertThat(client.post(server.chatUrl(MODEL), chatWithSchema(STRICT, true)).statusCode())
        .isEqualTo(200);

    ObjectNode tool = chat("Weather?");
    ObjectNode function =
        tool.putArray("tools").addObject().put("type", "function").putObject("function");
    function.put("name", "get_weather").put("strict", true);
    function.set("parameters", TestClient.parse(OPEN));
    assertRefused(
        client.post(server.chatUrl(MODEL), tool),
        "Invalid schema for function 'get_weather': In context=()",
        "tools[0].function.parameters");

    ObjectNode responsesTool = responses("Weather?");
    ObjectNode byDefault =
        responsesTool.putArray("tools").addObject().put("type", "function").put("name", "f");
    byDefault.set("parameters", TestClient.parse(OPEN));
    assertRefused(
        client.post(responsesUrl(), responsesTool),
        "Invalid schema for function 'f': In context=()",
        "tools[0].parameters");
    byDefault.put("strict", false);
    assertThat(client.post(responsesUrl(), responsesTool).statusCode())
        .as("the Responses API's tools are strict unless they say not")
        .isEqualTo(200);
  }

  private static void assertRefused(HttpResponse<String> response, String message, String param) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = TestClient.parse(response.body()).path("error");
    assertThat(error.path("message").asText()).contains(message);
    assertThat(error.path("param").asText()).isEqualTo(param);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
  }

  private static ObjectNode chat(String question) {
    return TestClient.body(WireFormat.OPENAI, MODEL, question, false);
  }

  private static ObjectNode chatWithSchema(String schema, boolean strict) {
    ObjectNode body = chat("Weather in Paris?");
    ObjectNode format = body.putObject("response_format").put("type", "json_schema");
    ObjectNode jsonSchema = format.putObject("json_schema").put("name", "weather");
    jsonSchema.set("schema", TestClient.parse(schema));
    jsonSchema.put("strict", strict);
    return body;
  }

  private static ObjectNode responses(String question) {
    ObjectNode body = TestClient.MAPPER.createObjectNode().put("model", MODEL);
    body.putArray("input")
        .addObject()
        .put("type", "message")
        .put("role", "user")
        .put("content", question);
    return body;
  }

  private static String responsesUrl() {
    return server.baseUrl() + "/responses";
  }
}
