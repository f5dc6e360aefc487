package dev.lifeline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.lifeline.StreamInterruptedException;
import dev.lifeline.testkit.Fault;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LifelineStreamingChatModel} over two fake OpenAI servers: a stream that breaks once text
 * has reached the handler continues elsewhere, or ends in a typed error, never in a truncated
 * answer reported complete; one that fails before any text fails over; the streaming handle cancels
 * the call.
 */
class StreamingOverLifelineTest {

  private final Fleet fleet = new Fleet();
  private final AiServicesOverLifelineTest.RecordingListener listener =
      new AiServicesOverLifelineTest.RecordingListener();

  @AfterEach
  void stop() {
    fleet.close();
  }

  private LifelineStreamingChatModel model() {
    return LifelineStreamingChatModel.builder()
        .engine(fleet.engine())
        .listeners(List.of(listener))
        .build();
  }

  @Test
  void aStreamCutAfterItsFirstChunkContinuesOnTheBackupWithoutRepeatingText() throws Exception {
    fleet.primary.always(Fault.cutStream(1));
    Outcome outcome = new Outcome();

    model().chat("Explain the refund policy for damaged goods", outcome);

    ChatResponse response = outcome.done.get(10, TimeUnit.SECONDS);
    String whole = "Answer to: Explain the refund policy for damaged goods";
    assertThat(String.join("", outcome.partials)).isEqualTo(whole);
    assertThat(response.aiMessage().text()).isEqualTo(whole);
    assertThat(fleet.backup.requestCount()).isEqualTo(1); // sent the partial answer to continue
    assertThat(listener.responses).hasSize(1);
  }

  @Test
  void anInBandErrorAfterTheFirstChunkEverywhereIsTheProvidersErrorNotACompleteAnswer()
      throws Exception {
    fleet.primary.always(Fault.midStreamError(1));
    fleet.backup.always(Fault.midStreamError(1));
    Outcome outcome = new Outcome();

    model().chat("Explain the refund policy for damaged goods", outcome);

    assertThat(outcome.failure())
        .isInstanceOf(InternalServerException.class)
        .hasCauseInstanceOf(StreamInterruptedException.class);
    // Each continuation added its one chunk: the text is a true beginning, never a repeat.
    assertThat(outcome.partials).hasSizeGreaterThan(1);
    assertThat("Answer to: Explain the refund policy for damaged goods")
        .startsWith(String.join("", outcome.partials));
    assertThat(listener.responses).isEmpty();
  }

  @Test
  void aStreamThatFailsBeforeAnyTextFailsOverAndCompletes() throws Exception {
    fleet.primary.always(Fault.serverError());
    Outcome outcome = new Outcome();

    model().chat("Refund order 42?", outcome);

    ChatResponse response = outcome.done.get(10, TimeUnit.SECONDS);
    assertThat(String.join("", outcome.partials)).isEqualTo("Answer to: Refund order 42?");
    assertThat(response.aiMessage().text()).isEqualTo("Answer to: Refund order 42?");
    assertThat(response.finishReason()).isEqualTo(dev.langchain4j.model.output.FinishReason.STOP);
    assertThat(((LifelineChatResponseMetadata) response.metadata()).provider()).isEqualTo("backup");
    assertThat(listener.requests).hasSize(1);
    assertThat(listener.responses).hasSize(1);
  }

  @Test
  void theBuildersSamplingSettingsReachTheWireOfAStream() throws Exception {
    LifelineStreamingChatModel model =
        LifelineStreamingChatModel.builder()
            .engine(fleet.engine())
            .topP(0.8)
            .presencePenalty(0.4)
            .build();
    Outcome outcome = new Outcome();

    model.chat("Explain the refund policy for damaged goods", outcome);

    outcome.done.get(10, TimeUnit.SECONDS);
    var sent = fleet.primary.requests().get(0).json().orElseThrow();
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.8);
    assertThat(sent.get("presence_penalty").asDouble()).isEqualTo(0.4);
  }

  @Test
  void theStreamingHandleCancelsTheCallAndTheHandlerHearsNothingMore() throws Exception {
    fleet.primary.always(Fault.stallStream(1));
    CompletableFuture<PartialResponseContext> firstChunk = new CompletableFuture<>();
    Outcome outcome =
        new Outcome() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            super.onPartialResponse(partial, context);
            context.streamingHandle().cancel();
            firstChunk.complete(context);
          }
        };

    model().chat("Explain the refund policy for damaged goods", outcome);

    PartialResponseContext context = firstChunk.get(10, TimeUnit.SECONDS);
    assertThat(context.streamingHandle().isCancelled()).isTrue();
    // Cancelling completes the call's future at once, so anything it would tell has been told.
    assertThat(outcome.done).isNotDone();
    assertThat(outcome.partials).hasSize(1);
    assertThat(fleet.backup.requestCount()).isZero();
  }

  @Test
  void aHandlerThatThrowsCancelsTheCallAndGetsItsOwnExceptionBack() throws Exception {
    IllegalStateException broken = new IllegalStateException("the UI went away");
    Outcome outcome =
        new Outcome() {
          @Override
          public void onPartialResponse(String partial) {
            super.onPartialResponse(partial);
            throw broken;
          }
        };

    model().chat("Explain the refund policy for damaged goods", outcome);

    assertThat(outcome.failure()).isSameAs(broken);
    assertThat(outcome.partials).hasSize(1);
  }

  @Test
  void aStreamedToolCallArrivesAsACompleteToolCallThenInTheResponse() throws Exception {
    fleet.primary.script().toolCall("refundStatus", "{\"orderId\":42}");
    List<CompleteToolCall> calls = new CopyOnWriteArrayList<>();
    Outcome outcome =
        new Outcome() {
          @Override
          public void onCompleteToolCall(CompleteToolCall call) {
            calls.add(call);
          }
        };
    ToolSpecification tool =
        ToolSpecification.builder()
            .name("refundStatus")
            .parameters(JsonObjectSchema.builder().addIntegerProperty("orderId").build())
            .build();

    model()
        .chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Is order 42 refunded?"))
                .toolSpecifications(tool)
                .build(),
            outcome);

    ChatResponse response = outcome.done.get(10, TimeUnit.SECONDS);
    assertThat(calls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.index()).isZero();
              assertThat(call.toolExecutionRequest().name()).isEqualTo("refundStatus");
              assertThat(call.toolExecutionRequest().arguments()).isEqualTo("{\"orderId\":42}");
            });
    assertThat(response.aiMessage().toolExecutionRequests())
        .containsExactly(calls.get(0).toolExecutionRequest());
    assertThat(response.finishReason())
        .isEqualTo(dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION);
  }

  /** Collects what a streaming call delivered, and how it ended. */
  static class Outcome implements StreamingChatResponseHandler {
    final List<String> partials = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partial) {
      partials.add(partial);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    /** The error the call ended with; fails if it completed instead. */
    Throwable failure() throws Exception {
      Throwable thrown = catchThrowable(() -> done.get(10, TimeUnit.SECONDS));
      assertThat(thrown).as("the call must end in onError").isInstanceOf(ExecutionException.class);
      return thrown.getCause();
    }
  }
}
