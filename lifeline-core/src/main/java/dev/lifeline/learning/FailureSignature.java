package dev.lifeline.learning;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ResponseFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes two failures "the same failure": the deployment, the {@link ErrorKind}, the provider's
 * error code and the request's {@link RequestShape}.
 *
 * <p>Failures of the whole deployment (rate limits, quota, outages, auth, a missing model) do not
 * depend on the request, so their shape is {@link RequestShape#ANY} and every request shares their
 * evidence. A context-length failure keeps its prompt-size bucket and applies to prompts at least
 * as large; an invalid or rejected answer keeps the whole shape (a model that breaks JSON mode may
 * answer text well). Content filters and bad requests say something about one prompt, not the
 * deployment, and are not learned. Immutable; holds no prompt text and no key.
 *
 * @param deployment the deployment's {@link Deployment#id() id}
 * @param kind what failed
 * @param providerCode the provider's error code (or the validator's name), empty when none
 * @param shape the requests this failure applies to
 */
public record FailureSignature(
    String deployment, ErrorKind kind, String providerCode, RequestShape shape) {

  /** Checks the parts; a null code becomes empty. */
  public FailureSignature {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(kind, "kind");
    providerCode = providerCode == null ? "" : providerCode;
    Objects.requireNonNull(shape, "shape");
  }

  /**
   * The signature of {@code failure} on {@code deployment} for {@code request}, or empty when the
   * kind is not learned.
   */
  public static Optional<FailureSignature> of(
      Deployment deployment, Failure failure, ChatRequest request, boolean streaming) {
    if (!isLearned(failure.kind())) {
      return Optional.empty();
    }
    RequestShape shape = RequestShape.of(request, streaming);
    return Optional.of(
        new FailureSignature(
            deployment.id(), failure.kind(), failure.providerCode(), scope(failure.kind(), shape)));
  }

  /**
   * Whether failures of {@code kind} are learned: not those that say something about one prompt.
   */
  public static boolean isLearned(ErrorKind kind) {
    return kind.learning() != ErrorKind.Learning.NONE;
  }

  /**
   * Whether this failure, seen on its deployment, is expected for a request of {@code request}
   * shape there.
   */
  public boolean appliesTo(RequestShape request) {
    if (shape.isAny()) {
      return true;
    }
    if (kind == ErrorKind.CONTEXT_LENGTH_EXCEEDED) {
      return request.promptBucket() >= shape.promptBucket();
    }
    return shape.equals(request);
  }

  /** A stable text form, for a store's key. */
  public String key() {
    return deployment + "|" + kind + "|" + providerCode + "|" + shape.key();
  }

  /**
   * "openai/gpt-4o CONTEXT_LENGTH_EXCEEDED (context_length_exceeded) for prompts under 16,384
   * tokens".
   */
  @Override
  public String toString() {
    return deployment
        + " "
        + kind
        + (providerCode.isEmpty() ? "" : " (" + providerCode + ")")
        + " for "
        + shape;
  }

  private static RequestShape scope(ErrorKind kind, RequestShape shape) {
    switch (kind) {
      case CONTEXT_LENGTH_EXCEEDED:
        return new RequestShape(shape.promptBucket(), false, ResponseFormat.Type.TEXT, false);
      case INVALID_RESPONSE:
      case VALIDATION_FAILED:
        return shape;
      default:
        return RequestShape.ANY;
    }
  }
}
