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
  CANCELLED
}
