package dev.lifeline.bench;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import dev.lifeline.time.Scheduler;
import dev.lifeline.validation.ResponseValidator;
import dev.lifeline.validation.Validators;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine adds to a call that succeeds at once: {@code engine.call(request)} against a
 * provider that answers with an already completed future, minus that provider's own cost ({@link
 * #baseline}, which calls {@code send(...).join()} directly).
 *
 * <p>The engine is what a user gets from the builder: the system ticker and scheduler, PRIORITY
 * routing, health tracking, the retry budget, the default validators (refusal, empty answer,
 * truncation, JSON) — and, as a variant, no validators at all, which isolates the cascade from the
 * validators' cost. Run with {@code -prof gc} for bytes per call ({@code gc.alloc.rate.norm}).
 * Overhead = {@code call - baseline}; the target is at most 2 µs and 2 KB per call.
 *
 * <p>One engine serves every iteration, as in an application: its health window and retry budget
 * fill up and slide as they would in production, rather than being measured fresh each time.
 *
 * <p>Two diagnostics split the overhead, and are not what a user gets: {@link
 * #defaultValidatorsAlone} runs the default validators on the answer without the engine, and {@link
 * #callWithIdleScheduler} is {@link #call} with a scheduler that never runs its tasks, so that the
 * difference to {@link #call} is what arming and cancelling the per-call deadline timer on the
 * system scheduler costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EngineOverheadBenchmark {

  private ImmediateProvider provider;
  private SelfHealingEngine defaults;
  private SelfHealingEngine unvalidated;
  private SelfHealingEngine idleScheduler;
  private List<ResponseValidator> validators;
  private ChatResponse answer;
  private ChatRequest request;

  /** Builds both engines and the request once per trial, as an application would. */
  @Setup(Level.Trial)
  public void setUp() {
    provider = new ImmediateProvider();
    defaults = SelfHealingEngine.builder().provider(provider, ImmediateProvider.MODEL).build();
    unvalidated =
        SelfHealingEngine.builder()
            .provider(provider, ImmediateProvider.MODEL)
            .validators(List.of())
            .build();
    idleScheduler =
        SelfHealingEngine.builder()
            .provider(provider, ImmediateProvider.MODEL)
            .scheduler(IdleScheduler.INSTANCE)
            .build();
    validators = Validators.defaults();
    request =
        ChatRequest.builder()
            .system("You are a support agent for an online shop. Answer in one or two sentences.")
            .user(
                "Process this customer refund request: order 1234, 42.00 EUR, item arrived broken.")
            .build();
    answer = baseline();
  }

  /** The provider alone: what a caller without Lifeline pays. Subtract it from the others. */
  @Benchmark
  public ChatResponse baseline() {
    return provider.send(request, ImmediateProvider.MODEL).join();
  }

  /** A blocking call with the default validators: the overhead a user gets out of the box. */
  @Benchmark
  public ChatResponse call() {
    return defaults.call(request);
  }

  /** A blocking call with no validators: the cascade, routing, health and trace alone. */
  @Benchmark
  public ChatResponse callWithoutValidators() {
    return unvalidated.call(request);
  }

  /** {@code callAsync(...).join()} with the default validators: the async face, same core. */
  @Benchmark
  public ChatResponse callAsync() {
    return defaults.callAsync(request).join();
  }

  /** {@code callAsync(...).join()} with no validators. */
  @Benchmark
  public ChatResponse callAsyncWithoutValidators() {
    return unvalidated.callAsync(request).join();
  }

  /** Diagnostic: the default validators on the answer, without the engine. */
  @Benchmark
  public double defaultValidatorsAlone() {
    double scores = 0;
    for (ResponseValidator validator : validators) {
      Verdict verdict = validator.validate(request, answer);
      scores += verdict.passed() ? verdict.score() : -1; // consumes every verdict
    }
    return scores;
  }

  /** Diagnostic: {@link #call} without the system scheduler's deadline timer. */
  @Benchmark
  public ChatResponse callWithIdleScheduler() {
    return idleScheduler.call(request);
  }

  /**
   * A scheduler that accepts every task and never runs it: the engine's deadline can then never
   * fire, which is harmless for calls that answer at once, and nothing wakes a timer thread.
   */
  private enum IdleScheduler implements Scheduler {
    INSTANCE;

    private static final Future<?> NEVER = CompletableFuture.completedFuture(null);

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
      return NEVER;
    }
  }
}
