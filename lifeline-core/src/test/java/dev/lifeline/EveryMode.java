package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs one cascade scenario through {@code call}, {@code callAsync} and {@code stream}, each on a
 * fresh engine with the providers rewound, and checks that the three end alike: the same answer or
 * the same exception, the same attempts with the same decisions, the same virtual time (after
 * Failsafe's {@code Testing.testGetInternal}).
 */
final class EveryMode {

  /** How a call ended, in the terms the three faces must agree on. */
  record Outcome(
      String text, Class<?> error, String message, List<String> attempts, Duration elapsed) {
    /** The answer's text; throws the call's exception when it failed, as {@code call} would. */
    String answer() {
      assertThat(error).as("the call failed: " + message).isNull();
      return text;
    }
  }

  /** The outcome of every face, checked equal, plus the last run's raw result. */
  record Result(Outcome outcome, ChatResponse response, LifelineException exception) {}

  private EveryMode() {}

  static Result run(
      VirtualClock clock,
      Runnable rewind,
      Supplier<SelfHealingEngine> engine,
      ChatRequest request,
      CallOptions options) {
    rewind.run();
    Result async = settle(clock, engine.get().callAsync(request, options));
    rewind.run();
    StringBuilder deltas = new StringBuilder();
    Result streamed = settle(clock, engine.get().stream(request, options, deltas::append));
    if (streamed.response() != null) {
      assertThat(deltas.toString())
          .as("what the stream delivered")
          .isEqualTo(streamed.response().text());
    }
    rewind.run();
    Result sync = settleBlocking(clock, engine.get(), request, options);
    assertThat(streamed.outcome()).as("stream vs callAsync").isEqualTo(async.outcome());
    assertThat(sync.outcome()).as("call vs callAsync").isEqualTo(async.outcome());
    return sync;
  }

  private static Result settle(VirtualClock clock, CompletableFuture<ChatResponse> call) {
    clock.runUntilIdle(Duration.ofHours(2));
    assertThat(call).as("the call ended on virtual time").isDone();
    try {
      return of(call.join(), null);
    } catch (CompletionException e) {
      return of(null, (LifelineException) e.getCause());
    }
  }

  /**
   * {@code call} blocks its thread: it runs on its own while this thread drives the virtual clock.
   */
  private static Result settleBlocking(
      VirtualClock clock, SelfHealingEngine engine, ChatRequest request, CallOptions options) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                done.complete(of(engine.call(request, options), null));
              } catch (LifelineException e) {
                done.complete(of(null, e));
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "every-mode-call");
    caller.start();
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (!done.isDone() && System.nanoTime() < giveUp) {
      clock.runUntilIdle(Duration.ofHours(2));
      LockSupport.parkNanos(
          50_000); // lets the caller thread reach its next wait; time itself is virtual
    }
    assertThat(done).as("call() ended").isDone();
    return done.join();
  }

  private static Result of(ChatResponse response, LifelineException error) {
    CallTrace trace = response != null ? response.trace() : error.trace();
    List<String> attempts = trace.attempts().stream().map(EveryMode::describe).toList();
    Outcome outcome =
        new Outcome(
            response == null ? null : response.text(),
            error == null ? null : error.getClass(),
            error == null ? null : error.getMessage(),
            attempts,
            trace.elapsed());
    return new Result(outcome, response, error);
  }

  private static String describe(Attempt attempt) {
    return attempt.deployment().id()
        + " "
        + attempt.decision()
        + (attempt.failure() == null ? "" : " " + attempt.failure().kind())
        + " after "
        + attempt.waitBefore().toMillis()
        + " ms: "
        + attempt.reason();
  }
}
