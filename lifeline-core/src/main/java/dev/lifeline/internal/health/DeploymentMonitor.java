package dev.lifeline.internal.health;

import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the tracker keeps for one deployment: outcome counts and latencies over the window,
 * the last success and failure, and the circuit breaker.
 *
 * <p>Thread-safe: each part guards itself, and a record touches each part once.
 */
final class DeploymentMonitor {

  /** Counter index of failures of each kind: the kind's ordinal. Then: */
  private static final int SUCCESSES = ErrorKind.values().length;

  /** Counter of failures that count in the error rate. */
  private static final int RATED_FAILURES = SUCCESSES + 1;

  private static final int COUNTERS = RATED_FAILURES + 1;
  private static final long NEVER = Long.MIN_VALUE;

  private final Deployment deployment;
  private final long order;
  private final CountWindow outcomes;

  /** The latency percentiles health reports: P50, P95, P99. */
  private static final double[] LATENCY_PERCENTILES = {50, 95, 99};

  /**
   * The time-to-first-token percentiles: P50 and P95 for health, P99 for the adaptive attempt
   * timeout; one array, so the window's percentile cache serves both.
   */
  private static final double[] FIRST_TOKEN_PERCENTILES = {50, 95, 99};

  /** The answer-time percentile the adaptive attempt timeout is based on. */
  private static final double[] ANSWER_TIME_PERCENTILES = {95, 99};

  private final HistogramWindow latencies;
  private final HistogramWindow firstTokens;
  // Successful attempts only: what an adaptive timeout may expect; failures (timeouts above all)
  // would
  // feed back into it.
  private final HistogramWindow answerTimes;
  private final AtomicLong lastSuccessNanos = new AtomicLong(NEVER);
  private final AtomicLong lastFailureNanos = new AtomicLong(NEVER);
  private final CircuitBreaker circuit;
  private final BrownoutMonitor brownout; // null when brownout routing is off

  DeploymentMonitor(
      Deployment deployment,
      long order,
      HealthSettings settings,
      EngineListener listener,
      long nowNanos,
      AtomicInteger notClosed,
      AtomicInteger demoted) {
    this.deployment = deployment;
    this.order = order;
    BucketRing ring = new BucketRing(settings.window(), settings.buckets());
    this.outcomes = new CountWindow(ring, COUNTERS);
    this.latencies = new HistogramWindow(ring);
    this.firstTokens = new HistogramWindow(ring);
    this.answerTimes = new HistogramWindow(ring);
    this.circuit = new CircuitBreaker(deployment, settings, listener, nowNanos, notClosed);
    this.brownout =
        settings.brownout().enabled() ? new BrownoutMonitor(settings.brownout(), demoted) : null;
  }

  /** The brownout state; null when brownout routing is off. */
  BrownoutMonitor brownout() {
    return brownout;
  }

  Deployment deployment() {
    return deployment;
  }

  /** The order in which the tracker first saw this deployment. */
  long order() {
    return order;
  }

  CircuitBreaker circuit() {
    return circuit;
  }

  void recordSuccess(long nowNanos, Duration latency) {
    outcomes.increment(nowNanos, SUCCESSES);
    latencies.record(nowNanos, latency);
    answerTimes.record(nowNanos, latency);
    lastSuccessNanos.accumulateAndGet(nowNanos, Math::max);
    if (brownout != null) {
      brownout.record(nowNanos, latency);
    }
  }

  void recordFailure(long nowNanos, ErrorKind kind, Duration latency, ErrorKind.Impact impact) {
    if (impact.countsInErrorRate()) {
      outcomes.increment(nowNanos, kind.ordinal(), RATED_FAILURES);
    } else {
      outcomes.increment(nowNanos, kind.ordinal());
    }
    latencies.record(nowNanos, latency);
    lastFailureNanos.accumulateAndGet(nowNanos, Math::max);
  }

  void recordTimeToFirstToken(long nowNanos, Duration timeToFirstToken) {
    firstTokens.record(nowNanos, timeToFirstToken);
  }

  /**
   * The P99 of successful attempts' time to their first token ({@code streaming}) or to their whole
   * answer, over the window; null with fewer than {@code minSamples} samples.
   */
  Duration p99TimeToAnswer(long nowNanos, boolean streaming, int minSamples) {
    Duration[] values = timesToAnswer(nowNanos, streaming, minSamples);
    return values == null ? null : values[values.length - 1];
  }

  /** {@link #p99TimeToAnswer}, at the 95th percentile: when a hedge may start. */
  Duration p95TimeToAnswer(long nowNanos, boolean streaming, int minSamples) {
    Duration[] values = timesToAnswer(nowNanos, streaming, minSamples);
    return values == null ? null : values[values.length - 2];
  }

  private Duration[] timesToAnswer(long nowNanos, boolean streaming, int minSamples) {
    HistogramWindow window = streaming ? firstTokens : answerTimes;
    if (window.count(nowNanos) < minSamples) {
      return null;
    }
    return streaming
        ? window.percentiles(nowNanos, FIRST_TOKEN_PERCENTILES)
        : window.percentiles(nowNanos, ANSWER_TIME_PERCENTILES);
  }

  /**
   * The share of the window's attempts that failed in a way that counts in the error rate, and how
   * many attempts.
   */
  double errorRate(long nowNanos, long minimumCalls) {
    long[] counts = outcomes.totals(nowNanos);
    long calls = counts[SUCCESSES];
    for (ErrorKind kind : ErrorKind.values()) {
      calls += counts[kind.ordinal()];
    }
    return calls < minimumCalls || calls == 0 ? 0 : (double) counts[RATED_FAILURES] / calls;
  }

  /** The window's counts and percentiles at {@code nowNanos}. */
  Stats stats(long nowNanos) {
    long[] counts = outcomes.totals(nowNanos);
    Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    long failures = 0;
    for (ErrorKind kind : ErrorKind.values()) {
      long count = counts[kind.ordinal()];
      if (count > 0) {
        byKind.put(kind, count);
        failures += count;
      }
    }
    long successes = counts[SUCCESSES];
    long calls = successes + failures;
    double errorRate = calls == 0 ? 0 : (double) counts[RATED_FAILURES] / calls;
    Duration[] latency = latencies.percentiles(nowNanos, LATENCY_PERCENTILES);
    Duration[] firstToken = firstTokens.percentiles(nowNanos, FIRST_TOKEN_PERCENTILES);
    return new Stats(
        calls,
        successes,
        failures,
        byKind,
        errorRate,
        latency == null ? null : latency[0],
        latency == null ? null : latency[1],
        latency == null ? null : latency[2],
        firstToken == null ? null : firstToken[0],
        firstToken == null ? null : firstToken[1],
        lastSuccessNanos.get() == NEVER ? null : lastSuccessNanos.get(),
        lastFailureNanos.get() == NEVER ? null : lastFailureNanos.get());
  }

  /** The window's numbers, with last-outcome times still on the ticker's time line. */
  record Stats(
      long calls,
      long successes,
      long failures,
      Map<ErrorKind, Long> failuresByKind,
      double errorRate,
      Duration p50,
      Duration p95,
      Duration p99,
      Duration ttftP50,
      Duration ttftP95,
      Long lastSuccessNanos,
      Long lastFailureNanos) {}
}
