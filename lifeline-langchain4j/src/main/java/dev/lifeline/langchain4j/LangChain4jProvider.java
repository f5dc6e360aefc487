package dev.lifeline.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.Provider;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Any LangChain4j chat model as a Lifeline {@link Provider}, so every provider LangChain4j supports
 * (Bedrock, Vertex AI, Ollama, Mistral...) joins a Lifeline cascade.
 *
 * <pre>{@code
 * Provider bedrock = LangChain4jProvider.builder()
 *     .name("bedrock")
 *     .chatModel(BedrockChatModel.builder().maxRetries(0)...build())
 *     .build();
 * SelfHealingEngine engine = SelfHealingEngine.builder()
 *     .provider(bedrock, "anthropic.claude-3-5-sonnet-20241022-v2:0")
 *     ...
 * }</pre>
 *
 * <p><b>The wrapped model must not retry</b>: build it with {@code maxRetries(0)}. LangChain4j's
 * models retry twice by default, without Retry-After, and the cascade's own retries would multiply
 * with theirs; {@link Builder#build()} reads the model's {@code maxRetries} and refuses one above
 * zero. Streaming models do not retry.
 *
 * <p>Each of the engine's models is sent as the request's {@code modelName}, so one wrapped model
 * serves a whole degrade ladder when its provider honours a per-request model. Failures are
 * classified from LangChain4j's exceptions: the HTTP status and body of an {@code HttpException}
 * through Lifeline's rules, else the exception's type ({@code RateLimitException}, {@code
 * TimeoutException}...); a request the wrapped model refuses before sending it ({@code
 * UnsupportedFeatureException}, its own argument checks) fails over to another model. A stream that
 * LangChain4j reports complete without a finish reason (cut off, or ended by an in-band error) is
 * an {@link ErrorKind#INVALID_RESPONSE}, not an answer.
 *
 * <p>The wrapped models block a thread per call: calls run on this provider's own daemon threads
 * (or {@link Builder#executor(ExecutorService)}), never on the engine's workers. Cancelling a send
 * interrupts its thread; cancelling a stream cancels LangChain4j's streaming handle. Thread-safe
 * when the wrapped models are.
 */
public final class LangChain4jProvider implements Provider {

  /** What LangChain4j's portable request parameters carry: every sampling setting but the seed. */
  private static final Set<SamplingSetting> CARRIED =
      Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(SamplingSetting.SEED)));

  private final String name;
  private final ChatModel chatModel;
  private final StreamingChatModel streamingModel;
  private final ErrorClassifier classifier;
  private final ExecutorService executor;
  private final boolean ownsExecutor;

  private LangChain4jProvider(Builder builder) {
    this.name = builder.name;
    this.chatModel = builder.chatModel;
    this.streamingModel = builder.streamingModel;
    this.classifier = new LangChain4jErrorClassifier(builder.classifier);
    this.ownsExecutor = builder.executor == null;
    this.executor = ownsExecutor ? Executors.newCachedThreadPool(threads(name)) : builder.executor;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * The seed: LangChain4j's portable {@code ChatRequestParameters} have none, so a request's seed
   * is not sent (every other sampling setting is; a wrapped model that refuses one, as OpenAI's
   * refuses top-k, fails the attempt with {@code UnsupportedFeatureException}).
   */
  @Override
  public List<UnsentSetting> unsentSettings(ChatRequest request, String model) {
    return SamplingSetting.unsent(
        request, CARRIED, "LangChain4j's ChatRequestParameters have no seed");
  }

  /**
   * Sends {@code request} to {@code model} once through the wrapped {@link ChatModel}, or through
   * the streaming model when only that one was given.
   */
  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    if (chatModel == null) {
      return stream(request, model, delta -> {});
    }
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    dev.langchain4j.model.chat.request.ChatRequest outgoing;
    try {
      outgoing = RequestMapping.toLangChain4j(request, model);
    } catch (RuntimeException invalid) {
      result.completeExceptionally(failure(invalid));
      return result;
    }
    Future<?> task =
        executor.submit(
            () -> {
              try {
                result.complete(ResponseMapping.toLifeline(chatModel.chat(outgoing), name, model));
              } catch (RuntimeException | Error error) {
                result.completeExceptionally(failure(error));
              }
            });
    // The returned stage only repeats the outcome; the hook is what matters.
    var unused =
        result.whenComplete(
            (response, error) -> {
              if (result.isCancelled()) {
                task.cancel(true);
              }
            });
    return result;
  }

  /**
   * Streams {@code request} from {@code model} once through the wrapped {@link StreamingChatModel},
   * or sends it whole through the {@link ChatModel} when only that one was given.
   */
  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    if (streamingModel == null) {
      return Provider.super.stream(request, model, onDelta);
    }
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    dev.langchain4j.model.chat.request.ChatRequest outgoing;
    try {
      outgoing = RequestMapping.toLangChain4j(request, model);
    } catch (RuntimeException invalid) {
      result.completeExceptionally(failure(invalid));
      return result;
    }
    AtomicReference<StreamingHandle> handle = new AtomicReference<>();
    var unused =
        result.whenComplete(
            (response, error) -> {
              StreamingHandle running = handle.get();
              if (result.isCancelled() && running != null) {
                running.cancel();
              }
            });
    StreamingChatResponseHandler handler =
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            handle.set(context.streamingHandle());
            if (result.isDone()) {
              context.streamingHandle().cancel();
              return;
            }
            onDelta.accept(partial.text());
          }

          @Override
          public void onCompleteResponse(
              dev.langchain4j.model.chat.response.ChatResponse response) {
            if (response.finishReason() == null) {
              result.completeExceptionally(
                  new ProviderException(
                      Failure.of(
                          ErrorKind.INVALID_RESPONSE,
                          "the stream ended without a finish reason: cut off, or ended by an"
                              + " in-band error")));
              return;
            }
            result.complete(ResponseMapping.toLifeline(response, name, model));
          }

          @Override
          public void onError(Throwable error) {
            result.completeExceptionally(failure(error));
          }
        };
    executor.execute(
        () -> {
          try {
            streamingModel.chat(outgoing, handler);
          } catch (RuntimeException | Error error) {
            result.completeExceptionally(failure(error));
          }
        });
    return result;
  }

  /** Stops this provider's own threads, if it made them; idempotent. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "LangChain4jProvider[" + name + "]";
  }

  private ProviderException failure(Throwable error) {
    return new ProviderException(classifier.classify(error), error);
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(task, "lifeline-langchain4j-" + name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Builds a {@link LangChain4jProvider}; not thread-safe. */
  public static final class Builder {
    private String name;
    private ChatModel chatModel;
    private StreamingChatModel streamingModel;
    private ErrorClassifier classifier = ErrorClassifier.generic();
    private ExecutorService executor;

    private Builder() {}

    /**
     * Sets the provider's name in the engine ("bedrock", "ollama-local"); required.
     *
     * @throws IllegalArgumentException if it is blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /** Sets the model for calls that do not stream; it must be built with {@code maxRetries(0)}. */
    public Builder chatModel(ChatModel model) {
      this.chatModel = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Sets the model for streaming calls. */
    public Builder streamingChatModel(StreamingChatModel model) {
      this.streamingModel = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the rules an HTTP status and body are classified by, such as {@code
     * ErrorClassifier.forProvider(ProviderType.ANTHROPIC)} for a model that speaks Anthropic's
     * errors; the generic rules by default.
     */
    public Builder classifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Runs the wrapped models' blocking calls on {@code executor}, which stays the caller's to shut
     * down; by default the provider runs them on daemon threads of its own, made as needed.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no name, or neither model, was set
     * @throws IllegalArgumentException if the chat model retries by itself ({@code maxRetries}
     *     above zero)
     */
    public LangChain4jProvider build() {
      if (name == null) {
        throw new IllegalStateException("name was not set");
      }
      if (chatModel == null && streamingModel == null) {
        throw new IllegalStateException("set chatModel(...), streamingChatModel(...) or both");
      }
      if (chatModel != null) {
        OwnRetries.requireNone(chatModel, "chatModel");
      }
      if (streamingModel != null) {
        OwnRetries.requireNone(streamingModel, "streamingChatModel");
      }
      return new LangChain4jProvider(this);
    }
  }
}
