package dev.lifeline.routing;

/** Which layers of the cascade a call may use. */
public enum FallbackStrategy {
  /** Retry, then degrade to the provider's next model, then fail over to the next provider. */
  CASCADE,
  /** Retry the first deployment only; never move to another model or provider. */
  RETRY_ONLY,
  /** Retry, then fail over to the next provider's first model; never degrade within a provider. */
  NO_DEGRADE,
  /** One attempt on each provider's first model, in order; no retry, no degrade. */
  FAILOVER_ONLY
}
