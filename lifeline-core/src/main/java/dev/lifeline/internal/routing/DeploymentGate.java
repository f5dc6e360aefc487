package dev.lifeline.internal.routing;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.RateLimits;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Ticker;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each deployment under its client-side {@link DeploymentLimits} and counts its calls in
 * flight: an attempt is {@linkplain #admit admitted} before it is sent and {@linkplain #finished
 * finished} when its future completes, however it ends. Also remembers the rate-limit budget each
 * deployment's provider last reported, for {@link #room}.
 *
 * <p>Only deployments given limits or a group are watched; the others pass at no cost. Thread-safe.
 */
public final class DeploymentGate {

  /**
   * What {@link #admit} decided; {@code lease} is the shared store's slot of calls in flight the
   * attempt holds, null when none.
   */
  public record Admission(long waitNanos, String reason, long tokens, String lease) {

    /** Whether the attempt may be sent now. */
    public boolean admitted() {
      return waitNanos == 0;
    }
  }

  private static final Admission FREE = new Admission(0, null, 0, null);

  private final Map<String, DeploymentLimits> limits;
  private final Map<String, AtomicInteger> inFlight;
  private final LimitCounters counters;
  private final ConcurrencySlots slots;
  private final ConcurrentHashMap<String, RateLimits> reported = new ConcurrentHashMap<>();

  /**
   * A gate over {@code limits} (by deployment id) that also counts the calls in flight of {@code
   * watched} deployments, per minute on {@code counters}.
   */
  public DeploymentGate(
      Map<String, DeploymentLimits> limits, Iterable<String> watched, LimitCounters counters) {
    this(limits, watched, counters, null, null);
  }

  /**
   * A gate as above whose slots of calls in flight {@code shared} holds for the fleet when not
   * null, on {@code ticker}'s time.
   */
  public DeploymentGate(
      Map<String, DeploymentLimits> limits,
      Iterable<String> watched,
      LimitCounters counters,
      SharedLimits shared,
      Ticker ticker) {
    this.limits = Map.copyOf(limits);
    this.counters = Objects.requireNonNull(counters, "counters");
    this.slots =
        shared == null
            ? ConcurrencySlots.local(Ticker.system())
            : ConcurrencySlots.of(shared, Objects.requireNonNull(ticker, "ticker"));
    Map<String, AtomicInteger> counts = new HashMap<>();
    limits.keySet().forEach(id -> counts.put(id, new AtomicInteger()));
    watched.forEach(id -> counts.putIfAbsent(id, new AtomicInteger()));
    this.inFlight = Map.copyOf(counts);
  }

  /** Whether {@code deployment} is watched: it has limits or a group. */
  public boolean watches(Deployment deployment) {
    return inFlight.containsKey(deployment.id());
  }

  /** The limits of {@code deployment}; {@link DeploymentLimits#NONE} when it has none. */
  public DeploymentLimits limits(Deployment deployment) {
    return limits.getOrDefault(deployment.id(), DeploymentLimits.NONE);
  }

  /**
   * Takes a place for one attempt of {@code deployment} with a prompt of about {@code promptTokens}
   * tokens: a slot of its concurrency, a request and the tokens of its minute. An admitted attempt
   * must be {@linkplain #finished finished} exactly once; one refused took nothing.
   */
  public Admission admit(Deployment deployment, int promptTokens) {
    AtomicInteger flying = inFlight.get(deployment.id());
    if (flying == null) {
      return FREE;
    }
    DeploymentLimits limit = limits(deployment);
    String lease = null;
    if (limit.maxConcurrent() > 0) {
      ConcurrencySlots.Slot slot = slots.enter(deployment.id(), limit.maxConcurrent(), flying);
      if (slot.waitNanos() > 0) {
        return new Admission(
            slot.waitNanos(),
            "client-side limit: " + limit.maxConcurrent() + " calls in flight",
            0,
            null);
      }
      lease = slot.lease();
    } else {
      flying.incrementAndGet();
    }
    if (limit.requestsPerMinute() == 0 && limit.tokensPerMinute() == 0) {
      return new Admission(0, null, 0, lease);
    }
    long wait =
        counters.tryTake(
            deployment.id(), limit.requestsPerMinute(), limit.tokensPerMinute(), promptTokens);
    if (wait > 0) {
      flying.decrementAndGet();
      slots.exit(deployment.id(), lease);
      return new Admission(wait, "client-side limit: " + perMinute(limit) + " reached", 0, null);
    }
    return new Admission(0, null, promptTokens, lease);
  }

  /**
   * Ends an attempt {@code admission} let through: frees its concurrency slot, corrects its tokens
   * by the usage {@code answer} reports (null when it failed) and keeps the budget it reports.
   */
  public void finished(Deployment deployment, Admission admission, ChatResponse answer) {
    AtomicInteger flying = inFlight.get(deployment.id());
    if (flying == null) {
      return;
    }
    flying.decrementAndGet();
    slots.exit(deployment.id(), admission.lease());
    if (answer == null) {
      return;
    }
    if (admission.tokens() > 0 && answer.usage().totalTokens() > 0) {
      counters.correct(deployment.id(), answer.usage().totalTokens() - admission.tokens());
    }
    if (answer.rateLimits().isKnown()) {
      reported.put(deployment.id(), answer.rateLimits());
    }
  }

  /** The calls of {@code deployment} in flight now (0 when unwatched). */
  public int inFlight(Deployment deployment) {
    AtomicInteger flying = inFlight.get(deployment.id());
    return flying == null ? 0 : flying.get();
  }

  /**
   * The share of its budget {@code deployment} has left, 0 to 1: the lowest of what its provider
   * last reported for requests and tokens and what is left under its own limits; 1 when nothing is
   * known.
   */
  public double room(Deployment deployment) {
    double room = 1;
    RateLimits last = reported.get(deployment.id());
    if (last != null) {
      room = Math.min(room, share(last.remainingRequests(), last.limitRequests()));
      room = Math.min(room, share(last.remainingTokens(), last.limitTokens()));
    }
    DeploymentLimits limit = limits.get(deployment.id());
    if (limit == null) {
      return room;
    }
    if (limit.requestsPerMinute() > 0 || limit.tokensPerMinute() > 0) {
      long[] used = counters.used(deployment.id());
      if (limit.requestsPerMinute() > 0) {
        room = Math.min(room, 1 - (double) used[0] / limit.requestsPerMinute());
      }
      if (limit.tokensPerMinute() > 0) {
        room = Math.min(room, 1 - (double) used[1] / limit.tokensPerMinute());
      }
    }
    if (limit.maxConcurrent() > 0) {
      room = Math.min(room, 1 - (double) inFlight(deployment) / limit.maxConcurrent());
    }
    return Math.max(0, room);
  }

  private static double share(long remaining, long limit) {
    return remaining < 0 || limit <= 0 ? 1 : Math.min(1, (double) remaining / limit);
  }

  private static String perMinute(DeploymentLimits limit) {
    if (limit.tokensPerMinute() == 0) {
      return limit.requestsPerMinute() + " requests/min";
    }
    if (limit.requestsPerMinute() == 0) {
      return limit.tokensPerMinute() + " tokens/min";
    }
    return limit.requestsPerMinute()
        + " requests/min or "
        + limit.tokensPerMinute()
        + " tokens/min";
  }
}
