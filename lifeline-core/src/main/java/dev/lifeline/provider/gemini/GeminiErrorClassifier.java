package dev.lifeline.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.failure.RawResponse;
import dev.lifeline.provider.ProviderType;
import java.util.Optional;
import java.util.Set;

/**
 * Gemini's failure rules: the provider classifier, plus the one withheld answer it does not know.
 *
 * <p>The base classifier already reads Google's envelope (also wrapped in a one-element array, or
 * carried by a 200 as a mid-stream error chunk), {@code RetryInfo.retryDelay}, daily-quota ids and
 * {@code limit: 0}, {@code API_KEY_INVALID} on a 400, unsupported regions, the input-token-count
 * wording, and the 2xx blocks: {@code promptFeedback.blockReason} without candidates, and a
 * candidate stopped for SAFETY, PROHIBITED_CONTENT, BLOCKLIST or SPII with no parts. It lacks
 * {@code RECITATION}: a candidate withheld because it would recite protected text is a content
 * block too — another provider may answer — so this adds it. Stateless and thread-safe.
 */
final class GeminiErrorClassifier implements ErrorClassifier {

  /** The shared instance. */
  static final GeminiErrorClassifier INSTANCE =
      new GeminiErrorClassifier(ErrorClassifier.forProvider(ProviderType.GEMINI));

  /** Finish reasons that withhold an answer which the base classifier does not already catch. */
  private static final Set<String> MORE_BLOCKING_FINISH = Set.of("RECITATION");

  private static final ObjectMapper JSON = new ObjectMapper();

  // A body this large is an answer, not a block; the parser reads it anyway.
  private static final int MAX_PROBE_CHARS = 8 * 1024 * 1024;

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
    Optional<Failure> failure = base.classify(response);
    if (failure.isPresent() || response == null || !response.isSuccessful()) {
      return failure;
    }
    return recitationBlock(response);
  }

  @Override
  public Failure classify(Throwable error) {
    return base.classify(error);
  }

  private static Optional<Failure> recitationBlock(RawResponse response) {
    String body = response.body();
    // Cheap guard first: almost every 200 lacks the word, and then there is nothing to parse.
    if (body.length() > MAX_PROBE_CHARS || !body.contains("RECITATION")) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (java.io.IOException | RuntimeException malformed) {
      return Optional.empty(); // not JSON: the response parser reports it as INVALID_RESPONSE
    }
    JsonNode top = root != null && root.isArray() && root.size() > 0 ? root.get(0) : root;
    JsonNode candidates = top == null ? null : top.path("candidates");
    if (candidates == null || !candidates.isArray() || candidates.size() == 0) {
      return Optional.empty();
    }
    String reason = null;
    for (JsonNode candidate : candidates) {
      JsonNode parts = candidate.path("content").path("parts");
      if (parts.isArray() && parts.size() > 0) {
        return Optional.empty(); // some answer came through: the validators judge it
      }
      String finish = candidate.path("finishReason").asText("");
      if (MORE_BLOCKING_FINISH.contains(finish)) {
        reason = finish;
      }
    }
    if (reason == null) {
      return Optional.empty();
    }
    return Optional.of(
        Failure.builder(ErrorKind.CONTENT_FILTERED)
            .status(response.status())
            .providerCode(reason)
            .message("the answer was blocked: finishReason " + reason)
            .build());
  }
}
