package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.failure.RawResponse;
import dev.lifeline.failure.Remedy;
import dev.lifeline.provider.ProviderType;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies the OpenAI family's failures: the provider's own classifier first (status codes, the
 * common envelopes, CDN pages, Retry-After in every form, network exceptions), then the few rules
 * of this family that the generic rules cannot know.
 *
 * <ul>
 *   <li>Groq {@code json_validate_failed} and {@code tool_use_failed} (400): the model's output
 *       failed the server's own check of the JSON or tool call; the request was fine, so this is
 *       {@code VALIDATION_FAILED}, not a {@code BAD_REQUEST} that would stop the cascade.
 *   <li>OpenAI {@code invalid_prompt} (400, "your prompt was flagged as potentially violating our
 *       usage policy"), and OpenRouter's 403 for a prompt its moderation flagged ({@code
 *       metadata.reasons}, {@code flagged_input}): {@code CONTENT_FILTERED}, so the cascade tries
 *       another provider.
 *   <li>A 404 that names neither a model nor a deployment ("Invalid URL (POST
 *       /v1/chat/completionz)", a bare "Not Found"): the endpoint itself is missing, every model of
 *       the provider would get the same answer, so it fails over instead of degrading.
 *   <li>A 2xx whose choice ended with {@code finish_reason: "error"} and no error object (Mistral's
 *       and OpenRouter's in-band failure): {@code SERVER_ERROR}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class OpenAiErrorClassifier implements ErrorClassifier {

  // Groq: the model produced JSON or a tool call its validator rejected [OBS
  // groq/groq-typescript#28,
  // thepersonalaicompany/amurex-backend#38].
  private static final Set<String> GENERATION_FAILED =
      Set.of("json_validate_failed", "tool_use_failed");
  // OpenAI reasoning models' prompt screen [OBS BeehiveInnovations/pal-mcp-server#178].
  private static final String INVALID_PROMPT = "invalid_prompt";
  private static final String USAGE_POLICY = "flagged as potentially violating";
  // Bodies above this are not parsed for the refinements: every error envelope is far smaller.
  private static final int MAX_JSON_CHARS = 256 * 1024;

  private final ErrorClassifier base;

  /** The classifier for {@code type}: its own rules, then this family's. */
  OpenAiErrorClassifier(ProviderType type) {
    this(ErrorClassifier.forProvider(Objects.requireNonNull(type, "type")));
  }

  /** The classifier for {@code type}, reading the wall clock from {@code ticker}. */
  OpenAiErrorClassifier(ProviderType type, dev.lifeline.time.Ticker ticker) {
    this(ErrorClassifier.forProvider(Objects.requireNonNull(type, "type"), ticker));
  }

  /** This family's rules on top of {@code base}; for tests. */
  OpenAiErrorClassifier(ErrorClassifier base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  @Override
  public Optional<Failure> classify(RawResponse response) {
    Optional<Failure> failure = base.classify(response);
    if (response == null) {
      return failure;
    }
    if (failure.isPresent()) {
      return Optional.of(refine(failure.get(), response));
    }
    return response.isSuccessful() ? inBandError(response) : failure;
  }

  @Override
  public Failure classify(Throwable error) {
    return base.classify(error);
  }

  private static Failure refine(Failure failure, RawResponse response) {
    String code = lower(failure.providerCode());
    String message = lower(failure.message());
    switch (failure.kind()) {
      case BAD_REQUEST:
        if (GENERATION_FAILED.contains(code)) {
          return failure.withKind(ErrorKind.VALIDATION_FAILED);
        }
        if (INVALID_PROMPT.equals(code) || message.contains(USAGE_POLICY)) {
          return failure.withKind(ErrorKind.CONTENT_FILTERED);
        }
        return failure;
      case PERMISSION:
        return isModerationBlock(response) ? failure.withKind(ErrorKind.CONTENT_FILTERED) : failure;
      case MODEL_NOT_FOUND:
        boolean namesModel =
            message.contains("model")
                || message.contains("deployment")
                || code.contains("model")
                || code.contains("deployment");
        return namesModel || failure.remedyHint() != null
            ? failure
            : failure.withRemedyHint(Remedy.FAILOVER);
      default:
        return failure;
    }
  }

  /**
   * OpenRouter's moderation: {@code error.metadata} with {@code reasons} or {@code flagged_input}.
   */
  private static boolean isModerationBlock(RawResponse response) {
    JsonNode root = bounded(response.body());
    JsonNode metadata = root == null ? null : root.path("error").path("metadata");
    return metadata != null && (metadata.has("reasons") || metadata.has("flagged_input"));
  }

  /** A 2xx the base rules let through whose choice still ended in {@code "error"}. */
  private static Optional<Failure> inBandError(RawResponse response) {
    JsonNode root = bounded(response.body());
    if (root == null) {
      return Optional.empty();
    }
    for (JsonNode choice : root.path("choices")) {
      if ("error".equals(OpenAiJson.text(choice.get("finish_reason")))) {
        return Optional.of(
            Failure.builder(ErrorKind.SERVER_ERROR)
                .status(response.status())
                .providerCode("finish_reason_error")
                .message("the provider ended the answer with finish_reason \"error\"")
                .build());
      }
    }
    return Optional.empty();
  }

  private static JsonNode bounded(String body) {
    return body.length() > MAX_JSON_CHARS ? null : OpenAiJson.readOrNull(body);
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
