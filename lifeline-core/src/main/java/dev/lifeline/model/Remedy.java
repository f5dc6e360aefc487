package dev.lifeline.model;

/** What the cascade does after a failed attempt. */
public enum Remedy {
  /** Wait, then try the same deployment again (L1). */
  RETRY,
  /** Move to the same provider's next model; past its last model, to the next provider (L2). */
  DEGRADE,
  /** Skip the rest of this provider's models and go to the next provider (L3). */
  FAILOVER,
  /**
   * Move to the next deployment whose context window is larger than this one's; fail when there is
   * none. Deployments whose window is not configured are tried, since they may be larger.
   */
  LARGER_CONTEXT,
  /** Stop and throw: no deployment will answer this request. */
  FAIL
}
