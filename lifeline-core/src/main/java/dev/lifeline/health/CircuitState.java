package dev.lifeline.health;

/**
 * Where a deployment's circuit breaker stands.
 *
 * <p>The legal moves are CLOSED → OPEN (too many failures), OPEN → HALF_OPEN (the open duration
 * passed), CLOSED → HALF_OPEN (a cooldown ended: the deployment comes back through probes),
 * HALF_OPEN → CLOSED (a probe succeeded) and HALF_OPEN → OPEN (a probe failed).
 */
public enum CircuitState {
  /** Attempts pass; outcomes are counted. */
  CLOSED,
  /** Attempts are rejected until the open duration has passed. */
  OPEN,
  /** A bounded number of probe attempts pass at once; the first outcome that counts decides. */
  HALF_OPEN
}
