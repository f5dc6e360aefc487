package dev.lifeline.state;

/**
 * Client-side limit counters shared by the engines of a fleet, so that a deployment's requests per
 * minute and tokens per minute hold for all replicas together rather than for each. A store shared
 * by several engines (Redis) implements it beside {@link StateStore}; the engine's limiter asks it
 * before each attempt to a deployment with a {@code requestsPerMinute} or {@code tokensPerMinute}
 * limit, and uses its own counters when there is no such store. Calls in flight ({@code
 * maxConcurrent}) are counted by each engine alone.
 *
 * <p>The store is on a call's path here, so every method must answer within a short bound (the
 * store's operation timeout) and never throw: a store that cannot tell in time answers {@link
 * #UNKNOWN}, and the engine then keeps to {@code limit / }{@link #replicas()} on its own counters
 * and does not ask the store again for a second. Implementations are thread-safe.
 */
public interface SharedLimits {

  /** What {@link #tryTake} answers when the store could not tell in time: decide locally. */
  long UNKNOWN = -1;

  /**
   * Takes one request and {@code tokens} tokens from {@code deployment}'s fleet-wide budget when
   * both fit under the limits; takes nothing otherwise.
   *
   * @param deployment the deployment's id ({@code provider/model}); no secret, no prompt
   * @param requestsPerMinute the fleet's request limit, 0 for none
   * @param tokensPerMinute the fleet's token limit, 0 for none
   * @param tokens the tokens the request is expected to use, 0 or more
   * @return 0 when taken; a positive number of nanoseconds until they may fit; or {@link #UNKNOWN}
   */
  long tryTake(String deployment, int requestsPerMinute, long tokensPerMinute, long tokens);

  /**
   * Adds {@code tokens} (negative to give back) to what {@code deployment} took: the usage an
   * answer reported corrects the estimate taken when it started. Must not block; a store may send
   * it with its next command.
   */
  void correct(String deployment, long tokens);

  /**
   * How many engines share the limits, at least 1: while the store cannot answer, each engine keeps
   * to {@code limit / replicas()} on its own counters. The default, 1, keeps each engine at the
   * whole limit during an outage, as without sharing.
   */
  default int replicas() {
    return 1;
  }
}
