package dev.lifeline.model;

/** What the cascade decided after an attempt. */
public enum Decision {
  /** The answer was accepted and returned. */
  ACCEPT,
  /** Wait, then the same deployment again. */
  RETRY,
  /** The same provider's next model. */
  DEGRADE,
  /** The next provider. */
  FAILOVER,
  /** The next deployment with a larger context window. */
  LARGER_CONTEXT,
  /** Stop: the request itself is wrong, or a rule said to fail. */
  FAIL,
  /** Stop: no deployment is left to try. */
  EXHAUSTED,
  /** Stop: the call's deadline passed, or the next wait would pass it. */
  DEADLINE,
  /** Stop: the caller cancelled the call. */
  CANCELLED,
  /**
   * Not the call's result: one side of a hedged attempt whose other side gave the call its result;
   * cancelled when the other answered first (no failure), or failed while the other still ran.
   * Recorded just before the other side's attempt.
   */
  HEDGE_LOST
}
