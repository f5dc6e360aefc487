package dev.lifeline.provider;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.UnsentSetting;
import java.util.concurrent.CompletableFuture;

/**
 * One LLM provider: sends a provider-neutral request to one of its models.
 *
 * <p>This is the SPI that wire adapters (OpenAI-compatible, Anthropic, Gemini) and test fakes
 * implement. Implementations must be thread-safe and must not retry by themselves: the engine owns
 * every retry, and a provider that also retried would multiply attempts ((1 + N) × (1 + M)).
 *
 * <p>A provider is built before the engine that runs it; the engine {@linkplain
 * #bind(ProviderRuntime) binds} it once to its clock, scheduler and executor and {@linkplain
 * #close() closes} what it bound when the engine is closed.
 */
public interface Provider extends AutoCloseable {

  /**
   * A unique name for this provider in the engine ("openai", "anthropic-eu"); it names the provider
   * in traces, metrics and state, so keep it stable.
   */
  String name();

  /**
   * Sends {@code request} to {@code model}, once.
   *
   * <p>The future completes with the parsed answer, or exceptionally with a {@link
   * ProviderException} carrying a classified failure (or any other exception, which the engine
   * classifies with {@link #classifier()}). Cancelling the future must abort the request in flight.
   * A 2xx answer whose body is an error envelope or a content block is a failure, not an answer.
   *
   * @param request the request, never null
   * @param model one of this provider's models, as configured
   */
  CompletableFuture<ChatResponse> send(ChatRequest request, String model);

  /**
   * Sends {@code request} to {@code model} once, streaming: each piece of the answer's text goes to
   * {@code onDelta} as it arrives, and the future completes with the whole answer once the stream
   * ended properly. A stream that ends without its terminator fails with {@code INVALID_RESPONSE};
   * an error event mid-stream fails with its classified kind.
   *
   * <p>The default sends without streaming and delivers the whole text as one delta, so every
   * provider can serve a streaming call.
   *
   * @param onDelta receives text deltas in order, on the provider's thread; must not block
   */
  default CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, java.util.function.Consumer<String> onDelta) {
    return send(request, model)
        .thenApply(
            response -> {
              if (!response.text().isEmpty()) {
                onDelta.accept(response.text());
              }
              return response;
            });
  }

  /**
   * The settings of {@code request} this provider leaves out when it sends it to {@code model},
   * because its wire format has no field for them (top-k on Chat Completions, any sampling setting
   * on Anthropic's Messages API), each with its value and why. The engine notes them in the call's
   * {@linkplain dev.lifeline.model.CallTrace#notes() trace}, once per deployment, so that an answer
   * sampled without a setting is never taken for one sampled with it. None by default.
   *
   * @param request the request about to be sent
   * @param model one of this provider's models
   */
  default java.util.List<UnsentSetting> unsentSettings(ChatRequest request, String model) {
    return java.util.List.of();
  }

  /**
   * The credentials this provider sends; the engine scrubs them from every failure message and
   * header it keeps, whichever provider's failure echoes them. None by default.
   */
  default java.util.List<ApiKey> credentials() {
    return java.util.List.of();
  }

  /** The classifier for exceptions this provider lets through; the generic one by default. */
  default ErrorClassifier classifier() {
    return ErrorClassifier.generic();
  }

  /**
   * This provider, running on {@code runtime}: its clock, scheduler and executor. The engine calls
   * it once per provider when it is built and uses what it returns (the same name and models);
   * adapters that own threads or read time return a copy of themselves bound to the runtime, unless
   * the user gave them a client or scheduler of their own. The default returns {@code this}.
   *
   * @param runtime the engine's runtime, never null
   * @return a provider with the same {@link #name()}; {@code this} when nothing is to be bound
   */
  default Provider bind(ProviderRuntime runtime) {
    return this;
  }

  /**
   * Releases what this provider owns (its HTTP client's connections and threads); idempotent, and
   * never throws a checked exception. A call after close may fail. The default does nothing.
   */
  @Override
  default void close() {}
}
