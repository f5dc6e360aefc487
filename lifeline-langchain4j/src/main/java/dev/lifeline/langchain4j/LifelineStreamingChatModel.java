package dev.lifeline.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Lifeline {@link SelfHealingEngine} as a LangChain4j {@link StreamingChatModel}.
 *
 * <p>The cascade retries, degrades and fails over; a stream that breaks after text reached the
 * handler is continued elsewhere, the handler receiving only what extends its text. One that no
 * continuation finishes ends with {@link StreamingChatResponseHandler#onError(Throwable)} and
 * LangChain4j's exception for the break (its cause Lifeline's {@link
 * dev.lifeline.StreamInterruptedException}), never with a truncated answer reported complete.
 * {@link StreamingChatResponseHandler#onCompleteResponse} comes only for a stream that ended
 * properly, after one {@link StreamingChatResponseHandler#onCompleteToolCall} per tool call.
 *
 * <p>{@link PartialResponseContext#streamingHandle()} cancels the call: the attempt in flight and
 * any wait stop, and the handler hears nothing more (neither completion nor error). A handler that
 * throws from {@code onPartialResponse} cancels the call too, and gets its exception back in {@code
 * onError}. The handler is called on the engine's threads, so it must not block.
 *
 * <p>Requests, answers, listeners and failures map as for {@link LifelineChatModel}. Immutable and
 * thread-safe.
 */
public final class LifelineStreamingChatModel extends EngineModel implements StreamingChatModel {

  private LifelineStreamingChatModel(ModelSettings settings) {
    super(settings);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Streams the answer to {@code request} through the engine's cascade to {@code handler}. Every
   * outcome, a request Lifeline cannot send included, reaches the handler; nothing is thrown.
   */
  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    dev.lifeline.model.ChatRequest lifelineRequest;
    try {
      lifelineRequest = RequestMapping.toLifeline(request);
    } catch (RuntimeException unsupported) {
      handler.onError(unsupported);
      return;
    }
    CallHandle handle = new CallHandle();
    AtomicReference<RuntimeException> handlerFailure = new AtomicReference<>();
    PartialResponseContext context = new PartialResponseContext(handle);
    CompletableFuture<ChatResponse> call;
    try {
      call =
          settings.engine().stream(
              lifelineRequest,
              settings.options(),
              delta -> {
                if (handle.isCancelled()) {
                  return;
                }
                try {
                  handler.onPartialResponse(new PartialResponse(delta), context);
                } catch (RuntimeException thrown) {
                  handlerFailure.compareAndSet(null, thrown);
                  handle.cancel();
                }
              });
    } catch (RuntimeException notStarted) {
      handler.onError(LangChain4jExceptions.toLangChain4j(notStarted));
      return;
    }
    handle.bind(call);
    // The returned stage only repeats the outcome; the handler hears it from the hook.
    var unused =
        call.whenComplete(
            (response, error) -> {
              RuntimeException thrown = handlerFailure.get();
              if (thrown != null) {
                handler.onError(thrown);
              } else if (handle.isCancelled()) {
                return; // the caller cancelled: LangChain4j's handles go quiet
              } else if (error != null) {
                handler.onError(LangChain4jExceptions.toLangChain4j(error));
              } else {
                complete(response, handler);
              }
            });
  }

  private static void complete(ChatResponse response, StreamingChatResponseHandler handler) {
    List<ToolExecutionRequest> calls = ResponseMapping.toolRequests(response.toolCalls());
    for (int i = 0; i < calls.size(); i++) {
      handler.onCompleteToolCall(new CompleteToolCall(i, calls.get(i)));
    }
    handler.onCompleteResponse(ResponseMapping.toLangChain4j(response));
  }

  /** Builds a {@link LifelineStreamingChatModel}; not thread-safe. */
  public static final class Builder extends ModelBuilder<Builder> {

    private Builder() {}

    /**
     * Builds the model.
     *
     * @throws IllegalStateException if no engine was set
     * @throws IllegalArgumentException if a default setting is out of Lifeline's range
     * @throws dev.langchain4j.exception.UnsupportedFeatureException if the default parameters hold
     *     what Lifeline cannot send
     */
    public LifelineStreamingChatModel build() {
      return new LifelineStreamingChatModel(settings());
    }
  }
}
