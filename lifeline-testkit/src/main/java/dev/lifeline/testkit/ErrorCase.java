package dev.lifeline.testkit;

/**
 * The named provider errors a {@link Fault} can ask for; each wire format renders them its own way.
 */
enum ErrorCase {
  RATE_LIMITED,
  OVERLOADED,
  SERVER_ERROR,
  BAD_GATEWAY,
  UNAUTHORIZED,
  QUOTA_EXHAUSTED,
  CONTEXT_LENGTH_EXCEEDED,
  MODEL_NOT_FOUND,
  BAD_REQUEST,
  /** The provider's usual error for a given status code ({@link Fault#status(int)}). */
  BY_STATUS
}
