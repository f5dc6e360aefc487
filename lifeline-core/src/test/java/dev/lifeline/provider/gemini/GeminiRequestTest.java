package dev.lifeline.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What reaches Gemini: URL, headers (the key only there) and the exact JSON body. */
class GeminiRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "AIzaSyD-test-key-0123456789abcdefghijklmno";
  private static final String ANSWER =
      """
      {"candidates": [{"content": {"role": "model", "parts": [{"text": "ok"}]},
                       "finishReason": "STOP"}]}
      """;

  private final LoopbackServer server = LoopbackServer.start();
  private final GeminiProvider provider =
      GeminiProvider.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of(KEY)).build();

  @AfterEach
  void stop() {
    server.close();
  }

  private LoopbackServer.Recorded sent(ChatRequest request) {
    return sent(provider, request, "gemini-2.5-flash");
  }

  private LoopbackServer.Recorded sent(GeminiProvider provider, ChatRequest request, String model) {
    server.respondJson(200, ANSWER);
    provider.send(request, model).join();
    return server.takeRequest();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void postsToGenerateContentWithTheKeyInAHeaderAndNeverInTheUrl() {
    LoopbackServer.Recorded request = sent(ChatRequest.of("Hello"));

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().getPath())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.uri().getRawQuery()).isNull();
    assertThat(request.uri().toString()).doesNotContain(KEY).doesNotContain("key=");
    assertThat(request.header("x-goog-api-key")).isEqualTo(KEY);
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("authorization")).isNull();
  }

  @Test
  void streamingUsesStreamGenerateContentWithAltSseOnly() {
    server.respondStream("data: " + ANSWER.replace("\n", "") + "\n\n");

    provider.stream(ChatRequest.of("Hello"), "gemini-2.5-flash", piece -> {}).join();

    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(request.uri().getPath())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assertThat(request.uri().getRawQuery()).isEqualTo("alt=sse");
    assertThat(request.header("x-goog-api-key")).isEqualTo(KEY);
  }

  @Test
  void modelNamesWithAPrefixAreUsedAsTheyAre() {
    assertThat(sent(provider, ChatRequest.of("a"), "models/gemini-2.0-flash").uri().getPath())
        .isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
    assertThat(sent(provider, ChatRequest.of("a"), "tunedModels/my-model-42").uri().getPath())
        .isEqualTo("/v1beta/tunedModels/my-model-42:generateContent");
  }

  @Test
  void aModelNameThatWouldChangeTheUrlIsABadRequest() {
    for (String model :
        new String[] {"gemini?key=x", "../../v1/other", "a b", "models/x:generateContent#"}) {
      Throwable thrown = catchThrowable(() -> provider.send(ChatRequest.of("a"), model).join());

      assertThat(thrown).as(model).hasCauseInstanceOf(ProviderException.class);
      assertThat(((ProviderException) thrown.getCause()).failure().kind())
          .isEqualTo(ErrorKind.BAD_REQUEST);
    }
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aSingleUserPrompt() throws Exception {
    assertThat(json(sent(ChatRequest.of("Hello")).body()))
        .isEqualTo(json("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}"));
  }

  @Test
  void systemInstructionAndGenerationConfig() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .system("You are terse.")
            .user("Hi")
            .system("Answer in French.")
            .temperature(1.5)
            .maxTokens(256)
            .stop("END")
            .build();

    assertThat(json(sent(request).body()))
        .isEqualTo(
            json(
                """
                {
                  "systemInstruction": {"parts": [{"text": "You are terse.\\n\\nAnswer in French."}]},
                  "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
                  "generationConfig": {
                    "temperature": 1.5, "maxOutputTokens": 256, "stopSequences": ["END"]}
                }
                """));
  }

  @Test
  void everySamplingSettingGoesIntoGenerationConfigAndNoneIsLeftOut() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .user("Hi")
            .topP(0.9)
            .topK(40)
            .frequencyPenalty(0.5)
            .presencePenalty(-0.5)
            .seed(1234)
            .build();

    assertThat(json(sent(request).body()).path("generationConfig"))
        .isEqualTo(
            json(
                """
                {"topP": 0.9, "topK": 40, "frequencyPenalty": 0.5, "presencePenalty": -0.5,
                 "seed": 1234}
                """));
    assertThat(provider.unsentSettings(request, "gemini-2.5-flash")).isEmpty();
  }

  @Test
  void toolsFunctionCallsAndFunctionResponses() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .user("Weather in Paris?")
            .message(
                Message.assistant(
                    "Let me check.",
                    List.of(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"))))
            .message(Message.tool("call_0", "{\"temperature\":18,\"sky\":\"sunny\"}"))
            .message(Message.assistant("", List.of(new ToolCall("call_9", "get_time", "{}"))))
            .message(Message.tool("call_9", "14:05"))
            .user("Thanks. And tomorrow?")
            .tool(
                new Tool(
                    "get_weather",
                    "Current weather for a city",
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
            .tool(new Tool("get_time", "", null))
            .build();

    assertThat(json(sent(request).body()))
        .isEqualTo(
            json(
                """
                {
                  "contents": [
                    {"role": "user", "parts": [{"text": "Weather in Paris?"}]},
                    {"role": "model", "parts": [
                      {"text": "Let me check."},
                      {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}]},
                    {"role": "user", "parts": [
                      {"functionResponse": {"name": "get_weather",
                                            "response": {"temperature": 18, "sky": "sunny"}}}]},
                    {"role": "model", "parts": [
                      {"functionCall": {"name": "get_time", "args": {}}}]},
                    {"role": "user", "parts": [
                      {"functionResponse": {"name": "get_time", "response": {"output": "14:05"}}},
                      {"text": "Thanks. And tomorrow?"}]}
                  ],
                  "tools": [{"functionDeclarations": [
                    {"name": "get_weather", "description": "Current weather for a city",
                     "parametersJsonSchema": {"type": "object", "properties": {"city": {"type": "string"}},
                                    "required": ["city"]}},
                    {"name": "get_time", "parametersJsonSchema": {"type": "object", "properties": {}}}
                  ]}]
                }
                """));
  }

  @Test
  void consecutiveTurnsOfOneRoleMergeAndEmptyTurnsAreDropped() throws Exception {
    ChatRequest request =
        ChatRequest.builder().user("first").user("second").assistant("").assistant("reply").build();

    assertThat(json(sent(request).body()).path("contents"))
        .isEqualTo(
            json(
                """
                [{"role": "user", "parts": [{"text": "first"}, {"text": "second"}]},
                 {"role": "model", "parts": [{"text": "reply"}]}]
                """));
  }

  @Test
  void jsonObjectModeAsksForJsonByMimeType() throws Exception {
    JsonNode config =
        json(sent(ChatRequest.builder().user("a").responseFormat(ResponseFormat.json()).build())
                .body())
            .path("generationConfig");

    assertThat(config).isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
  }

  @Test
  void jsonSchemaModeSendsTheRawSchemaAsResponseJsonSchema() throws Exception {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"colour\":{\"type\":\"string\"}},"
            + "\"required\":[\"colour\"],\"additionalProperties\":false}";

    JsonNode config =
        json(sent(ChatRequest.builder()
                    .user("a")
                    .responseFormat(ResponseFormat.jsonSchema("c", schema))
                    .build())
                .body())
            .path("generationConfig");

    assertThat(config)
        .isEqualTo(
            json(
                "{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":"
                    + schema
                    + "}"));
  }

  @Test
  void extraHeadersAndABasePathAreKept() {
    GeminiProvider withExtras =
        GeminiProvider.builder()
            .baseUrl(server.baseUrl() + "/google/")
            .apiKey(ApiKey.of(KEY))
            .header("x-goog-user-project", "my-project")
            .build();

    LoopbackServer.Recorded request = sent(withExtras, ChatRequest.of("a"), "gemini-2.5-pro");

    assertThat(request.uri().getPath())
        .isEqualTo("/google/v1beta/models/gemini-2.5-pro:generateContent");
    assertThat(request.header("x-goog-user-project")).isEqualTo("my-project");
  }

  @Test
  void aSchemaThatIsNotJsonFailsAsABadRequestWithoutSending() {
    ChatRequest request =
        ChatRequest.builder()
            .user("a")
            .responseFormat(ResponseFormat.jsonSchema("s", "[1, 2]"))
            .build();

    Throwable thrown = catchThrowable(() -> provider.send(request, "gemini-2.5-flash").join());

    assertThat(thrown)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ProviderException.class);
    assertThat(((ProviderException) thrown.getCause()).failure().kind())
        .isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(server.requestCount()).isZero();
  }
}
