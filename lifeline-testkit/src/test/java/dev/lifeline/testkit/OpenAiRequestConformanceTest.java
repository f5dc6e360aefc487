package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.Provider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request shape Lifeline's real OpenAI adapter writes, as the testkit received it over HTTP,
 * validates against {@code CreateChatCompletionRequest} of OpenAI's own OpenAPI document (issue
 * 14).
 */
class OpenAiRequestConformanceTest {

  private static final String MODEL = "gpt-4o";
  private static final String WEATHER_PARAMETERS =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

  /** What OpenAI's strict mode needs: every property required, no others allowed. */
  private static final String STRICT_PARAMETERS =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"],\
      "additionalProperties":false}""";

  private static final Tool WEATHER =
      new Tool("get_weather", "The weather in a city", WEATHER_PARAMETERS);

  private static OpenApiSchemas spec;
  private static FakeLlmServer server;
  private static Provider provider;

  @BeforeAll
  static void start() {
    spec = OpenAiSpec.schemas();
    server = FakeLlmServer.start(WireFormat.OPENAI);
    provider = server.provider("sk-conformance");
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
            .user("What is the weather in Paris?")
            .message(
                Message.assistant(
                    null, List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))))
            .message(Message.tool("call_1", "{\"celsius\":21}"))
            .tool(WEATHER)
            .build();
    return Stream.of(
        Arguments.of("plain", ChatRequest.of("Process this refund"), false),
        Arguments.of(
            "system",
            ChatRequest.builder().system("Be brief.").user("Process this refund").build(),
            false),
        Arguments.of(
            "parameters",
            ChatRequest.builder()
                .user("Process this refund")
                .temperature(0.2)
                .maxTokens(256)
                .stop("END")
                .stop("STOP")
                .build(),
            false),
        Arguments.of(
            "multiTurn",
            ChatRequest.builder()
                .system("Be brief.")
                .user("Hello")
                .assistant("Hi, how can I help?")
                .user("Process this refund")
                .build(),
            false),
        Arguments.of(
            "toolsOffered",
            ChatRequest.builder().user("What is the weather in Paris?").tool(WEATHER).build(),
            false),
        Arguments.of("toolRoundTrip", toolRoundTrip, false),
        Arguments.of(
            "jsonMode",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.json())
                .build(),
            false),
        Arguments.of(
            "jsonModeNotSayingJson",
            ChatRequest.builder()
                .user("Process this refund")
                .responseFormat(ResponseFormat.json())
                .build(),
            false),
        Arguments.of(
            "jsonSchema",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.jsonSchema("weather", WEATHER_PARAMETERS))
                .build(),
            false),
        Arguments.of(
            "jsonSchemaStrictReady",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.jsonSchema("weather", STRICT_PARAMETERS))
                .build(),
            false),
        Arguments.of(
            "streaming",
            ChatRequest.builder()
                .system("Be brief.")
                .user("Process this refund")
                .temperature(0.7)
                .maxTokens(64)
                .build(),
            true),
        Arguments.of("streamingWithTools", toolRoundTrip, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void requestBodyConformsToTheSpec(String shape, ChatRequest request, boolean stream)
      throws Exception {
    if (stream) {
      provider.stream(request, MODEL, delta -> {}).get(15, TimeUnit.SECONDS);
    } else {
      provider.send(request, MODEL).get(15, TimeUnit.SECONDS);
    }

    assertThat(server.requests()).as("requests received").hasSize(1);
    JsonNode body = server.requests().get(0).json().orElseThrow();
    assertThat(body.path("stream").asBoolean(false)).as("stream flag").isEqualTo(stream);
    assertThat(spec.errors("CreateChatCompletionRequest", body))
        .as("%s request %s against CreateChatCompletionRequest", shape, body)
        .isEmpty();
    assertThat(spec.deprecatedFields("CreateChatCompletionRequest", body))
        .as("%s request uses fields the spec deprecates", shape)
        .isEmpty();
    if (request.maxTokens() != null) {
      assertThat(body.path("max_completion_tokens").asInt())
          .as("the limit is sent as max_completion_tokens")
          .isEqualTo(request.maxTokens());
    }
  }
}
