package dev.lifeline.internal.learning;

import dev.lifeline.learning.FailureSignature;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A hint the playbook gives the cascade: a deployment is expected to fail a request of this shape,
 * and, when known, which deployment answered instead.
 *
 * <p>Immutable. A hint changes only the order of the cascade, never what it may try.
 *
 * @param signature the failure expected
 * @param confidence how sure the playbook is, in (0, 1)
 * @param failures how many times the failure was seen
 * @param resolver the deployment id that most often answered after it, if any
 */
public record LearnedRemedy(
    FailureSignature signature, double confidence, long failures, Optional<String> resolver) {

  /** Checks the parts. */
  public LearnedRemedy {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * "learned from 14 CONTEXT_LENGTH_EXCEEDED failures (prompts under 16,384 tokens), confidence
   * 0.93".
   */
  public String explanation() {
    return String.format(
        Locale.ROOT,
        "learned from %d %s failure%s (%s), confidence %.2f%s",
        failures,
        signature.kind(),
        failures == 1 ? "" : "s",
        signature.shape(),
        confidence,
        resolver.map(id -> "; " + id + " answered instead").orElse(""));
  }

  @Override
  public String toString() {
    return signature.deployment() + ": " + explanation();
  }
}
