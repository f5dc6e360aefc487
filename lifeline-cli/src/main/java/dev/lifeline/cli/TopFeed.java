package dev.lifeline.cli;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code lifeline top} learns from the engine as calls flow: counts of calls and attempts, and
 * the last decisions (attempts that did not simply succeed, circuit changes, cooldowns), newest
 * first. Thread-safe: the engine's threads write, the screen reads.
 */
final class TopFeed implements EngineListener {

  /**
   * One line of the recent decisions.
   *
   * @param at when, on the feed's clock
   * @param deployment the deployment or provider it concerns
   * @param what what happened (a failure's kind, a circuit's new state, a cooldown)
   * @param decision what the engine did next, or empty
   * @param reason why, in a few words, or empty
   */
  record Event(Instant at, String deployment, String what, String decision, String reason) {}

  private final Ticker ticker;
  private final int keep;
  private final Deque<Event> events = new ArrayDeque<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();

  TopFeed(Ticker ticker, int keep) {
    this.ticker = ticker;
    this.keep = keep;
  }

  @Override
  public void onAttempt(Attempt attempt) {
    attempts.incrementAndGet();
    if (attempt.succeeded() && attempt.number() == 1) {
      return; // a plain answer is no decision worth a line
    }
    String what =
        attempt.failure() != null
            ? attempt.failure().kind().name()
            : attempt.succeeded() ? "OK" : "abandoned";
    add(
        new Event(
            ticker.now(),
            attempt.deployment().id(),
            what,
            attempt.decision().name(),
            attempt.reason()));
  }

  @Override
  public void onCallSucceeded(ChatResponse response) {
    answered.incrementAndGet();
  }

  @Override
  public void onCallFailed(RuntimeException error, CallTrace trace) {
    failed.incrementAndGet();
  }

  @Override
  public void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {
    add(new Event(ticker.now(), deployment.id(), "circuit " + to.name(), "", reason));
  }

  @Override
  public void onCooldownStarted(CooldownTarget target, Duration duration, String reason) {
    add(
        new Event(
            ticker.now(),
            target.provider() ? target.name() + "/*" : target.name(),
            "cooldown " + TopScreen.duration(duration),
            "",
            reason == null ? "" : reason));
  }

  private synchronized void add(Event event) {
    events.addFirst(event);
    while (events.size() > keep) {
      events.removeLast();
    }
  }

  /** The recent decisions, newest first. */
  synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  long answered() {
    return answered.get();
  }

  long failed() {
    return failed.get();
  }

  long attempts() {
    return attempts.get();
  }
}
