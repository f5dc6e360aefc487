package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.Provider;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request shape Lifeline's real Gemini adapter writes, as the testkit received it over HTTP,
 * checked against Google's own definition of {@code GenerateContentRequest} (v1beta, from the
 * protos of npm {@code @google-ai/generativelanguage}; see {@link GeminiRequestSchema}): no field
 * the proto does not have, every value of its field's JSON type, at most one member of each oneof
 * (issue 14). Each shape also names the fields it must have written, so a shape that silently
 * stopped exercising its part of the proto fails too.
 */
class GeminiRequestConformanceTest {

  private static final String MODEL = "gemini-2.5-flash";
  private static final Pattern DOT = Pattern.compile("\\.");
  private static final String WEATHER_PARAMETERS =
      """
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",\
      "properties":{"city":{"type":"string"},"unit":{"type":["string","null"]}},\
      "required":["city"],"additionalProperties":false}""";
  private static final Tool WEATHER =
      new Tool("get_weather", "The weather in a city", WEATHER_PARAMETERS);

  private static FakeLlmServer server;
  private static Provider provider;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.GEMINI);
    provider = server.provider("AIza-conformance");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  static Stream<Arguments> shapes() {
    ChatRequest toolRoundTrip =
        ChatRequest.builder()
            .system("Be brief.")
            .user("What is the weather in Paris and in Rome?")
            .message(
                Message.assistant(
                    "Let me check.",
                    List.of(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"))))
            .message(Message.tool("call_1", "{\"celsius\":21}"))
            .message(Message.tool("call_2", "sunny, 25 degrees"))
            .tool(WEATHER)
            .build();
    return Stream.of(
        Arguments.of("plain", ChatRequest.of("Process this refund"), false, List.of("contents")),
        Arguments.of(
            "system",
            ChatRequest.builder().system("Be brief.").user("Process this refund").build(),
            false,
            List.of("systemInstruction.parts.0.text")),
        Arguments.of(
            "parameters",
            ChatRequest.builder()
                .user("Process this refund")
                .temperature(0.2)
                .topP(0.9)
                .topK(40)
                .frequencyPenalty(0.5)
                .presencePenalty(-0.5)
                .seed(7)
                .maxTokens(256)
                .stop("END")
                .stop("STOP HERE")
                .build(),
            false,
            List.of(
                "generationConfig.temperature",
                "generationConfig.topP",
                "generationConfig.topK",
                "generationConfig.frequencyPenalty",
                "generationConfig.presencePenalty",
                "generationConfig.seed",
                "generationConfig.maxOutputTokens",
                "generationConfig.stopSequences.1")),
        Arguments.of(
            "multiTurn",
            ChatRequest.builder()
                .system("Be brief.")
                .user("Hello")
                .assistant("Hi, how can I help?")
                .user("Process this refund")
                .build(),
            false,
            List.of("contents.2.parts.0.text")),
        Arguments.of(
            "toolsOffered",
            ChatRequest.builder().user("What is the weather in Paris?").tool(WEATHER).build(),
            false,
            List.of(
                "tools.0.functionDeclarations.0.parametersJsonSchema.additionalProperties",
                "tools.0.functionDeclarations.0.description")),
        Arguments.of(
            "toolRoundTrip",
            toolRoundTrip,
            false,
            List.of(
                "contents.1.parts.1.functionCall.args.city",
                "contents.1.parts.2.functionCall.args.city",
                "contents.2.parts.0.functionResponse.response.celsius",
                "contents.2.parts.1.functionResponse.response.output")),
        Arguments.of(
            "jsonMode",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.json())
                .build(),
            false,
            List.of("generationConfig.responseMimeType")),
        Arguments.of(
            "jsonSchema",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.jsonSchema("weather", WEATHER_PARAMETERS))
                .build(),
            false,
            List.of(
                "generationConfig.responseMimeType",
                "generationConfig.responseJsonSchema.additionalProperties")),
        Arguments.of(
            "streaming",
            ChatRequest.builder().system("Be brief.").user("Process this refund").build(),
            true,
            List.of("systemInstruction.parts.0.text")),
        Arguments.of(
            "streamingWithTools",
            toolRoundTrip,
            true,
            List.of("contents.2.parts.1.functionResponse.name")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void requestBodyIsAGenerateContentRequest(
      String shape, ChatRequest request, boolean stream, List<String> written) throws Exception {
    if (stream) {
      provider.stream(request, MODEL, delta -> {}).get(15, TimeUnit.SECONDS);
    } else {
      provider.send(request, MODEL).get(15, TimeUnit.SECONDS);
    }
    JsonNode sent = server.requests().get(0).json().orElseThrow();

    assertThat(GeminiRequestSchema.get().problems(sent))
        .as("%s: what Google's GenerateContentRequest refuses in %s", shape, sent)
        .isEmpty();
    for (String path : written) {
      assertThat(at(sent, path).isMissingNode()).as("%s: %s in %s", shape, path, sent).isFalse();
    }
  }

  @Test
  void theDescriptorIsGooglesAndRefusesWhatTheApiRefuses() {
    assertThat(GeminiRequestSchema.get().source())
        .isEqualTo("@google-ai/generativelanguage@4.1.0 build/protos/protos.json");
    GeminiRequestSchema schema = GeminiRequestSchema.get();

    assertThat(schema.problems(parse("{\"contents\":[],\"model_params\":{}}")))
        .containsExactly(
            "Invalid JSON payload received. Unknown name \"model_params\": Cannot find field.");
    assertThat(schema.problems(parse("{\"contents\":[],\"generationConfig\":{\"max_tokens\":5}}")))
        .containsExactly(
            "Invalid JSON payload received. Unknown name \"max_tokens\" at 'generation_config':"
                + " Cannot find field.");
    // The old bug: a JSON Schema under "parameters", Google's restricted Schema type.
    assertThat(
            schema.problems(
                parse(
                    "{\"contents\":[],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\","
                        + "\"parameters\":{\"type\":\"OBJECT\",\"additionalProperties\":false}}]}]}")))
        .containsExactly(
            "Invalid JSON payload received. Unknown name \"additionalProperties\" at"
                + " 'tools[0].function_declarations[0].parameters': Cannot find field.");
    assertThat(
            schema.problems(
                parse(
                    "{\"contents\":[],\"generationConfig\":{\"temperature\":true,\"topK\":1.5}}")))
        .containsExactly(
            "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), true",
            "Invalid value at 'generation_config.top_k' (TYPE_INT32), 1.5");
    assertThat(
            schema.problems(
                parse(
                    "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\","
                        + "\"functionCall\":{\"name\":\"f\"}}]}]}")))
        .containsExactly(
            "Invalid JSON payload received. Oneof field 'data' at 'contents[0].parts[0]' is"
                + " already set. Cannot set 'functionCall'");
    assertThat(
            schema.problems(
                parse(
                    "{\"contents\":[],\"safetySettings\":[{\"category\":\"HARM_CATEGORY_NOPE\","
                        + "\"threshold\":\"BLOCK_NONE\"}]}")))
        .containsExactly(
            "Invalid value at 'safety_settings[0].category'"
                + " (type.googleapis.com/google.ai.generativelanguage.v1beta.HarmCategory),"
                + " \"HARM_CATEGORY_NOPE\"");
    // Proto names and lower-case enum names pass, as the API takes them; Value takes any JSON.
    assertThat(
            schema.problems(
                parse(
                    "{\"contents\":[{\"role\":\"model\",\"parts\":[{\"function_call\":{\"name\":"
                        + "\"f\",\"args\":{\"any\":[1,{\"thing\":null}]}}}]}],"
                        + "\"generation_config\":{\"response_json_schema\":{\"x\":1},"
                        + "\"seed\":\"42\",\"temperature\":\"NaN\"},\"tools\":[{"
                        + "\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":"
                        + "{\"type\":\"object\"}}]}]}")))
        .isEmpty();
  }

  @Test
  void theFakeRefusesAnUnknownNameAsTheApiDoes() {
    JsonNode body =
        parse(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
                + "\"generationConfig\":{\"maxTokens\":64}}");

    HttpResponse<String> response = client.post(server.chatUrl(MODEL), body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = TestClient.parse(response.body()).path("error");
    assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.path("message").asText())
        .isEqualTo(
            "Invalid JSON payload received. Unknown name \"maxTokens\" at 'generation_config':"
                + " Cannot find field.");
  }

  private static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String step : DOT.split(dottedPath)) {
      current = current.isArray() ? current.path(Integer.parseInt(step)) : current.path(step);
    }
    return current;
  }

  private static JsonNode parse(String json) {
    return TestClient.parse(json);
  }
}
