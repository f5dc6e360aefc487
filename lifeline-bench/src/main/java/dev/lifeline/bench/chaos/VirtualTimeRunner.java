package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plays a scenario in virtual time: each strategy gets its own {@link VirtualClock} and simulated
 * fleet, requests arrive as tasks on the clock, providers answer from tasks scheduled after their
 * latency, and the clock jumps from task to task, so a day of traffic (100,000 requests) runs in
 * seconds. Strategies run in parallel, one thread each, each run deterministic on its own.
 */
public final class VirtualTimeRunner {

  /**
   * Time given after the scenario's end for calls still running to end (backoffs, timeouts,
   * deadlines).
   */
  static final Duration DRAIN = Duration.ofHours(1);

  private VirtualTimeRunner() {}

  /**
   * Runs every strategy on {@code requests} requests of {@code scenario}, drawn from {@code seed}.
   *
   * @param progress advanced once per request per strategy
   * @throws IllegalArgumentException if {@code requests} is not positive
   */
  public static Comparison run(
      Scenario scenario, int requests, long seed, List<Strategy> strategies, ProgressBar progress) {
    RequestStream stream = RequestStream.generate(scenario, requests, seed);
    FaultTimeline timeline = new FaultTimeline(scenario);
    int threads =
        Math.max(1, Math.min(strategies.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "chaos-virtual-time");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<StrategyResult>> runs = new ArrayList<>();
      for (Strategy strategy : strategies) {
        runs.add(pool.submit(() -> runOne(strategy, timeline, stream, seed, progress)));
      }
      List<StrategyResult> results = new ArrayList<>();
      for (Future<StrategyResult> run : runs) {
        results.add(run.get());
      }
      return new Comparison(scenario, requests, seed, "virtual-time", results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One strategy on its own clock; runs on the calling thread. */
  static StrategyResult runOne(
      Strategy strategy,
      FaultTimeline timeline,
      RequestStream stream,
      long seed,
      ProgressBar progress) {
    Scenario scenario = timeline.scenario();
    VirtualClock clock = new VirtualClock();
    CallLedger ledger = new CallLedger(stream.size(), scenario.deployments().size());
    Fleet fleet = new VirtualFleet(timeline, clock, stream, ledger, seed);
    Strategy.Caller caller = strategy.open(fleet);
    Metrics metrics = new Metrics(stream);
    // Arrivals are chained, each scheduling the next, so the clock's queue holds only calls in
    // flight.
    scheduleArrival(0, clock, stream, caller, metrics, progress);
    clock.advance(scenario.duration().plus(DRAIN));
    return metrics.summarise(strategy.name(), scenario, ledger, clock.nanos());
  }

  static void scheduleArrival(
      int index,
      VirtualClock clock,
      RequestStream stream,
      Strategy.Caller caller,
      Metrics metrics,
      ProgressBar progress) {
    if (index >= stream.size()) {
      return;
    }
    SimRequest request = stream.requests().get(index);
    clock.schedule(
        () -> {
          scheduleArrival(index + 1, clock, stream, caller, metrics, progress);
          CompletableFuture<ChatResponse> call;
          StringBuilder shown = request.stream() ? new StringBuilder() : null;
          try {
            call =
                shown == null
                    ? caller.call(request)
                    : caller.stream(
                        request,
                        delta -> {
                          if (shown.length() == 0 && !delta.isEmpty()) {
                            metrics.firstDelta(request.index(), clock.nanos());
                          }
                          shown.append(delta);
                        });
          } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
          }
          call.whenComplete(
              (answer, error) -> {
                if (shown != null) {
                  metrics.received(request.index(), shown.toString());
                }
                metrics.finished(
                    request.index(), clock.nanos(), answer == null ? null : answer.requestId());
                progress.advance();
              });
        },
        Duration.ofNanos(Math.max(0, request.arrivalNanos() - clock.nanos())));
  }
}
