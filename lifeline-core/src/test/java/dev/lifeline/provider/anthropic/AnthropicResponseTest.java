package dev.lifeline.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.ServedCalls;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a Messages API answer served over HTTP becomes a {@link ChatResponse}, or a failure. */
class AnthropicResponseTest {

  private final ServedCalls calls =
      new ServedCalls(
          url -> AnthropicProvider.builder().baseUrl(url).apiKey(ApiKey.of("test-key")).build(),
          "claude-requested");

  @AfterEach
  void stop() {
    calls.close();
  }

  private static String message(String content, String stopReason) {
    return """
    {"id": "msg_01", "type": "message", "role": "assistant",
     "model": "claude-sonnet-4-20250514", "content": %s, "stop_reason": %s,
     "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 12}}
    """
        .formatted(content, stopReason);
  }

  @Test
  void textBlocksAreJoinedWithUsageModelAndTheBodyIdAsRequestId() {
    ChatResponse response =
        calls.answer(
            message(
                """
                [{"type": "thinking", "thinking": "hmm", "signature": "x"},
                 {"type": "text", "text": "Refund "}, {"type": "text", "text": "approved."}]
                """,
                "\"end_turn\""));

    assertThat(response.text()).isEqualTo("Refund approved.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(25, 12));
    assertThat(response.requestId()).isEqualTo("msg_01");
    assertThat(response.model()).isEqualTo("claude-sonnet-4-20250514");
    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.refusal()).isNull();
  }

  @Test
  void theRequestIdHeaderWinsOverTheBodyId() {
    ChatResponse response =
        calls.answer(
            Map.of(
                "content-type", "application/json", "request-id", "req_011CSHoEeqs5C35K2UUqR7Fy"),
            message("[{\"type\":\"text\",\"text\":\"ok\"}]", "\"end_turn\""));

    assertThat(response.requestId()).isEqualTo("req_011CSHoEeqs5C35K2UUqR7Fy");
  }

  @Test
  void toolUseBlocksBecomeToolCallsWithTheirInputAsJsonText() {
    ChatResponse response =
        calls.answer(
            message(
                """
                [{"type": "text", "text": "Checking."},
                 {"type": "tool_use", "id": "toolu_01", "name": "get_weather",
                  "input": {"city": "Paris", "days": 2}},
                 {"type": "tool_use", "id": "toolu_02", "name": "get_time", "input": {}}]
                """,
                "\"tool_use\""));

    assertThat(response.text()).isEqualTo("Checking.");
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\",\"days\":2}"),
            new ToolCall("toolu_02", "get_time", "{}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void aRefusalIsAnAnswerWhoseFinishReasonSaysSo() {
    ChatResponse response =
        calls.answer(
            message("[{\"type\":\"text\",\"text\":\"I can't help with that.\"}]", "\"refusal\""));

    assertThat(response.finishReason()).isEqualTo(FinishReason.REFUSAL);
    assertThat(response.text()).isEqualTo("I can't help with that.");
  }

  @ParameterizedTest
  @CsvSource({
    "\"end_turn\", STOP",
    "\"stop_sequence\", STOP",
    "\"max_tokens\", LENGTH",
    "\"tool_use\", TOOL_CALLS",
    "\"refusal\", REFUSAL",
    "\"pause_turn\", UNKNOWN",
    "\"something_new\", UNKNOWN",
    "null, UNKNOWN"
  })
  void stopReasonsMapToFinishReasons(String stopReason, FinishReason expected) {
    ChatResponse response =
        calls.answer(message("[{\"type\":\"text\",\"text\":\"x\"}]", stopReason));

    assertThat(response.finishReason()).isEqualTo(expected);
  }

  @Test
  void cachedInputTokensCountAsPromptTokens() {
    ChatResponse response =
        calls.answer(
            """
            {"id": "msg_1", "model": "m", "content": [{"type": "text", "text": "x"}],
             "stop_reason": "end_turn",
             "usage": {"input_tokens": 10, "cache_creation_input_tokens": 100,
                       "cache_read_input_tokens": 1000, "output_tokens": 5}}
            """);

    assertThat(response.usage()).isEqualTo(new Usage(1110, 5));
  }

  @Test
  void theRequestedModelStandsInWhenTheAnswerNamesNone() {
    ChatResponse response =
        calls.answer(
            "{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"end_turn\"}");

    assertThat(response.model()).isEqualTo("claude-requested");
    assertThat(response.usage()).isEqualTo(Usage.NONE);
    assertThat(response.requestId()).isNull();
  }

  @Test
  void aContextWindowStopOnA200IsAContextOverflow() {
    Failure failure =
        calls.failure(
            200,
            Map.of("content-type", "application/json"),
            message(
                "[{\"type\":\"text\",\"text\":\"partial\"}]", "\"model_context_window_exceeded\""));

    assertThat(failure.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(failure.providerCode()).isEqualTo("model_context_window_exceeded");
  }

  @Test
  void anUnparseable200IsAnInvalidResponse() {
    Failure failure =
        calls.failure(
            200,
            Map.of("content-type", "application/json"),
            "{\"id\":\"msg_1\",\"content\":[{\"ty");

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void a200WithoutContentIsAnInvalidResponse() {
    assertThat(calls.failure(200, Map.of(), "{\"id\":\"msg_1\",\"type\":\"message\"}").kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(
            calls
                .failure(
                    200, Map.of("content-type", "text/html"), "<html><body>Welcome</body></html>")
                .kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(calls.failure(200, Map.of(), "").kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void anErrorEnvelopeInA200IsAFailureOfItsKind() {
    Failure failure =
        calls.failure(
            200,
            Map.of(),
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of"
                + " requests has exceeded your rate limit\"}}");

    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }
}
