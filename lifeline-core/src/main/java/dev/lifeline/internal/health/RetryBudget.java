package dev.lifeline.internal.health;

import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Caps the extra attempts (retries, degrades, failovers) of all calls together, so that an outage
 * of every provider costs about {@code 1 + ratio} times the attempts it would cost without retries,
 * and not {@code 1 + maxRetries} times.
 *
 * <p>A token bucket, as in gRPC retry throttling and Envoy retry budgets: every call's first
 * attempt deposits {@link RetryBudgetSettings#ratio()} tokens (default 0.2) and every extra attempt
 * withdraws one; the bucket holds at most {@link RetryBudgetSettings#burst()} tokens (default 10)
 * and starts full. So that a quiet service can still retry, time refills the bucket at {@link
 * RetryBudgetSettings#minPerSecond()} tokens per second (default 1, read from the {@link Ticker}).
 * The two incomes do not add up: time's income is an advance that later deposits pay back first,
 * like Envoy's "budget percent or minimum concurrency, whichever is larger". Over any stretch of
 * time {@code T} with {@code N} calls, extra attempts are at most about {@code burst + max(ratio ×
 * N, minPerSecond × T)}: at 100 calls a second in a full outage, 1.2 attempts a call, whatever the
 * retry policy.
 *
 * <p>{@link RetryBudgetSettings#enabled()} off: every extra attempt is allowed. Thread-safe and
 * lock-free: the state is one immutable value swapped by compare-and-set; the listener hears a
 * denial after it.
 */
public final class RetryBudget {

  /** Tokens are counted in millionths, so a ratio of 0.2 deposits exactly 200,000. */
  private static final long MICROS_PER_TOKEN = 1_000_000;

  private final boolean enabled;
  private final long deposit;
  private final long capacity;
  private final double nanosPerMicroToken; // 0 when time refills nothing
  private final long fillNanos; // time refills the empty bucket in this long
  private final Ticker ticker;
  private final EngineListener listener;
  private final AtomicReference<State> state;

  private RetryBudget(HealthSettings settings, Ticker ticker, EngineListener listener) {
    this.enabled = settings.retryBudget().enabled();
    this.deposit = Math.round(settings.retryBudget().ratio() * MICROS_PER_TOKEN);
    this.capacity = settings.retryBudget().burst() * MICROS_PER_TOKEN;
    double perSecond = settings.retryBudget().minPerSecond();
    this.nanosPerMicroToken = perSecond == 0 ? 0 : 1e9 / (perSecond * MICROS_PER_TOKEN);
    this.fillNanos =
        perSecond == 0 ? Long.MAX_VALUE : (long) Math.ceil(capacity * nanosPerMicroToken);
    this.ticker = ticker;
    this.listener =
        listener instanceof GuardedListener ? listener : new GuardedListener(List.of(listener));
    this.state = new AtomicReference<>(new State(capacity, 0, ticker.nanos()));
  }

  /**
   * A budget as {@code settings} say, on {@code ticker}'s time, that tells {@code listener} when it
   * denies an attempt of a named deployment.
   */
  public static RetryBudget create(
      HealthSettings settings, Ticker ticker, EngineListener listener) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(listener, "listener");
    return new RetryBudget(settings, ticker, listener);
  }

  /** A budget as {@code settings} say, with no listener. */
  public static RetryBudget create(HealthSettings settings, Ticker ticker) {
    return create(settings, ticker, EngineListener.NONE);
  }

  /** Whether the budget limits anything; when not, {@link #tryAcquire()} always says yes. */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * A call made its first attempt: deposits the ratio. Call once per call, never for extra
   * attempts.
   */
  public void onFirstAttempt() {
    if (!enabled) {
      return;
    }
    long now = ticker.nanos();
    while (true) {
      State current = state.get();
      State refilled = refill(current, now);
      long repaid = Math.min(deposit, refilled.advance());
      State next =
          new State(
              Math.min(capacity, refilled.tokens() + deposit - repaid),
              refilled.advance() - repaid,
              refilled.refilledAtNanos());
      if (state.compareAndSet(current, next)) {
        return;
      }
    }
  }

  /**
   * Asks for one extra attempt (a retry, a degrade or a failover); a yes withdraws a token. Ask
   * before every attempt of a call but its first, and after the deployment's own permission, so a
   * deployment that would refuse costs no token.
   */
  public boolean tryAcquire() {
    if (!enabled) {
      return true;
    }
    long now = ticker.nanos();
    while (true) {
      State current = state.get();
      State refilled = refill(current, now);
      if (refilled.tokens() < MICROS_PER_TOKEN) {
        if (refilled != current) {
          state.compareAndSet(
              current, refilled); // keeps the refill; losing this race loses nothing
        }
        return false;
      }
      State next =
          new State(
              refilled.tokens() - MICROS_PER_TOKEN, refilled.advance(), refilled.refilledAtNanos());
      if (state.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  /**
   * {@link #tryAcquire()} for an extra attempt of {@code deployment}; a no is also told to the
   * listener ({@link EngineListener#onRetryBudgetExhausted}).
   */
  public boolean tryAcquire(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    if (tryAcquire()) {
      return true;
    }
    listener.onRetryBudgetExhausted(deployment);
    return false;
  }

  /** The tokens in the bucket now, each worth one extra attempt; for diagnostics. */
  public double tokens() {
    return refill(state.get(), ticker.nanos()).tokens() / (double) MICROS_PER_TOKEN;
  }

  @Override
  public String toString() {
    return enabled ? "RetryBudget{tokens=" + tokens() + "}" : "RetryBudget{off}";
  }

  /** {@code current} with time's income since its last refill added; the same object if none. */
  private State refill(State current, long now) {
    long elapsed = now - current.refilledAtNanos();
    if (nanosPerMicroToken == 0 || elapsed <= 0) {
      return current;
    }
    long income;
    long refilledAt;
    if (elapsed >= fillNanos) {
      income = capacity;
      refilledAt = now;
    } else {
      income = (long) (elapsed / nanosPerMicroToken);
      if (income == 0) {
        return current; // too little time for a millionth: let it accrue
      }
      // Advance only by the time paid out, so frequent calls lose no fraction of the income.
      refilledAt = current.refilledAtNanos() + (long) Math.ceil(income * nanosPerMicroToken);
      if (refilledAt - now > 0) {
        refilledAt = now;
      }
    }
    return new State(
        Math.min(capacity, current.tokens() + income),
        Math.min(capacity, current.advance() + income),
        refilledAt);
  }

  /**
   * The bucket, in millionths of a token.
   *
   * @param tokens what may be withdrawn
   * @param advance time's income not yet paid back by deposits
   * @param refilledAtNanos ticker time up to which time's income is counted
   */
  private record State(long tokens, long advance, long refilledAtNanos) {}
}
