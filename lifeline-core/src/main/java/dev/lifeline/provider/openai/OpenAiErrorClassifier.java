package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.failure.TreeClassifier;
import dev.lifeline.internal.http.Verdicts;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifies the OpenAI family's failures through {@link ErrorClassifier#forProvider(ProviderType)
 * the provider's classifier}, whose rows hold this family's rules next to the generic ones: Groq's
 * {@code json_validate_failed} and {@code tool_use_failed} ({@code VALIDATION_FAILED}), OpenAI's
 * {@code invalid_prompt} and OpenRouter's moderation 403 ({@code CONTENT_FILTERED}), a 404 naming
 * neither a model nor a deployment (fail over), and a 2xx choice ending in {@code finish_reason:
 * "error"} ({@code SERVER_ERROR}). It adds nothing to them, so {@code lifeline classify} answers
 * exactly as the adapter does.
 *
 * <p>Stateless and thread-safe.
 */
final class OpenAiErrorClassifier implements ErrorClassifier, TreeClassifier {

  private final ErrorClassifier base;

  /** The classifier for {@code type}. */
  OpenAiErrorClassifier(ProviderType type) {
    this(ErrorClassifier.forProvider(Objects.requireNonNull(type, "type")));
  }

  /** The classifier for {@code type}, reading the wall clock from {@code ticker}. */
  OpenAiErrorClassifier(ProviderType type, dev.lifeline.time.Ticker ticker) {
    this(ErrorClassifier.forProvider(Objects.requireNonNull(type, "type"), ticker));
  }

  /** A classifier delegating to {@code base}; for tests. */
  OpenAiErrorClassifier(ErrorClassifier base) {
    this.base = Objects.requireNonNull(base, "base");
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
