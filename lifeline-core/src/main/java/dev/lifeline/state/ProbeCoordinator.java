package dev.lifeline.state;

import java.time.Instant;

/**
 * Coordinates the half-open probes of engines that share a {@link StateStore}: when a target's open
 * period ends, one engine of the fleet probes it and the others wait for its verdict, instead of
 * each sending a probe of its own. A store shared by several engines (Redis) implements it beside
 * {@link StateStore}; the engine uses it when its store does.
 *
 * <p>Every method is called on a call's thread and must answer at once, from memory: whatever the
 * coordination needs from a remote store is fetched in the background. A coordinator that cannot
 * reach its store lets this engine probe, as an engine alone would.
 */
public interface ProbeCoordinator {

  /**
   * Whether this engine may send a probe to {@code target} (a deployment's id), whose circuit is
   * half-open here, now: yes if it holds the fleet's probe lease of {@code target} or the fleet's
   * probe has just succeeded; no while another engine probes or while the lease is being asked for.
   */
  boolean mayProbe(String target);

  /** This engine's probe of {@code target} succeeded: the other engines may send to it again. */
  void probeRecovered(String target);

  /**
   * This engine's probe of {@code target} failed: the other engines do not probe it before {@code
   * retryAt}, when its circuit here half-opens again.
   */
  void probeFailed(String target, Instant retryAt);
}
