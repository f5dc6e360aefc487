package dev.lifeline.health;

import dev.lifeline.failure.ErrorKind;

/**
 * What a failure of each {@link ErrorKind} says about the deployment that returned it, and so what the
 * health tracker does with it.
 */
enum FailureImpact {
  /** The deployment is down or broken: counts towards opening its circuit. */
  OUTAGE,
  /** The deployment is busy for a while: cools it down for the provider's wait. */
  RATE_LIMIT,
  /** The key is refused: cools the whole provider down, since every model shares the key. */
  AUTH_LOCKOUT,
  /** The account is out of credits: cools the whole provider down for long. */
  QUOTA_LOCKOUT,
  /** The model is not there: cools this deployment down. */
  MODEL_MISSING,
  /** The deployment answered, but badly (a validator said no): in the error rate, not the circuit. */
  POOR_ANSWER,
  /** The request is at fault, not the deployment: neither circuit nor error rate. */
  REQUEST_FAULT;

  /** The impact of {@code kind}; exhaustive, so a new kind cannot be forgotten here. */
  static FailureImpact of(ErrorKind kind) {
    return switch (kind) {
      case SERVER_ERROR, OVERLOADED, TIMEOUT, NETWORK, INVALID_RESPONSE -> OUTAGE;
      case RATE_LIMITED -> RATE_LIMIT;
      case AUTHENTICATION, PERMISSION -> AUTH_LOCKOUT;
      case QUOTA_EXHAUSTED -> QUOTA_LOCKOUT;
      case MODEL_NOT_FOUND -> MODEL_MISSING;
      case VALIDATION_FAILED -> POOR_ANSWER;
      case BAD_REQUEST, CONTEXT_LENGTH_EXCEEDED, CONTENT_FILTERED -> REQUEST_FAULT;
    };
  }

  /** Whether the failure counts in a deployment's error rate. */
  boolean countsInErrorRate() {
    return this != REQUEST_FAULT;
  }
}
