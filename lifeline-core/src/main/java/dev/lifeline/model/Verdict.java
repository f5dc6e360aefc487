package dev.lifeline.model;

import java.util.Objects;

/**
 * What one validator concluded about one answer.
 *
 * @param validator the validator's name ("refusal", "json-schema")
 * @param passed whether the answer is acceptable
 * @param reason why it failed, in words a person can act on ("missing required field 'refund_id'");
 *     empty when it passed
 * @param score the validator's measure in [0, 1] where it has one (a similarity, a refusal
 *     confidence), else 1 for a pass and 0 for a failure
 */
public record Verdict(String validator, boolean passed, String reason, double score) {

  /** Checks the parts. */
  public Verdict {
    Objects.requireNonNull(validator, "validator");
    reason = reason == null ? "" : reason;
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
  }

  /** A pass. */
  public static Verdict pass(String validator) {
    return new Verdict(validator, true, "", 1);
  }

  /** A pass with a measured score. */
  public static Verdict pass(String validator, double score) {
    return new Verdict(validator, true, "", score);
  }

  /** A failure with a reason. */
  public static Verdict fail(String validator, String reason) {
    return new Verdict(validator, false, reason, 0);
  }

  /** A failure with a reason and a measured score. */
  public static Verdict fail(String validator, String reason, double score) {
    return new Verdict(validator, false, reason, score);
  }

  @Override
  public String toString() {
    return validator + (passed ? ": pass" : ": FAIL (" + reason + ")");
  }
}
