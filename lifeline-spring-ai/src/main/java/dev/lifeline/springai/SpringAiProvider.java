package dev.lifeline.springai;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Any Spring AI {@link ChatModel} (OpenAI, Anthropic, Bedrock, Vertex, Ollama, Mistral…) as a
 * Lifeline {@link Provider}, so it joins a cascade beside Lifeline's own adapters.
 *
 * <p><b>Turn the wrapped model's own retries off.</b> The engine owns every retry; a model that
 * also retried would multiply attempts and hide each failure from the cascade for as long as it
 * retries. Spring AI 2's OpenAI model retries inside the OpenAI SDK, three times by default: build
 * it with {@code OpenAiChatOptions.builder().maxRetries(0)}. Models that take a {@code
 * RetryTemplate} need one that makes a single attempt. {@link Builder#build()} refuses a model
 * whose options report {@code getMaxRetries() > 0}.
 *
 * <p>The deployment's model name goes into the prompt's options, on top of the wrapped model's own
 * defaults (its key, base URL, client), with the request's temperature, top-p, top-k, penalties,
 * token limit, stop sequences, tools (declared only: the caller runs them) and JSON schema; a
 * sampling setting the wrapped model's options drop (top-k on OpenAI) or cannot hold (the seed) is
 * named in the call's trace ({@link #unsentSettings}). Failures are classified from the HTTP answer
 * when the exception carries it (Spring's {@code RestClientResponseException}, the OpenAI SDK's
 * exceptions, Spring AI's {@code "429 - body"} messages), so a 429's Retry-After or a quota error
 * is read as from Lifeline's own adapters.
 *
 * <p>A blocking {@code call} runs on this provider's own daemon threads, never on the engine's;
 * cancelling the attempt interrupts it. {@link #stream} subscribes to the model's {@code stream}
 * (cancelling the attempt disposes the subscription); a stream that ends without a finish reason
 * was cut short and fails with {@code INVALID_RESPONSE}. Thread-safe.
 */
public final class SpringAiProvider implements Provider {

  private final String name;
  private final ChatModel chatModel;
  private final boolean streaming;
  private final ErrorClassifier classifier;
  private final WrappedFailures failures;
  private final ExecutorService calls;

  private SpringAiProvider(
      String name,
      ChatModel chatModel,
      boolean streaming,
      ErrorClassifier classifier,
      ExecutorService calls) {
    this.name = name;
    this.chatModel = chatModel;
    this.streaming = streaming;
    this.classifier = classifier;
    this.failures = new WrappedFailures(classifier);
    this.calls = calls;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** The wrapped model. */
  public ChatModel chatModel() {
    return chatModel;
  }

  /**
   * The request's sampling settings the prompt for {@code model} does not carry: the seed (Spring
   * AI's portable options have none), and each setting the wrapped model's own options drop, found
   * by reading back the options the prompt is built with.
   */
  @Override
  public List<UnsentSetting> unsentSettings(ChatRequest request, String model) {
    if (SamplingSetting.unsent(request, Set.of(), "").isEmpty()) {
      return List.of(); // no sampling setting asked for: nothing to build and compare
    }
    return PromptWriter.unsent(
        request, PromptWriter.prompt(request, model, chatModel).getOptions());
  }

  // whenComplete only passes a cancel on; the future it returns has nothing more.
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    Prompt prompt = PromptWriter.prompt(request, model, chatModel);
    CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
    Future<?> running =
        calls.submit(
            () -> {
              try {
                AnswerReader reader = new AnswerReader(name, model);
                reader.add(chatModel.call(prompt));
                answer.complete(reader.answer(false));
              } catch (RuntimeException | Error e) {
                answer.completeExceptionally(failures.toProviderException(e));
              }
            });
    answer.whenComplete(
        (response, error) -> {
          if (answer.isCancelled()) {
            running.cancel(true);
          }
        });
    return answer;
  }

  // whenComplete only passes a cancel on; the future it returns has nothing more.
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(onDelta, "onDelta");
    if (!streaming) {
      return Provider.super.stream(request, model, onDelta);
    }
    Prompt prompt = PromptWriter.prompt(request, model, chatModel);
    Flux<org.springframework.ai.chat.model.ChatResponse> chunks;
    try {
      chunks = chatModel.stream(prompt);
    } catch (UnsupportedOperationException e) {
      return Provider.super.stream(request, model, onDelta); // a model that cannot stream
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failures.toProviderException(e));
    }
    CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
    AnswerReader reader = new AnswerReader(name, model);
    Disposable subscription =
        chunks.subscribe(
            chunk -> {
              String text = reader.add(chunk);
              if (!text.isEmpty()) {
                onDelta.accept(text);
              }
            },
            error -> answer.completeExceptionally(failures.toProviderException(error)),
            () -> {
              try {
                answer.complete(reader.answer(true));
              } catch (RuntimeException e) {
                answer.completeExceptionally(failures.toProviderException(e));
              }
            });
    answer.whenComplete(
        (response, error) -> {
          if (answer.isCancelled()) {
            subscription.dispose();
          }
        });
    return answer;
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  /** This provider, classifying HTTP dates (Retry-After) on the engine's clock. */
  @Override
  public Provider bind(ProviderRuntime runtime) {
    return new SpringAiProvider(
        name,
        chatModel,
        streaming,
        ErrorClassifier.forProvider(ProviderType.GENERIC, runtime.ticker()),
        calls);
  }

  /** Stops this provider's threads; the wrapped model is the caller's to close. */
  @Override
  public void close() {
    calls.shutdownNow();
  }

  @Override
  public String toString() {
    return "SpringAiProvider[" + name + ", " + chatModel.getClass().getSimpleName() + "]";
  }

  /** Builds a {@link SpringAiProvider}; not thread-safe. */
  public static final class Builder {
    private String name;
    private ChatModel chatModel;
    private boolean streaming = true;

    private Builder() {}

    /** Sets the provider's name in traces, health and state; required, and stable. */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /** Sets the wrapped model; required, with its own retries off (see the class comment). */
    public Builder chatModel(ChatModel chatModel) {
      this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
      return this;
    }

    /**
     * Whether a streaming call streams from the wrapped model (the default) or sends one blocking
     * call and hands its text over whole.
     */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if the name or the model is missing
     * @throws IllegalArgumentException if the model's options report {@code getMaxRetries() > 0}:
     *     its own retries would run under the engine's
     */
    public SpringAiProvider build() {
      if (name == null || chatModel == null) {
        throw new IllegalStateException(
            "SpringAiProvider.builder() needs a name(...) and a chatModel(...)");
      }
      Integer retries = maxRetries(chatModel.getOptions());
      if (retries != null && retries > 0) {
        throw new IllegalArgumentException(
            "the wrapped model retries by itself (maxRetries="
                + retries
                + "); Lifeline owns retries: build it with maxRetries(0)");
      }
      AtomicInteger threads = new AtomicInteger();
      String prefix = "lifeline-spring-ai-" + name + "-";
      ThreadFactory factory =
          task -> {
            Thread thread = new Thread(task, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          };
      return new SpringAiProvider(
          name,
          chatModel,
          streaming,
          ErrorClassifier.generic(),
          Executors.newCachedThreadPool(factory));
    }

    /** What a model's options say of its own retries ({@code getMaxRetries()}), or null. */
    private static Integer maxRetries(ChatOptions options) {
      if (options == null) {
        return null;
      }
      try {
        Method getter = options.getClass().getMethod("getMaxRetries");
        Object value = getter.invoke(options);
        return value instanceof Integer retries ? retries : null;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
