package dev.lifeline.provider;

import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What an engine lends the providers it runs: its clock, its scheduler and its executor, so every
 * provider of one engine reads the same (possibly virtual) time and runs its work on the engine's
 * own bounded threads. Handed to {@link Provider#bind(ProviderRuntime)} once, when the engine is
 * built.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderRuntime {

  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Executor executor;

  private ProviderRuntime(Ticker ticker, Scheduler scheduler, Executor executor) {
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * A runtime of {@code ticker}, {@code scheduler} and {@code executor}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ProviderRuntime of(Ticker ticker, Scheduler scheduler, Executor executor) {
    return new ProviderRuntime(
        Objects.requireNonNull(ticker, "ticker"),
        Objects.requireNonNull(scheduler, "scheduler"),
        Objects.requireNonNull(executor, "executor"));
  }

  /** The clock every measurement and every wall-clock date is read from. */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Where timeouts are timed; it hands fired tasks to an executor, never runs them on its timer.
   */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * The engine's bounded executor, for a provider's work that must leave the thread it arrived on
   * (a client's completions, when the client has no I/O threads of its own).
   */
  public Executor executor() {
    return executor;
  }

  @Override
  public String toString() {
    return "ProviderRuntime[" + ticker + ", " + scheduler + ", " + executor + "]";
  }
}
