package dev.lifeline.internal.health;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The circuit breaker of one deployment: stops sending attempts to a deployment that is down, and
 * lets a bounded number of probes find out when it is back.
 *
 * <p>Written here rather than taken from Resilience4j: core may depend on the JDK, Jackson, slf4j
 * and HdrHistogram only (ARCHITECTURE.md, "Modules"), and this breaker must read Lifeline's
 * injected {@code Ticker} (never the system clock, so tests never sleep) and report through {@link
 * EngineListener}.
 *
 * <p>The state is an immutable {@link Snapshot} swapped by compare-and-set; the legal moves are the
 * {@link #TRANSITIONS} table; a listener hears a move only after its swap succeeded, and nothing
 * else happens inside a swap. The counting window is cleared when the circuit closes, so a circuit
 * that recovered is not re-opened by the failures that opened it.
 *
 * <ul>
 *   <li>CLOSED: counted outcomes go into a sliding window; the circuit opens on {@code
 *       consecutiveFailures} failures in a row, or, once the window holds {@code minimumCalls}
 *       counted calls, at a failure rate of {@code failureRateThreshold} or a slow-call rate of
 *       {@code slowCallRateThreshold}.
 *   <li>OPEN: {@link #tryAcquire} says no until {@code openDuration} has passed, then moves to
 *       HALF_OPEN (lazily: on the next question asked, since time comes from the ticker only).
 *   <li>HALF_OPEN: up to {@code halfOpenProbes} attempts in flight; a success closes, a counted
 *       failure (or a slow success) re-opens; an outcome that does not count and {@link #release}
 *       free a slot.
 * </ul>
 *
 * <p>Thread-safe and lock-free apart from the counting window's short critical section.
 */
final class CircuitBreaker {

  /** The legal moves, as data: anything else is a bug, and {@link #transition} says so. */
  static final Map<CircuitState, Set<CircuitState>> TRANSITIONS = transitions();

  private static final int CALLS = 0;
  private static final int FAILURES = 1;
  private static final int SLOW = 2;

  private final Deployment deployment;
  private final HealthSettings settings;
  private final EngineListener listener;
  private final boolean enabled;
  private final long openNanos;
  private final long slowNanos; // Long.MAX_VALUE when slow calls are not judged
  private final CountWindow outcomes;
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicReference<Snapshot> state;
  // Shared by every circuit of a tracker: how many are not CLOSED, so that a plan can tell in one
  // read that no circuit of any deployment needs asking.
  private final AtomicInteger notClosed;

  CircuitBreaker(
      Deployment deployment,
      HealthSettings settings,
      EngineListener listener,
      long nowNanos,
      AtomicInteger notClosed) {
    this.deployment = deployment;
    this.notClosed = notClosed;
    this.settings = settings;
    this.listener = listener;
    this.enabled = settings.circuit().enabled();
    this.openNanos = settings.circuit().openDuration().toNanos();
    this.slowNanos =
        settings.circuit().slowCallThreshold().map(Duration::toNanos).orElse(Long.MAX_VALUE);
    this.outcomes = new CountWindow(new BucketRing(settings.window(), settings.buckets()), 3);
    this.state = new AtomicReference<>(new Snapshot(CircuitState.CLOSED, nowNanos, 0, 0, "new"));
  }

  /**
   * Asks to start an attempt now. CLOSED: yes. OPEN: no, until the open duration has passed.
   * HALF_OPEN: yes while fewer than {@code halfOpenProbes} probes are in flight, and the yes takes
   * a slot that the attempt's outcome, or {@link #release}, gives back.
   */
  boolean tryAcquire(long nowNanos) {
    if (!enabled) {
      return true;
    }
    while (true) {
      Snapshot current = state.get();
      switch (current.state()) {
        case CLOSED:
          return true;
        case OPEN:
          if (nowNanos - current.openUntilNanos() < 0) {
            return false;
          }
          transition(current, halfOpen(nowNanos, "open for " + millis(openNanos) + " elapsed"));
          break; // asks again, now half-open (or whatever another thread made it)
        case HALF_OPEN:
          if (current.probes() >= settings.circuit().halfOpenProbes()) {
            return false;
          }
          if (state.compareAndSet(current, current.withProbes(current.probes() + 1))) {
            return true;
          }
          break;
        default:
          throw new AssertionError(current.state());
      }
    }
  }

  /**
   * Gives back a probe slot without an outcome: the attempt was abandoned by the caller (deadline,
   * cancel) or ended in a way that says nothing about the deployment. Counts as neither success nor
   * failure; outside HALF_OPEN it does nothing.
   */
  void release() {
    while (true) {
      Snapshot current = state.get();
      if (current.state() != CircuitState.HALF_OPEN || current.probes() == 0) {
        return;
      }
      if (state.compareAndSet(current, current.withProbes(current.probes() - 1))) {
        return;
      }
    }
  }

  /** An attempt succeeded after {@code latency}. */
  void onSuccess(long nowNanos, Duration latency) {
    if (!enabled) {
      return;
    }
    // A latency handed in by a caller may be anything; saturated, an absurd one is merely slow.
    boolean slow = Durations.toNanosSaturated(latency) > slowNanos;
    while (true) {
      Snapshot current = state.get();
      switch (current.state()) {
        case CLOSED:
          failuresInARow.set(0);
          // A success can trip too: it may be slow, or the call that reaches minimumCalls.
          openIfTripped(current, nowNanos, count(nowNanos, false, slow), 0, null);
          return;
        case HALF_OPEN:
          Snapshot next =
              slow
                  ? open(
                      nowNanos,
                      "probe took "
                          + millis(Durations.toNanosSaturated(latency))
                          + ", slower than "
                          + millis(slowNanos))
                  : new Snapshot(CircuitState.CLOSED, nowNanos, 0, 0, "probe succeeded");
          if (transition(current, next)) {
            return;
          }
          break; // another probe moved it first: look again
        case OPEN:
          return; // a late answer of an attempt started before the circuit opened: it stays open
        default:
          throw new AssertionError(current.state());
      }
    }
  }

  /** An attempt failed after {@code latency} with a failure that means the deployment is down. */
  void onFailure(long nowNanos, Duration latency, Failure failure) {
    if (!enabled) {
      return;
    }
    boolean slow = Durations.toNanosSaturated(latency) > slowNanos;
    while (true) {
      Snapshot current = state.get();
      switch (current.state()) {
        case CLOSED:
          int inARow = failuresInARow.incrementAndGet();
          long[] counts = count(nowNanos, true, slow);
          openIfTripped(current, nowNanos, counts, inARow, failure);
          return;
        case HALF_OPEN:
          if (transition(current, open(nowNanos, "probe failed: " + failure.kind()))) {
            return;
          }
          break;
        case OPEN:
          return;
        default:
          throw new AssertionError(current.state());
      }
    }
  }

  /**
   * A cooldown of this deployment (or its provider) ended: a CLOSED circuit moves to HALF_OPEN, so
   * the deployment comes back through at most {@code halfOpenProbes} attempts until one succeeds.
   * An OPEN or HALF_OPEN circuit already probes, or will.
   */
  void probeAfterCooldown(long nowNanos, String reason) {
    if (!enabled) {
      return;
    }
    Snapshot current = state.get();
    while (current.state() == CircuitState.CLOSED
        && !transition(current, halfOpen(nowNanos, reason))) {
      current = state.get();
    }
  }

  /** Whether the circuit is OPEN now and moved there at or after {@code sinceNanos}. */
  boolean openedSince(long sinceNanos, long nowNanos) {
    Snapshot current = snapshot(nowNanos);
    return current.state() == CircuitState.OPEN && current.sinceNanos() - sinceNanos >= 0;
  }

  /** The state now; an OPEN circuit whose time is up moves to HALF_OPEN first. */
  Snapshot snapshot(long nowNanos) {
    if (!enabled) {
      return state.get();
    }
    Snapshot current = state.get();
    while (current.state() == CircuitState.OPEN && nowNanos - current.openUntilNanos() >= 0) {
      transition(current, halfOpen(nowNanos, "open for " + millis(openNanos) + " elapsed"));
      current = state.get();
    }
    return current;
  }

  private long[] count(long nowNanos, boolean failed, boolean slow) {
    if (failed && slow) {
      return outcomes.incrementAndSum(nowNanos, CALLS, FAILURES, SLOW);
    } else if (failed) {
      return outcomes.incrementAndSum(nowNanos, CALLS, FAILURES);
    } else if (slow) {
      return outcomes.incrementAndSum(nowNanos, CALLS, SLOW);
    }
    return outcomes.incrementAndSum(nowNanos, CALLS);
  }

  /**
   * Opens the circuit if the counts trip a threshold and the state is still the CLOSED one they
   * were counted in: after a concurrent close, stale counts must not re-open it.
   */
  private void openIfTripped(
      Snapshot counted, long nowNanos, long[] counts, int inARow, Failure last) {
    String reason = tripReason(counts, inARow, last);
    if (reason != null && state.get() == counted) {
      transition(counted, open(nowNanos, reason));
    }
  }

  private String tripReason(long[] counts, int inARow, Failure last) {
    if (inARow >= settings.circuit().consecutiveFailures()) {
      return inARow + " failures in a row, last " + last.kind();
    }
    long calls = counts[CALLS];
    if (calls < settings.circuit().minimumCalls()) {
      return null;
    }
    double failureRate = (double) counts[FAILURES] / calls;
    if (failureRate >= settings.circuit().failureRateThreshold()) {
      return "failure rate "
          + percent(failureRate)
          + " of "
          + calls
          + " calls >= "
          + percent(settings.circuit().failureRateThreshold());
    }
    double slowRate = (double) counts[SLOW] / calls;
    if (slowNanos != Long.MAX_VALUE && slowRate >= settings.circuit().slowCallRateThreshold()) {
      return "slow-call rate "
          + percent(slowRate)
          + " of "
          + calls
          + " calls over "
          + millis(slowNanos)
          + " >= "
          + percent(settings.circuit().slowCallRateThreshold());
    }
    return null;
  }

  /**
   * Swaps {@code from} for {@code to} if {@code from} is still current; then, outside the swap,
   * resets the counts of a closing circuit and tells the listener.
   *
   * @return whether this call made the move
   * @throws IllegalStateException if the move is not in {@link #TRANSITIONS}
   */
  private boolean transition(Snapshot from, Snapshot to) {
    if (!TRANSITIONS.get(from.state()).contains(to.state())) {
      throw new IllegalStateException(
          "illegal circuit move " + from.state() + " -> " + to.state() + " for " + deployment);
    }
    if (!state.compareAndSet(from, to)) {
      return false;
    }
    if (from.state() == CircuitState.CLOSED) {
      notClosed.incrementAndGet();
    }
    if (to.state() == CircuitState.CLOSED) {
      notClosed.decrementAndGet();
      outcomes.clear();
      failuresInARow.set(0);
    }
    listener.onCircuitStateChanged(deployment, from.state(), to.state(), to.reason());
    return true;
  }

  private Snapshot open(long nowNanos, String reason) {
    return new Snapshot(
        CircuitState.OPEN, nowNanos, Durations.saturatedAdd(nowNanos, openNanos), 0, reason);
  }

  private static Snapshot halfOpen(long nowNanos, String reason) {
    return new Snapshot(CircuitState.HALF_OPEN, nowNanos, 0, 0, reason);
  }

  private static Map<CircuitState, Set<CircuitState>> transitions() {
    Map<CircuitState, Set<CircuitState>> moves = new EnumMap<>(CircuitState.class);
    moves.put(CircuitState.CLOSED, EnumSet.of(CircuitState.OPEN, CircuitState.HALF_OPEN));
    moves.put(CircuitState.OPEN, EnumSet.of(CircuitState.HALF_OPEN));
    moves.put(CircuitState.HALF_OPEN, EnumSet.of(CircuitState.CLOSED, CircuitState.OPEN));
    return Map.copyOf(moves);
  }

  private static String percent(double rate) {
    return Math.round(rate * 100) + "%";
  }

  private static String millis(long nanos) {
    return nanos / 1_000_000 + " ms";
  }

  /**
   * One immutable state of a circuit; every change is a new snapshot swapped in whole.
   *
   * @param state where the circuit stands
   * @param sinceNanos ticker time of the move into {@code state}
   * @param openUntilNanos ticker time an OPEN circuit starts probing; 0 otherwise
   * @param probes HALF_OPEN attempts in flight; 0 otherwise
   * @param reason why the circuit moved into {@code state}
   */
  record Snapshot(
      CircuitState state, long sinceNanos, long openUntilNanos, int probes, String reason) {

    Snapshot withProbes(int count) {
      return new Snapshot(state, sinceNanos, openUntilNanos, count, reason);
    }
  }
}
