package dev.lifeline.state;

/**
 * Client-side limit counters shared by the engines of a fleet, so that a deployment's requests per
 * minute and tokens per minute hold for all replicas together rather than for each. A store shared
 * by several engines (Redis) implements it beside {@link StateStore}; the engine's limiter asks it
 * before each attempt to a deployment with a {@code requestsPerMinute} or {@code tokensPerMinute}
 * limit, and uses its own counters when there is no such store. A store that also offers {@link
 * #tryEnter} and {@link #exit} holds a deployment's calls in flight ({@code maxConcurrent}) for the
 * fleet too; one that keeps their defaults leaves each engine to count its own.
 *
 * <p>The store is on a call's path here, so every method must answer within a short bound (the
 * store's operation timeout) and never throw: a store that cannot tell in time answers {@link
 * #UNKNOWN}, and the engine then keeps to {@code limit / }{@link #replicas()} on its own counters
 * and does not ask the store again for a second. Implementations are thread-safe.
 */
public interface SharedLimits {

  /**
   * What {@link #tryTake} and {@link #tryEnter} answer when the store could not tell in time:
   * decide locally.
   */
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
   * Takes one of {@code deployment}'s {@code maxConcurrent} slots of calls in flight, shared by the
   * fleet, under the lease {@code lease}, when one is free; takes nothing otherwise. A lease taken
   * must be given back by {@link #exit} when its call ends; a store lets a lease expire after a
   * time of its choosing, so that a replica that died mid-call does not hold its slots forever. The
   * default answers {@link #UNKNOWN}: each engine counts its own calls in flight.
   *
   * @param deployment the deployment's id ({@code provider/model}); no secret, no prompt
   * @param lease an id of this call's slot, unique in the fleet; no secret
   * @param maxConcurrent the fleet's limit of calls in flight, at least 1
   * @return 0 when taken; a positive number of nanoseconds after which to ask again; or {@link
   *     #UNKNOWN}
   */
  default long tryEnter(String deployment, String lease, int maxConcurrent) {
    return UNKNOWN;
  }

  /**
   * Gives back the slot {@code lease} took of {@code deployment}. Never blocks: a store sends it
   * asynchronously, and a lease it could not give back expires. The default does nothing.
   */
  default void exit(String deployment, String lease) {}

  /**
   * How many engines share the limits, at least 1: while the store cannot answer, each engine keeps
   * to {@code limit / replicas()} on its own counters. The default, 1, keeps each engine at the
   * whole limit during an outage, as without sharing.
   */
  default int replicas() {
    return 1;
  }
}
