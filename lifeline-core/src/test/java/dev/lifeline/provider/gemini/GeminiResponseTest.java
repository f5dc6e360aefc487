package dev.lifeline.provider.gemini;

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

/** How a GenerateContentResponse served over HTTP becomes a {@link ChatResponse}, or a failure. */
class GeminiResponseTest {

  private final ServedCalls calls =
      new ServedCalls(
          url -> GeminiProvider.builder().baseUrl(url).apiKey(ApiKey.of("test-key")).build(),
          "gemini-requested");

  @AfterEach
  void stop() {
    calls.close();
  }

  private static String candidate(String parts, String finishReason) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
        + parts
        + "},"
        + "\"finishReason\":\""
        + finishReason
        + "\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":4,\"totalTokenCount\":13},"
        + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-abc\"}";
  }

  @Test
  void textPartsAreJoinedWithUsageModelVersionAndResponseId() {
    ChatResponse response =
        calls.answer(
            candidate(
                "[{\"text\":\"thinking...\",\"thought\":true},{\"text\":\"Refund"
                    + " \"},{\"text\":\"approved.\"}]",
                "STOP"));

    assertThat(response.text()).isEqualTo("Refund approved.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(9, 4));
    assertThat(response.model()).isEqualTo("gemini-2.5-flash");
    assertThat(response.requestId()).isEqualTo("resp-abc");
    assertThat(response.provider()).isEqualTo("gemini");
  }

  @Test
  void aRequestIdHeaderWinsOverTheResponseId() {
    ChatResponse response =
        calls.answer(
            Map.of("content-type", "application/json", "x-request-id", "goog-req-1"),
            candidate("[{\"text\":\"ok\"}]", "STOP"));

    assertThat(response.requestId()).isEqualTo("goog-req-1");
  }

  @Test
  void functionCallsBecomeToolCallsWithGeneratedIdsWhenAbsent() {
    ChatResponse response =
        calls.answer(
            candidate(
                "[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}},"
                    + "{\"functionCall\":{\"id\":\"fc-7\",\"name\":\"get_time\",\"args\":{}}},"
                    + "{\"functionCall\":{\"name\":\"ping\"}}]",
                "STOP"));

    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
            new ToolCall("fc-7", "get_time", "{}"),
            new ToolCall("call_2", "ping", "{}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.text()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "STOP, STOP",
    "MAX_TOKENS, LENGTH",
    "SAFETY, CONTENT_FILTER",
    "RECITATION, CONTENT_FILTER",
    "PROHIBITED_CONTENT, CONTENT_FILTER",
    "BLOCKLIST, CONTENT_FILTER",
    "SPII, CONTENT_FILTER",
    "MALFORMED_FUNCTION_CALL, ERROR",
    "LANGUAGE, UNKNOWN",
    "OTHER, UNKNOWN",
    "FINISH_REASON_UNSPECIFIED, UNKNOWN"
  })
  void finishReasonsMap(String finishReason, FinishReason expected) {
    // With some text: an answer that came through, cut or not, is for the validators to judge.
    ChatResponse response = calls.answer(candidate("[{\"text\":\"partial\"}]", finishReason));

    assertThat(response.finishReason()).isEqualTo(expected);
  }

  @Test
  void thoughtTokensCountAsCompletionTokens() {
    ChatResponse response =
        calls.answer(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,\"thoughtsTokenCount\":100}}");

    assertThat(response.usage()).isEqualTo(new Usage(10, 105));
    assertThat(response.model()).isEqualTo("gemini-requested");
  }

  @Test
  void aStopWithNoPartsIsAnEmptyAnswerNotAFailure() {
    ChatResponse response =
        calls.answer(
            "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"STOP\"}]}");

    assertThat(response.text()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void aBlockedPromptIsContentFiltered() {
    Failure failure =
        calls.failure(
            200,
            "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{\"promptTokenCount\":9}}");

    assertThat(failure.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
    assertThat(failure.providerCode()).isEqualTo("PROHIBITED_CONTENT");
  }

  @ParameterizedTest
  @CsvSource({"SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII"})
  void aCandidateWithheldWithNoPartsIsContentFiltered(String finishReason) {
    Failure failure =
        calls.failure(
            200, "{\"candidates\":[{\"finishReason\":\"" + finishReason + "\",\"index\":0}]}");

    assertThat(failure.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
    assertThat(failure.providerCode()).isEqualTo(finishReason);
  }

  @Test
  void unparseableOrEmpty200sAreInvalidResponses() {
    assertThat(calls.failure(200, "{\"candidates\":[{\"content\":{\"par").kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(calls.failure(200, "{}").kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(calls.failure(200, "{\"candidates\":[]}").kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(calls.failure(200, "").kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }
}
