package dev.lifeline.testkit;

/**
 * The named provider errors a {@link Fault.ProviderError} can ask for; each wire format renders
 * them with its provider's real body (from the failure corpus, see {@code errors.json} next to this
 * class) and headers.
 */
public enum ErrorCase {
  /**
   * A rate limit: 429 with the provider's Retry-After or retry hint; {@link Fault#rateLimited()}.
   */
  RATE_LIMITED,
  /** The provider is overloaded; {@link Fault#overloaded()}. */
  OVERLOADED,
  /** An internal error; {@link Fault#serverError()}. */
  SERVER_ERROR,
  /** The CDN's 502 page; {@link Fault#badGateway()}. */
  BAD_GATEWAY,
  /** The key is refused; {@link Fault#unauthorized()}. */
  UNAUTHORIZED,
  /** Out of money or daily quota; {@link Fault#quotaExhausted()}. */
  QUOTA_EXHAUSTED,
  /** The prompt is too long; {@link Fault#contextLengthExceeded()}. */
  CONTEXT_LENGTH_EXCEEDED,
  /** No such model; {@link Fault#modelNotFound()}. */
  MODEL_NOT_FOUND,
  /** A malformed request; {@link Fault#badRequest()}. */
  BAD_REQUEST,
  /** The provider's usual error for a given status code; {@link Fault#status(int)}. */
  BY_STATUS
}
