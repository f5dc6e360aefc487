package dev.lifeline.routing;

/**
 * How a {@link DeploymentGroup} picks which of its members a call tries first; the others follow as
 * siblings, tried before the cascade degrades to the next rung.
 */
public enum Balancing {

  /**
   * At random, in proportion to each member's weight: a member of weight 2 is tried first twice as
   * often as one of weight 1. The default.
   */
  WEIGHTED,

  /**
   * The power of two choices: two members drawn at random, the one with fewer calls in flight
   * first. A slow member holds its calls longer, so it is chosen less, in proportion to its speed.
   */
  LEAST_IN_FLIGHT,

  /**
   * The member with the most room left first: the smaller share left of its requests and tokens per
   * minute, as its provider last reported them ({@code x-ratelimit-*} headers) or as the client
   * counted them against its {@link DeploymentLimits}, whichever is lower. Unknown room counts as
   * full; ties go by weight at random.
   */
  HEADROOM
}
