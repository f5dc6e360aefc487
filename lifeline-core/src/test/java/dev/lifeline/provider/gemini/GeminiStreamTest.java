package dev.lifeline.provider.gemini;

import static dev.lifeline.provider.ProviderFailures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code streamGenerateContent?alt=sse} over HTTP: deltas, completion by finishReason, errors. */
class GeminiStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One SSE event whose data is {@code json} on one line, as Gemini sends it. */
  static String data(String json) {
    try {
      return "data: " + JSON.readTree(json) + "\n\n";
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static String chunk(String text) {
    return data(
        """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "%s"}]}, "index": 0}],
         "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9},
         "modelVersion": "gemini-2.5-flash", "responseId": "resp-1"}
        """
            .formatted(text));
  }

  static String last(String text, String finishReason) {
    return data(
        """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "%s"}]},
                         "finishReason": "%s", "index": 0}],
         "usageMetadata": {"promptTokenCount": 9, "candidatesTokenCount": 6, "totalTokenCount": 15},
         "modelVersion": "gemini-2.5-flash", "responseId": "resp-1"}
        """
            .formatted(text, finishReason));
  }

  static String functionCall(String name, String argsJson, String finishReason) {
    return data(
        """
        {"candidates": [{"content": {"role": "model",
                                     "parts": [{"functionCall": {"name": "%s", "args": %s}}]},
                         %s "index": 0}]}
        """
            .formatted(
                name,
                argsJson,
                finishReason == null ? "" : "\"finishReason\": \"" + finishReason + "\","));
  }

  private final LoopbackServer server = LoopbackServer.start();
  private final GeminiProvider provider =
      GeminiProvider.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("test-key")).build();
  private final List<String> deltas = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  private ChatResponse stream() {
    return provider.stream(ChatRequest.of("q"), "gemini-2.5-flash", deltas::add).join();
  }

  private Failure streamFailure() {
    return failureOf(this::stream);
  }

  @Test
  void deltasArriveInOrderAndTheStreamEndsWithAFinishReason() {
    server.respondStream(chunk("Refund"), chunk(" approved"), last(".", "STOP"));

    ChatResponse response = stream();

    assertThat(deltas).containsExactly("Refund", " approved", ".");
    assertThat(response.text()).isEqualTo("Refund approved.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(9, 6));
    assertThat(response.requestId()).isEqualTo("resp-1");
    assertThat(response.model()).isEqualTo("gemini-2.5-flash");
  }

  @Test
  void aUsageOnlyChunkAfterTheFinishReasonIsKept() {
    server.respondStream(
        last("Done", "MAX_TOKENS"),
        data("{\"usageMetadata\": {\"promptTokenCount\": 9, \"candidatesTokenCount\": 8}}"));

    ChatResponse response = stream();

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.usage()).isEqualTo(new Usage(9, 8));
  }

  @Test
  void functionCallsInAStreamBecomeToolCalls() {
    server.respondStream(
        functionCall("get_weather", "{\"city\": \"Paris\"}", null),
        functionCall("get_time", "{\"tz\": \"CET\"}", "STOP"));

    ChatResponse response = stream();

    assertThat(deltas).isEmpty();
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
            new ToolCall("call_1", "get_time", "{\"tz\":\"CET\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void aStreamSplitAtEveryFewCharactersWithCrlfParsesTheSame() {
    String whole = (chunk("héllo ") + last("wörld", "STOP")).replace("\n", "\r\n");
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < whole.length(); i += 5) {
      pieces.add(whole.substring(i, Math.min(whole.length(), i + 5)));
    }
    server.respondStream(pieces.toArray(String[]::new));

    assertThat(stream().text()).isEqualTo("héllo wörld");
    assertThat(deltas).containsExactly("héllo ", "wörld");
  }

  @Test
  void aStreamThatEndsWithoutAFinishReasonIsAnInvalidResponse() {
    server.respondStream(chunk("Refund"), chunk(" appro"));

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(deltas).containsExactly("Refund", " appro");
  }

  @Test
  void aStreamCutInsideItsLastEventIsAnInvalidResponse() {
    server.respondStream(chunk("Refund"), last(" approved", "STOP").substring(0, 60));

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void anErrorChunkMidStreamIsClassified() {
    server.respondStream(
        chunk("Refund"),
        "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again"
            + " later.\",\"status\":\"UNAVAILABLE\"}}\n\n");

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(deltas).containsExactly("Refund");
  }

  @Test
  void aPlainJsonErrorOverSeveralLinesMidStreamIsClassified() {
    // Google writes it without "data:", pretty-printed; the official SDK balances braces to read
    // it.
    server.respondStream(
        chunk("Refund"),
        "{\n"
            + "  \"error\": {\n"
            + "    \"code\": 429,\n"
            + "    \"message\": \"Resource has been exhausted {quota}.\",\n",
        "    \"status\": \"RESOURCE_EXHAUSTED\"\n  }\n}\n");

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(deltas).containsExactly("Refund");
  }

  @Test
  void aPlainJsonTextCutOffIsAnInvalidResponse() {
    server.respondStream(
        chunk("Refund"), "[{\n  \"error\": {\n    \"code\": 500,\n    \"status\": \"INTERNAL\"");

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void aStreamServedAsOneJsonArrayInsteadOfSseIsStillRead() {
    // What streamGenerateContent sends without alt=sse: the chunks as one pretty-printed array.
    server.respondStream(
        "[{\n  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}]}}]\n}\n,",
        "{\n"
            + "  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"lo\"}]},"
            + " \"finishReason\": \"STOP\"}]\n"
            + "}\n"
            + "]\n");

    ChatResponse response = stream();

    assertThat(response.text()).isEqualTo("Hello");
    assertThat(deltas).containsExactly("Hel", "lo");
  }

  @Test
  void aBlockedPromptInAStreamIsContentFiltered() {
    server.respondStream(
        data("{\"promptFeedback\": {\"blockReason\": \"SAFETY\"}, \"usageMetadata\": {}}"));

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
  }

  @Test
  void aCandidateWithheldBeforeAnyTextIsContentFiltered() {
    server.respondStream(
        "data: {\"candidates\":[{\"finishReason\":\"RECITATION\",\"index\":0}]}\n\n");

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
  }

  @Test
  void aSafetyStopAfterSomeTextEndsTheAnswerAsContentFilter() {
    server.respondStream(
        chunk("Here is how"),
        "data: {\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}\n\n");

    ChatResponse response = stream();

    assertThat(response.text()).isEqualTo("Here is how");
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void anErrorStatusOnAStreamingRequestIsClassified() {
    server.respond(
        429,
        Map.of("content-type", "application/json"),
        "[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
            + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
            + "\"retryDelay\":\"2s\"}]}}]");

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.retryAfter()).hasSeconds(2);
    assertThat(deltas).isEmpty();
  }

  @Test
  void anUnreadableChunkIsAnInvalidResponse() {
    server.respondStream(chunk("a"), "data: {\"candidates\": [oops\n\n", last("b", "STOP"));

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }
}
