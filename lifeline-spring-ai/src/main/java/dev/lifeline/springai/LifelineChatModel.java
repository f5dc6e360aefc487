package dev.lifeline.springai;

import dev.lifeline.CallOptions;
import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A Spring AI {@link ChatModel} whose every call walks a Lifeline cascade: retries, degrades and
 * fails over as the {@link SelfHealingEngine} it runs on is configured to, and validates each
 * answer. {@code ChatClient.create(model)} works over it unchanged: tools ({@code @Tool} methods,
 * run by {@code ChatClient}'s tool-calling advisor), native structured output ({@code
 * entity(...)}), streaming.
 *
 * <p>Each answer's metadata holds the call's trace under {@link #TRACE} and the provider that
 * answered under {@link #PROVIDER}. A call that ends without an answer throws Spring AI's {@code
 * TransientAiException} (the same call may succeed later: outages, rate limits, a broken stream) or
 * {@code NonTransientAiException} (a rejected request, a cancel), whose cause is the {@link
 * LifelineException} with the trace; {@link #traceOf(Throwable)} finds it.
 *
 * <p>{@link #stream(Prompt)} emits the answering deployment's text as it arrives and, last, a chunk
 * with the tool calls, finish reason, usage and metadata. A stream that breaks after its first
 * chunk is continued elsewhere without repeating text; one that no continuation finishes ends the
 * {@code Flux} with an error, never with a short answer that looks complete. Cancelling the
 * subscription cancels the attempt in flight. Thread-safe.
 */
public final class LifelineChatModel implements ChatModel {

  /** The key of the call's {@link CallTrace} in each answer's metadata. */
  public static final String TRACE = "lifeline.trace";

  /** The key of the name of the provider that answered, in each answer's metadata. */
  public static final String PROVIDER = "lifeline.provider";

  private final SelfHealingEngine engine;
  private final LifelineChatOptions options;

  private LifelineChatModel(SelfHealingEngine engine, LifelineChatOptions options) {
    this.engine = engine;
    this.options = options;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code prompt} through the cascade and waits for the answer.
   *
   * @throws org.springframework.ai.retry.TransientAiException if the call failed, but may succeed
   *     later
   * @throws org.springframework.ai.retry.NonTransientAiException if the call failed for good
   * @throws IllegalArgumentException if the prompt sets what Lifeline cannot send (see {@link
   *     LifelineChatOptions})
   */
  @Override
  public ChatResponse call(Prompt prompt) {
    Objects.requireNonNull(prompt, "prompt");
    PromptReader reader = PromptReader.of(prompt, options);
    ChatRequest request = reader.request(prompt);
    try {
      return ResponseWriter.whole(engine.call(request, reader.callOptions()));
    } catch (LifelineException e) {
      throw Failures.toSpring(e);
    }
  }

  /**
   * Streams the answer to {@code prompt}: text chunks as they arrive, then a last chunk with the
   * tool calls, finish reason, usage and metadata. The request starts on subscription; cancelling
   * the subscription cancels it.
   */
  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    Objects.requireNonNull(prompt, "prompt");
    PromptReader reader = PromptReader.of(prompt, options);
    ChatRequest request = reader.request(prompt);
    CallOptions callOptions = reader.callOptions();
    return Flux.create(sink -> relay(request, callOptions, sink));
  }

  // whenComplete only relays the outcome to the sink; the future it returns has nothing more.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void relay(ChatRequest request, CallOptions callOptions, FluxSink<ChatResponse> sink) {
    StringBuilder delivered = new StringBuilder();
    CompletableFuture<dev.lifeline.model.ChatResponse> call;
    try {
      call =
          engine.stream(
              request,
              callOptions,
              delta -> {
                synchronized (delivered) {
                  delivered.append(delta);
                }
                sink.next(ResponseWriter.delta(delta));
              });
    } catch (RuntimeException e) {
      sink.error(Failures.toSpring(e));
      return;
    }
    sink.onDispose(() -> call.cancel(true));
    call.whenComplete(
        (response, error) -> {
          if (sink.isCancelled()) {
            return; // the subscriber left: nobody to tell, and the attempt was cancelled
          }
          if (error != null) {
            sink.error(Failures.toSpring(error));
            return;
          }
          String rest;
          synchronized (delivered) {
            // The engine hands over every delta; what a provider answered without streaming
            // arrives whole at the end.
            String text = response.text();
            rest = text.startsWith(delivered.toString()) ? text.substring(delivered.length()) : "";
          }
          sink.next(ResponseWriter.last(response, rest));
          sink.complete();
        });
  }

  /** The options each call starts from; {@code ChatClient} builds its requests' options on them. */
  @Override
  public LifelineChatOptions getOptions() {
    return options;
  }

  /** The engine every call runs on. */
  public SelfHealingEngine engine() {
    return engine;
  }

  /**
   * The trace of the Lifeline call behind {@code error} (a {@link LifelineException} anywhere in
   * its causes), or empty.
   */
  public static Optional<CallTrace> traceOf(Throwable error) {
    Throwable cause = error;
    for (int depth = 0; cause != null && depth < 16; depth++) {
      if (cause instanceof LifelineException) {
        return Optional.of(((LifelineException) cause).trace());
      }
      cause = cause.getCause();
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "LifelineChatModel[" + engine + "]";
  }

  /** Builds a {@link LifelineChatModel}; not thread-safe. */
  public static final class Builder {
    private SelfHealingEngine engine;
    private LifelineChatOptions options = LifelineChatOptions.builder().build();

    private Builder() {}

    /** Sets the engine every call runs on; required. The model does not close it. */
    public Builder engine(SelfHealingEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Sets the default options; none set by default. */
    public Builder options(LifelineChatOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws IllegalStateException if no engine was set
     */
    public LifelineChatModel build() {
      if (engine == null) {
        throw new IllegalStateException("LifelineChatModel.builder() needs an engine(...)");
      }
      return new LifelineChatModel(engine, options);
    }
  }
}
