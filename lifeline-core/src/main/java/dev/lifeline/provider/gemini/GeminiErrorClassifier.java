package dev.lifeline.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.failure.TreeClassifier;
import dev.lifeline.internal.http.Verdicts;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import java.util.Optional;

/**
 * Gemini's failure rules: {@link ErrorClassifier#forProvider(ProviderType) the Gemini classifier},
 * whose rows know Google's envelope (also wrapped in a one-element array, or carried by a 200 as a
 * mid-stream error chunk), {@code RetryInfo.retryDelay}, daily-quota ids and {@code limit: 0},
 * {@code API_KEY_INVALID} on a 400, unsupported regions, and the withheld answers: a blocked
 * prompt, and a candidate stopped for SAFETY, PROHIBITED_CONTENT, BLOCKLIST, SPII or RECITATION
 * with no parts. The adapter's stream parser holds this type; it adds nothing to the rows, so
 * {@code lifeline classify --provider gemini} answers exactly as the adapter does. Stateless and
 * thread-safe.
 */
final class GeminiErrorClassifier implements ErrorClassifier, TreeClassifier {

  /** The shared instance. */
  static final GeminiErrorClassifier INSTANCE =
      new GeminiErrorClassifier(ErrorClassifier.forProvider(ProviderType.GEMINI));

  private final ErrorClassifier base;

  /** The classifier reading the wall clock from {@code ticker}. */
  static GeminiErrorClassifier of(dev.lifeline.time.Ticker ticker) {
    return new GeminiErrorClassifier(ErrorClassifier.forProvider(ProviderType.GEMINI, ticker));
  }

  GeminiErrorClassifier(ErrorClassifier base) {
    this.base = base;
  }

  @Override
  public Optional<Failure> classify(RawResponse response) {
    return base.classify(response);
  }

  @Override
  public Optional<Failure> classify(RawResponse response, JsonNode root) {
    return Verdicts.of(base, response, root);
  }

  @Override
  public Failure classify(Throwable error) {
    return base.classify(error);
  }
}
