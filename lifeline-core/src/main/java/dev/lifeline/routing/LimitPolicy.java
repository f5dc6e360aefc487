package dev.lifeline.routing;

/**
 * What a call does when the deployment it is about to try is at one of its client-side {@link
 * DeploymentLimits}. In both cases a sibling of the same {@link DeploymentGroup} with room left is
 * tried first; the policy says what happens when none has any.
 */
public enum LimitPolicy {

  /**
   * Wait until the first member of the rung has room again, when that is within the call's
   * deadline; otherwise go on to the next rung. The default: the answer of the model asked for,
   * late, beats a lesser model's.
   */
  WAIT,

  /** Go on to the next rung at once: a lesser model now beats the asked-for one later. */
  NEXT_RUNG
}
