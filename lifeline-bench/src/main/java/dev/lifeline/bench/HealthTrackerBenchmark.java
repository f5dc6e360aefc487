package dev.lifeline.bench;

import dev.lifeline.health.HealthSettings;
import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.internal.routing.Plan;
import dev.lifeline.internal.routing.Router;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What health tracking and routing cost per attempt and per call.
 *
 * <ul>
 *   <li>{@link #acquireAndRecordSuccess}: the tracker's work around one successful attempt ({@code
 *       tryAcquire} then {@code recordSuccess}) on one deployment, one thread.
 *   <li>{@link #acquireAndRecordSuccessTwoThreads}: the same from two threads on the same
 *       deployment (the machine this was written for has 2 cores), so the tracker's locks and
 *       compare-and-sets are contended as under concurrent calls to one model.
 *   <li>{@link #plan}: {@code Router.plan} of one request over 3 providers × 2 models, per routing
 *       mode, every deployment with a measured history (so HEALTHIEST and LATENCY read
 *       percentiles).
 * </ul>
 *
 * <p>Time is the system ticker's, as in production.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HealthTrackerBenchmark {

  /**
   * A typical chat completion's latency: recorded as every attempt's, so the histogram stays small.
   */
  static final Duration LATENCY = Duration.ofMillis(420);

  private HealthTracker tracker;
  private Deployment deployment;

  /** One tracker for the whole trial, shared by the threads of the two-thread variant. */
  @Setup(Level.Trial)
  public void setUp() {
    tracker = HealthTracker.create(HealthSettings.defaults(), Ticker.system(), EngineListener.NONE);
    deployment = new Deployment("openai", "gpt-4o", 128_000, 2.5, 10);
  }

  /** One attempt's tracking: permission, then a success. */
  @Benchmark
  public boolean acquireAndRecordSuccess() {
    return acquireAndRecord();
  }

  /** One attempt's tracking, two threads on one deployment. */
  @Benchmark
  @Threads(2)
  public boolean acquireAndRecordSuccessTwoThreads() {
    return acquireAndRecord();
  }

  /** Plans one request over six deployments. */
  @Benchmark
  public Plan plan(Routing routing) {
    return routing.router.plan(routing.request, routing.candidates, routing.mode);
  }

  private boolean acquireAndRecord() {
    if (!tracker.tryAcquire(deployment)) {
      return false; // never happens on this happy path; returning keeps the pairing rule anyway
    }
    tracker.recordSuccess(deployment, LATENCY);
    return true;
  }

  /** A router over 3 providers × 2 models whose tracker has seen every deployment answer. */
  @State(Scope.Benchmark)
  public static class Routing {

    /** The routing mode planned by. */
    @Param({"PRIORITY", "HEALTHIEST", "LATENCY", "COST"})
    public RoutingMode mode;

    Router router;
    List<Deployment> candidates;
    ChatRequest request;

    /** Builds the fleet and gives each deployment a latency history to route by. */
    @Setup(Level.Trial)
    public void setUp() {
      HealthTracker tracker = HealthTracker.create(Ticker.system());
      router = Router.of(tracker);
      candidates =
          List.of(
              new Deployment("openai", "gpt-4o", 128_000, 2.5, 10),
              new Deployment("openai", "gpt-4o-mini", 128_000, 0.15, 0.6),
              new Deployment("anthropic", "claude-sonnet-4-20250514", 200_000, 3, 15),
              new Deployment("anthropic", "claude-3-5-haiku-20241022", 200_000, 0.8, 4),
              new Deployment("gemini", "gemini-2.5-pro", 1_048_576, 1.25, 10),
              new Deployment("gemini", "gemini-2.5-flash", 1_048_576, 0.3, 2.5));
      for (int i = 0; i < candidates.size(); i++) {
        for (int call = 0; call < 50; call++) {
          tracker.recordSuccess(candidates.get(i), Duration.ofMillis(200L + 50L * i + call));
        }
      }
      request =
          ChatRequest.builder()
              .system("You are a support agent for an online shop. Answer in one or two sentences.")
              .user(
                  "Process this customer refund request: order 1234, 42.00 EUR, item arrived broken.")
              .build();
    }
  }
}
