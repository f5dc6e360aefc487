package dev.lifeline.provider.anthropic;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Messages API streams over HTTP: deltas, the assembled answer, truncation and mid-stream errors.
 */
class AnthropicStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String MESSAGE_START =
      event(
          "message_start",
          """
          {"type": "message_start", "message": {"id": "msg_1", "type": "message",
           "role": "assistant", "content": [], "model": "claude-sonnet-4-20250514",
           "stop_reason": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}
          """);
  static final String TEXT_START =
      event(
          "content_block_start",
          """
          {"type": "content_block_start", "index": 0,
           "content_block": {"type": "text", "text": ""}}
          """);
  static final String PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
  static final String BLOCK_STOP = blockStop(0);
  static final String MESSAGE_STOP = event("message_stop", "{\"type\": \"message_stop\"}");

  /** One SSE event, its JSON written on one {@code data:} line as the API does. */
  static String event(String name, String json) {
    try {
      return "event: " + name + "\ndata: " + JSON.readTree(json) + "\n\n";
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static String textDelta(String text) {
    return event(
        "content_block_delta",
        """
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": %s}}
        """
            .formatted(quote(text)));
  }

  static String inputJsonDelta(int index, String partialJson) {
    return event(
        "content_block_delta",
        """
        {"type": "content_block_delta", "index": %d,
         "delta": {"type": "input_json_delta", "partial_json": %s}}
        """
            .formatted(index, quote(partialJson)));
  }

  static String toolUseStart(int index, String id, String name) {
    return event(
        "content_block_start",
        """
        {"type": "content_block_start", "index": %d,
         "content_block": {"type": "tool_use", "id": "%s", "name": "%s", "input": {}}}
        """
            .formatted(index, id, name));
  }

  static String blockStop(int index) {
    return event(
        "content_block_stop", "{\"type\": \"content_block_stop\", \"index\": %d}".formatted(index));
  }

  static String messageDelta(String stopReason, int outputTokens) {
    return event(
        "message_delta",
        """
        {"type": "message_delta", "delta": {"stop_reason": "%s", "stop_sequence": null},
         "usage": {"output_tokens": %d}}
        """
            .formatted(stopReason, outputTokens));
  }

  static String error(String type, String message) {
    return event(
        "error",
        "{\"type\": \"error\", \"error\": {\"type\": \"%s\", \"message\": \"%s\"}}"
            .formatted(type, message));
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private final LoopbackServer server = LoopbackServer.start();
  private final AnthropicProvider provider =
      AnthropicProvider.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("test-key")).build();
  private final List<String> deltas = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  private ChatResponse stream() {
    return provider.stream(ChatRequest.of("q"), "claude-sonnet-4-20250514", deltas::add).join();
  }

  private Failure streamFailure() {
    return failureOf(this::stream);
  }

  @Test
  void deltasArriveInOrderAndTheAnswerIsAssembled() throws Exception {
    server.respondStream(
        MESSAGE_START,
        TEXT_START,
        PING,
        textDelta("Refund"),
        textDelta(" approved"),
        textDelta("."),
        BLOCK_STOP,
        messageDelta("end_turn", 15),
        MESSAGE_STOP);

    ChatResponse response = stream();

    assertThat(deltas).containsExactly("Refund", " approved", ".");
    assertThat(response.text()).isEqualTo("Refund approved.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(25, 15));
    assertThat(response.requestId()).isEqualTo("msg_1");
    assertThat(response.model()).isEqualTo("claude-sonnet-4-20250514");
    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(new ObjectMapper().readTree(request.body()).path("stream").asBoolean()).isTrue();
    assertThat(request.header("accept")).isEqualTo("text/event-stream");
  }

  @Test
  void toolUseInputIsAssembledFromItsJsonDeltas() {
    server.respondStream(
        MESSAGE_START,
        TEXT_START,
        textDelta("Let me check."),
        BLOCK_STOP,
        toolUseStart(1, "toolu_01", "get_weather"),
        inputJsonDelta(1, ""),
        inputJsonDelta(1, "{\"city\": \"Par"),
        inputJsonDelta(1, "is\"}"),
        blockStop(1),
        toolUseStart(2, "toolu_02", "get_time"),
        blockStop(2),
        messageDelta("tool_use", 40),
        MESSAGE_STOP);

    ChatResponse response = stream();

    assertThat(deltas).containsExactly("Let me check.");
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("toolu_01", "get_weather", "{\"city\": \"Paris\"}"),
            new ToolCall("toolu_02", "get_time", "{}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void aStreamSplitAtEveryFewCharactersWithCrlfParsesTheSame() {
    String whole =
        (MESSAGE_START
                + TEXT_START
                + textDelta("héllo ")
                + textDelta("wörld")
                + BLOCK_STOP
                + messageDelta("max_tokens", 2)
                + MESSAGE_STOP)
            .replace("\n", "\r\n");
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < whole.length(); i += 7) {
      pieces.add(whole.substring(i, Math.min(whole.length(), i + 7)));
    }
    server.respondStream(pieces.toArray(String[]::new));

    ChatResponse response = stream();

    assertThat(String.join("", deltas)).isEqualTo("héllo wörld");
    assertThat(response.text()).isEqualTo("héllo wörld");
    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void aStreamCutBeforeMessageStopIsAnInvalidResponse() {
    server.respondStream(
        MESSAGE_START, TEXT_START, textDelta("Refund"), BLOCK_STOP, messageDelta("end_turn", 3));

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(deltas).containsExactly("Refund");
  }

  @Test
  void aStreamCutInTheMiddleOfAnEventIsAnInvalidResponse() {
    server.respondStream(
        MESSAGE_START,
        TEXT_START,
        textDelta("Refund"),
        "event: message_stop\ndata: {\"type\":\"mess");

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void anEmptyStreamIsAnInvalidResponse() {
    server.respondStream();

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void theCorpusMidStreamErrorIsOverloaded() {
    // streams.md, verbatim: an error event after HTTP 200 and a first delta.
    server.respondStream(
        MESSAGE_START,
        TEXT_START,
        PING,
        textDelta("Refund"),
        "event: error\n"
            + "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\":"
            + " \"Overloaded\"}}\n\n");

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(failure.providerCode()).isEqualTo("overloaded_error");
    assertThat(deltas).containsExactly("Refund");
  }

  @ParameterizedTest
  @CsvSource({
    "api_error, SERVER_ERROR",
    "overloaded_error, OVERLOADED",
    "rate_limit_error, RATE_LIMITED",
    "timeout_error, TIMEOUT",
    "authentication_error, AUTHENTICATION",
    "permission_error, PERMISSION",
    "not_found_error, MODEL_NOT_FOUND",
    "billing_error, QUOTA_EXHAUSTED",
    "invalid_request_error, BAD_REQUEST",
    "request_too_large, CONTEXT_LENGTH_EXCEEDED"
  })
  void eachErrorTypeMidStreamFailsAsItsStatusWould(String type, ErrorKind expected) {
    server.respondStream(MESSAGE_START, error(type, "Something went wrong"), MESSAGE_STOP);

    assertThat(streamFailure().kind()).isEqualTo(expected);
  }

  @Test
  void aContextWindowStopMidStreamIsAContextOverflow() {
    server.respondStream(
        MESSAGE_START,
        TEXT_START,
        textDelta("partial"),
        BLOCK_STOP,
        messageDelta("model_context_window_exceeded", 9),
        MESSAGE_STOP);

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
  }

  @Test
  void aRefusalMidStreamKeepsThePartialTextAndSaysRefusal() {
    server.respondStream(
        MESSAGE_START,
        TEXT_START,
        textDelta("Sure, here"),
        BLOCK_STOP,
        messageDelta("refusal", 4),
        MESSAGE_STOP);

    ChatResponse response = stream();

    assertThat(response.finishReason()).isEqualTo(FinishReason.REFUSAL);
    assertThat(response.text()).isEqualTo("Sure, here");
  }

  @Test
  void anErrorStatusOnAStreamingRequestIsClassified() {
    server.respond(
        529,
        Map.of("content-type", "application/json"),
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

    Failure failure = streamFailure();

    assertThat(failure.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(failure.status()).isEqualTo(529);
    assertThat(deltas).isEmpty();
  }

  @Test
  void aJsonErrorServedAs200InsteadOfAStreamIsClassified() {
    server.respond(
        200,
        Map.of("content-type", "application/json"),
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate"
            + " limited\"}}");

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }

  @Test
  void eventsAfterMessageStopAndUnknownEventsAreIgnored() {
    server.respondStream(
        MESSAGE_START,
        "event: brand_new_event\ndata: {\"type\":\"brand_new_event\",\"x\":1}\n\n",
        TEXT_START,
        textDelta("done"),
        BLOCK_STOP,
        messageDelta("stop_sequence", 1),
        MESSAGE_STOP,
        textDelta(" and more"));

    ChatResponse response = stream();

    assertThat(response.text()).isEqualTo("done");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void anUnreadableEventIsAnInvalidResponse() {
    server.respondStream(
        MESSAGE_START, "event: content_block_delta\ndata: {not json\n\n", MESSAGE_STOP);

    assertThat(streamFailure().kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }
}
