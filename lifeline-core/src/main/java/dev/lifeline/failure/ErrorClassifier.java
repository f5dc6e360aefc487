package dev.lifeline.failure;

import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import java.util.Optional;

/**
 * Turns what a provider answered, or the exception an attempt ended with, into a {@link Failure}.
 *
 * <p>Implementations are stateless and thread-safe. The {@linkplain #generic() generic classifier}
 * understands status codes, the common JSON error envelopes (OpenAI, Anthropic, Google, plain
 * {@code {"error": "..."}} and {@code {"message": "..."}}), CDN HTML pages, rate-limit headers and
 * Java's network exceptions; {@linkplain #forProvider(ProviderType) a provider's classifier} adds
 * that provider's own rules, and is what its adapter and {@code lifeline classify} use.
 */
public interface ErrorClassifier {

  /**
   * Classifies an HTTP answer.
   *
   * @return the failure; empty only when a 2xx answer carries no sign of failure (a 2xx with an
   *     error envelope or a content-filter block is a failure)
   */
  Optional<Failure> classify(RawResponse response);

  /**
   * Classifies an exception thrown while sending or reading (timeouts, resets, refused, TLS, ...).
   */
  Failure classify(Throwable error);

  /** The classifier for every provider: status codes, common envelopes, network exceptions. */
  static ErrorClassifier generic() {
    return GenericErrorClassifier.INSTANCE;
  }

  /**
   * The classifier for one provider: the generic rules and the provider's own (Groq's rejected
   * JSON, OpenAI's flagged prompt, Anthropic's context-window stop, Gemini's recitation block,
   * ...), each where it refines a generic one. The provider adapters and {@code lifeline classify}
   * classify through it.
   *
   * @throws NullPointerException if {@code type} is null
   */
  static ErrorClassifier forProvider(ProviderType type) {
    return GenericErrorClassifier.forProvider(type);
  }

  /**
   * {@link #forProvider(ProviderType)}, reading the wall clock (to turn an HTTP-date Retry-After or
   * a reset timestamp into a wait) from {@code ticker} instead of the system clock.
   *
   * @throws NullPointerException if an argument is null
   */
  static ErrorClassifier forProvider(ProviderType type, dev.lifeline.time.Ticker ticker) {
    java.util.Objects.requireNonNull(type, "type");
    java.util.Objects.requireNonNull(ticker, "ticker");
    return ticker == dev.lifeline.time.Ticker.system()
        ? GenericErrorClassifier.forProvider(type)
        : new GenericErrorClassifier(ticker::now, type);
  }
}
