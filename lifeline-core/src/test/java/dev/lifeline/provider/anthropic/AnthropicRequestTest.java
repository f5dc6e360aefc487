package dev.lifeline.provider.anthropic;

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
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What reaches Anthropic: path, headers and the exact JSON body, for each part of a request. */
class AnthropicRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-ant-api03-test-0123456789abcdefghij";
  private static final String ANSWER =
      """
      {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
       "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn",
       "usage": {"input_tokens": 3, "output_tokens": 1}}
      """;

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private AnthropicProvider provider() {
    return AnthropicProvider.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of(KEY)).build();
  }

  private LoopbackServer.Recorded sent(AnthropicProvider provider, ChatRequest request) {
    server.respondJson(200, ANSWER);
    provider.send(request, "claude-sonnet-4-20250514").join();
    return server.takeRequest();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void postsToMessagesWithKeyVersionAndJsonHeaders() {
    LoopbackServer.Recorded request = sent(provider(), ChatRequest.of("Hello"));

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().getPath()).isEqualTo("/v1/messages");
    assertThat(request.uri().getRawQuery()).isNull();
    assertThat(request.header("x-api-key")).isEqualTo(KEY);
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("authorization")).isNull();
  }

  @Test
  void aSingleUserPromptWithTheDefaultMaxTokens() throws Exception {
    LoopbackServer.Recorded request = sent(provider(), ChatRequest.of("Hello"));

    assertThat(json(request.body()))
        .isEqualTo(
            json(
                """
                {
                  "model": "claude-sonnet-4-20250514",
                  "max_tokens": 4096,
                  "messages": [{"role": "user", "content": "Hello"}]
                }
                """));
  }

  @Test
  void theRequestsMaxTokensWinsAndTheDefaultIsConfigurable() throws Exception {
    AnthropicProvider provider =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(ApiKey.of(KEY))
            .defaultMaxTokens(1000)
            .build();

    JsonNode byDefault = json(sent(provider, ChatRequest.of("a")).body());
    JsonNode explicit =
        json(sent(provider, ChatRequest.builder().user("a").maxTokens(77).build()).body());

    assertThat(byDefault.path("max_tokens").asInt()).isEqualTo(1000);
    assertThat(explicit.path("max_tokens").asInt()).isEqualTo(77);
  }

  @Test
  void everySystemMessageJoinsTheTopLevelSystemField() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .system("You are terse.")
            .user("Hi")
            .system("Answer in French.")
            .temperature(0.2)
            .stop("END")
            .stop("STOP")
            .build();

    assertThat(json(sent(provider(), request).body()))
        .isEqualTo(
            json(
                """
                {
                  "model": "claude-sonnet-4-20250514",
                  "max_tokens": 4096,
                  "system": "You are terse.\\n\\nAnswer in French.",
                  "messages": [{"role": "user", "content": "Hi"}],
                  "stop_sequences": ["END", "STOP"]
                }
                """));
  }

  @Test
  void toolsToolUseAndToolResultBlocks() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .user("Weather in Paris?")
            .message(
                Message.assistant(
                    "Let me check.",
                    List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"))))
            .message(Message.tool("toolu_1", "18°C, sunny"))
            .user("And tomorrow?")
            .tool(
                new Tool(
                    "get_weather",
                    "Current weather for a city",
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
            .build();

    assertThat(json(sent(provider(), request).body()))
        .isEqualTo(
            json(
                """
                {
                  "model": "claude-sonnet-4-20250514",
                  "max_tokens": 4096,
                  "messages": [
                    {"role": "user", "content": "Weather in Paris?"},
                    {"role": "assistant", "content": [
                      {"type": "text", "text": "Let me check."},
                      {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18°C, sunny"},
                      {"type": "text", "text": "And tomorrow?"}]}
                  ],
                  "tools": [{
                    "name": "get_weather",
                    "description": "Current weather for a city",
                    "input_schema": {
                      "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
                  }]
                }
                """));
  }

  @Test
  void consecutiveTurnsOfOneRoleMergeAndEmptyTurnsAreDropped() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .user("first")
            .user("second")
            .assistant("")
            .assistant("reply")
            .assistant("more")
            .build();

    JsonNode messages = json(sent(provider(), request).body()).path("messages");

    assertThat(messages)
        .isEqualTo(
            json(
                """
                [
                  {"role": "user", "content": [
                    {"type": "text", "text": "first"}, {"type": "text", "text": "second"}]},
                  {"role": "assistant", "content": [
                    {"type": "text", "text": "reply"}, {"type": "text", "text": "more"}]}
                ]
                """));
  }

  @Test
  void parallelToolCallsWithAnAssistantTurnOfToolsOnly() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .user("Compare")
            .message(
                Message.assistant(
                    "",
                    List.of(
                        new ToolCall("toolu_a", "lookup", "{\"q\":\"a\"}"),
                        new ToolCall("toolu_b", "lookup", "not json"))))
            .message(Message.tool("toolu_a", "A"))
            .message(Message.tool("toolu_b", "B"))
            .build();

    JsonNode messages = json(sent(provider(), request).body()).path("messages");

    assertThat(messages.get(1))
        .isEqualTo(
            json(
                """
                {"role": "assistant", "content": [
                  {"type": "tool_use", "id": "toolu_a", "name": "lookup", "input": {"q": "a"}},
                  {"type": "tool_use", "id": "toolu_b", "name": "lookup", "input": {"arguments": "not json"}}
                ]}
                """));
    assertThat(messages.get(2))
        .isEqualTo(
            json(
                """
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_a", "content": "A"},
                  {"type": "tool_result", "tool_use_id": "toolu_b", "content": "B"}
                ]}
                """));
  }

  @Test
  void jsonObjectModeAddsAnInstructionToTheSystemPrompt() throws Exception {
    ChatRequest request =
        ChatRequest.builder()
            .system("Be brief.")
            .user("List two colours")
            .responseFormat(ResponseFormat.json())
            .build();

    JsonNode body = json(sent(provider(), request).body());

    assertThat(body.path("system").asText())
        .isEqualTo("Be brief.\n\n" + AnthropicRequestWriter.JSON_OBJECT_INSTRUCTION);
    assertThat(body.has("response_format")).isFalse();
  }

  @Test
  void jsonSchemaModeIsTheStructuredOutputFormatWithNoInstructionInThePrompt() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"colour\":{\"type\":\"string\"}}}";
    ChatRequest request =
        ChatRequest.builder()
            .system("Be brief.")
            .user("A colour")
            .responseFormat(ResponseFormat.jsonSchema("c", schema))
            .build();

    JsonNode body = json(sent(provider(), request).body());

    assertThat(body.path("output_config"))
        .isEqualTo(json("{\"format\":{\"type\":\"json_schema\",\"schema\":" + schema + "}}"));
    assertThat(body.path("system").asText()).isEqualTo("Be brief.");
  }

  @Test
  void noSamplingParameterIsSentSinceTheCurrentApiDeprecatesThemAndEachIsNamed() throws Exception {
    ChatRequest sampled =
        ChatRequest.builder()
            .user("a")
            .temperature(0.3)
            .topP(0.9)
            .topK(40)
            .frequencyPenalty(0.5)
            .presencePenalty(0.5)
            .seed(7)
            .build();
    JsonNode body = json(sent(provider(), sampled).body());

    for (String field :
        List.of("temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "seed")) {
      assertThat(body.has(field)).as(field).isFalse();
    }
    assertThat(body.path("messages")).hasSize(1);
    String why = " (Anthropic's Messages API deprecates or lacks sampling settings)";
    assertThat(provider().unsentSettings(sampled, "claude-sonnet-4-20250514"))
        .extracting(UnsentSetting::toString)
        .containsExactly(
            "temperature=0.3" + why,
            "topP=0.9" + why,
            "topK=40" + why,
            "frequencyPenalty=0.5" + why,
            "presencePenalty=0.5" + why,
            "seed=7" + why);
  }

  @Test
  void extraHeadersAreSentAndMayReplaceTheVersion() {
    AnthropicProvider provider =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl() + "/proxy/")
            .apiKey(ApiKey.of(KEY))
            .header("anthropic-beta", "tools-2024-04-04")
            .header("Anthropic-Version", "2024-01-01")
            .build();

    LoopbackServer.Recorded request = sent(provider, ChatRequest.of("a"));

    assertThat(request.uri().getPath()).isEqualTo("/proxy/v1/messages");
    assertThat(request.header("anthropic-beta")).isEqualTo("tools-2024-04-04");
    assertThat(request.headers().get("anthropic-version")).containsExactly("2024-01-01");
  }

  @Test
  void aSchemaThatIsNotJsonFailsAsABadRequestWithoutSending() {
    ChatRequest request =
        ChatRequest.builder().user("a").tool(new Tool("broken", "", "{not json")).build();

    Throwable thrown =
        catchThrowable(() -> provider().send(request, "claude-sonnet-4-20250514").join());

    assertThat(thrown)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ProviderException.class);
    assertThat(((ProviderException) thrown.getCause()).failure().kind())
        .isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(server.requestCount()).isZero();
  }
}
