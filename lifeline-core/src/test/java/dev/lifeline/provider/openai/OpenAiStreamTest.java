package dev.lifeline.provider.openai;

import static dev.lifeline.provider.openai.OpenAiTestServer.Sse.content;
import static dev.lifeline.provider.openai.OpenAiTestServer.Sse.data;
import static dev.lifeline.provider.openai.OpenAiTestServer.Sse.done;
import static dev.lifeline.provider.openai.OpenAiTestServer.Sse.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import dev.lifeline.provider.openai.OpenAiTestServer.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams over real HTTP: deltas in order, the whole answer at the end, and every way a stream
 * fails.
 */
class OpenAiStreamTest {

  private final OpenAiTestServer server = OpenAiTestServer.start();
  private final OpenAiProvider provider =
      OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();
  private final List<String> deltas = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void deliversDeltasInOrderAndTheWholeAnswerAtTheEnd() {
    server.enqueue(
        Reply.stream(
            Map.of("x-request-id", "req_stream"), Sse.of("Refund", " approved", " today.")));

    ChatResponse answer = Await.answer(stream(ChatRequest.of("refund?")));

    assertThat(deltas).containsExactly("Refund", " approved", " today.");
    assertThat(answer.text()).isEqualTo("Refund approved today.");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.usage())
        .isEqualTo(new Usage(9, 3)); // from the trailing chunk with "choices": []
    assertThat(answer.requestId()).isEqualTo("req_stream");
    assertThat(answer.model()).isEqualTo("gpt-4o");
    assertThat(answer.provider()).isEqualTo("openai");
  }

  @Test
  void eventsSplitAcrossWritesAndPausesStillParse() {
    String event = data(content("split"));
    server.enqueue(
        Reply.stream(
            Duration.ofMillis(15),
            event.substring(0, 7),
            event.substring(7, 30),
            event.substring(30) + data(finish("stop")).substring(0, 10),
            data(finish("stop")).substring(10),
            "data: [DO",
            "NE]\n\n"));

    ChatResponse answer = Await.answer(stream(ChatRequest.of("x")));

    assertThat(answer.text()).isEqualTo("split");
    assertThat(deltas).containsExactly("split");
  }

  @Test
  void accumulatesToolCallDeltasByIndex() {
    server.enqueue(
        Reply.stream(
            data(
                "{\"id\":\"c\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                    + "\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}"),
            data(toolDelta(0, "{\\\"ci")),
            data(toolDelta(0, "ty\\\": \\\"Paris\\\"}")),
            data(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}"),
            data(finish("tool_calls")),
            done()));

    ChatResponse answer = Await.answer(stream(ChatRequest.of("weather and time")));

    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.text()).isEmpty();
    assertThat(deltas).isEmpty();
    assertThat(answer.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "weather", "{\"city\": \"Paris\"}"),
            new ToolCall("call_b", "time", "{}"));
  }

  @Test
  void commentsAzurePromptFilterChunkAndGroqUsageAreUnderstood() {
    server.enqueue(
        Reply.stream(
            ": keep-alive\n\n",
            data(
                "{\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}"),
            ": OPENROUTER PROCESSING\n\n",
            data(content("ok")),
            data(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"x_groq\":{\"id\":\"req_g\",\"usage\":{\"prompt_tokens\":23,\"completion_tokens\":19,\"total_tokens\":42}}}"),
            done()));

    ChatResponse answer = Await.answer(stream(ChatRequest.of("x")));

    assertThat(answer.text()).isEqualTo("ok");
    assertThat(answer.usage()).isEqualTo(new Usage(23, 19));
  }

  @Test
  void aStreamCutMidWayIsAnInvalidResponse() {
    // Portkey #1797, LiteLLM #40404: a cut stream must never end as a clean, short success.
    server.enqueue(Reply.stream(data(content("Refund")), data(content(" appr"))));

    Failure failure = Await.failure(stream(ChatRequest.of("x")));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("stream ended without its terminator");
    assertThat(deltas).containsExactly("Refund", " appr");
  }

  @Test
  void aStreamCutInsideAnEventIsAnInvalidResponse() {
    server.enqueue(Reply.stream(data(content("Refund")), "data: {\"id\":\"chatcmpl-1\",\"choi"));

    assertThat(Await.failure(stream(ChatRequest.of("x"))).kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void aFinishReasonWithoutDoneIsStillCut() {
    server.enqueue(Reply.stream(data(content("a")), data(finish("stop"))));

    Failure failure = Await.failure(stream(ChatRequest.of("x")));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("no [DONE]");
  }

  @Test
  void doneAloneIsNotASuccess() {
    server.enqueue(Reply.stream(data(content("a")), done()));

    Failure failure = Await.failure(stream(ChatRequest.of("x")));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("no finish_reason");
  }

  @Test
  void anEmptyStreamIsAnInvalidResponse() {
    server.enqueue(Reply.stream());

    assertThat(Await.failure(stream(ChatRequest.of("x"))).kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void doneWithoutItsBlankLineStillEndsTheStream() {
    server.enqueue(Reply.stream(data(content("a")), data(finish("stop")), "data: [DONE]\n"));

    assertThat(Await.answer(stream(ChatRequest.of("x"))).text()).isEqualTo("a");
  }

  @Test
  void anErrorEventFollowedByDoneIsAClassifiedFailure() {
    // OpenAI sends data: [DONE] after an error event; [DONE] is not success by itself.
    server.enqueue(
        Reply.stream(
            data(content("Refund")),
            data(
                "{\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"),
            done()));

    Failure failure = Await.failure(stream(ChatRequest.of("x")));

    assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(failure.message()).contains("The server had an error");
    assertThat(deltas).containsExactly("Refund");
  }

  @Test
  void aRateLimitErrorEventIsRateLimited() {
    server.enqueue(
        Reply.stream(
            data(
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o. Please try again in 2.5s.\","
                    + "\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}"),
            done()));

    Failure failure = Await.failure(stream(ChatRequest.of("x")));

    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void openRouterMidStreamErrorFinishIsAFailure() {
    server.enqueue(
        Reply.stream(
            data(content("Once upon")),
            data(
                "{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},"
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}"),
            done()));

    assertThat(Await.failure(stream(ChatRequest.of("x"))).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
  }

  @Test
  void anErrorFinishWithoutAnErrorObjectIsAFailure() {
    server.enqueue(Reply.stream(data(content("Once")), data(finish("error")), done()));

    assertThat(Await.failure(stream(ChatRequest.of("x"))).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
  }

  @Test
  void aContentFilterStopWithNothingSaidIsContentFiltered() {
    server.enqueue(Reply.stream(data(finish("content_filter")), done()));

    assertThat(Await.failure(stream(ChatRequest.of("x"))).kind())
        .isEqualTo(ErrorKind.CONTENT_FILTERED);
  }

  @Test
  void aContentFilterStopAfterSomeTextIsAnAnswerForTheValidators() {
    server.enqueue(Reply.stream(data(content("Part")), data(finish("content_filter")), done()));

    assertThat(Await.answer(stream(ChatRequest.of("x"))).finishReason())
        .isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void aStreamedRefusalIsARefusal() {
    server.enqueue(
        Reply.stream(
            data(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't\"},\"finish_reason\":null}]}"),
            data(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\" help.\"},\"finish_reason\":null}]}"),
            data(finish("stop")),
            done()));

    ChatResponse answer = Await.answer(stream(ChatRequest.of("x")));

    assertThat(answer.finishReason()).isEqualTo(FinishReason.REFUSAL);
    assertThat(answer.refusal()).isEqualTo("I can't help.");
  }

  @Test
  void aNonSuccessOnAStreamRequestIsReadWholeAndClassified() {
    server.enqueue(
        Reply.body(
            429,
            Map.of("Content-Type", "application/json", "retry-after", "3"),
            "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));

    Failure failure = Await.failure(stream(ChatRequest.of("x")));

    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.status()).isEqualTo(429);
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void anErrorEnvelopeSentWithA200InsteadOfAStreamIsClassified() {
    // OpenRouter answers some failures with a 200 and a JSON error before any stream starts.
    server.enqueue(
        Reply.json(
            200,
            "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-min.\"}}"));

    assertThat(Await.failure(stream(ChatRequest.of("x"))).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }

  @Test
  void aServerThatIgnoresStreamingStillAnswersWithOneDelta() {
    server.enqueue(
        Reply.json(
            200,
            "{\"id\":\"x\",\"model\":\"local\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"whole\"},"
                + "\"finish_reason\":\"stop\"}]}"));

    ChatResponse answer = Await.answer(stream(ChatRequest.of("x")));

    assertThat(answer.text()).isEqualTo("whole");
    assertThat(deltas).containsExactly("whole");
  }

  @Test
  void aThrowingConsumerDoesNotFailTheCall() {
    server.enqueue(Reply.stream(Sse.of("a", "b")));
    List<String> seen = new CopyOnWriteArrayList<>();
    Consumer<String> throwing =
        delta -> {
          seen.add(delta);
          throw new IllegalStateException("the caller's bug");
        };

    ChatResponse answer = Await.answer(provider.stream(ChatRequest.of("x"), "gpt-4o", throwing));

    assertThat(answer.text()).isEqualTo("ab");
    assertThat(seen).containsExactly("a", "b");
  }

  private java.util.concurrent.CompletableFuture<ChatResponse> stream(ChatRequest request) {
    return provider.stream(request, "gpt-4o", deltas::add);
  }

  private static String toolDelta(int index, String argumentsPiece) {
    return "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":"
        + index
        + ",\"function\":{\"arguments\":\""
        + argumentsPiece
        + "\"}}]},\"finish_reason\":null}]}";
  }
}
