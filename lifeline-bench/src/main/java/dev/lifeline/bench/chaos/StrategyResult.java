package dev.lifeline.bench.chaos;

import java.util.List;

/**
 * One strategy's measured outcome on one run. Immutable.
 *
 * @param name the strategy
 * @param requests how many requests it was sent
 * @param successRate the share of requests that got a correct answer (a silent failure passed on to
 *     the application does not count; nor does a streamed one whose caller was shown a duplicated
 *     or lost span), 0 to 1
 * @param p50Ms median end-to-end latency in milliseconds, over every request, answered or not (the
 *     time until the strategy returned or gave up)
 * @param p95Ms 95th percentile of the same
 * @param p99Ms 99th percentile of the same
 * @param attemptsPerRequest provider calls per request
 * @param wastedCalls provider calls that did not produce the returned answer
 * @param cost USD billed for every provider call that answered 200 OK, useful or not
 * @param recoverySeconds seconds from the end of the last outage until an answer was again served
 *     by a deployment that outage had hit; null when the scenario has no outage that ends, or it
 *     never was
 * @param latencyCdfMs the latency in milliseconds at each of {@link Metrics#CDF_QUANTILES}
 * @param successOverTime the success rate of the requests arriving in each of {@link
 *     Metrics#TIME_BUCKETS} equal slices of the scenario; null for a slice without requests
 * @param duplicatedChars over every streamed request, the characters its caller was shown more than
 *     once: received beyond the best alignment with the answer (see {@link TextAlignment})
 * @param lostChars over every streamed request that showed its caller some text, the characters of
 *     the answer missing from what it showed
 * @param cacheHitRate in a scenario with {@link Conversations}, the share of follow-up turns (every
 *     turn but a conversation's first) answered correctly from a warm provider prompt cache, 0 to
 *     1; null in a scenario without
 * @param firstDeltaP99Ms over the streamed requests that showed their caller some text, the 99th
 *     percentile of the time from the request to its first delta, in milliseconds; null without
 *     such requests
 */
public record StrategyResult(
    String name,
    int requests,
    double successRate,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double attemptsPerRequest,
    long wastedCalls,
    double cost,
    Double recoverySeconds,
    List<Double> latencyCdfMs,
    List<Double> successOverTime,
    long duplicatedChars,
    long lostChars,
    Double cacheHitRate,
    Double firstDeltaP99Ms) {

  /** A result whose streams' first deltas were not timed. */
  public StrategyResult(
      String name,
      int requests,
      double successRate,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double attemptsPerRequest,
      long wastedCalls,
      double cost,
      Double recoverySeconds,
      List<Double> latencyCdfMs,
      List<Double> successOverTime,
      long duplicatedChars,
      long lostChars,
      Double cacheHitRate) {
    this(
        name,
        requests,
        successRate,
        p50Ms,
        p95Ms,
        p99Ms,
        attemptsPerRequest,
        wastedCalls,
        cost,
        recoverySeconds,
        latencyCdfMs,
        successOverTime,
        duplicatedChars,
        lostChars,
        cacheHitRate,
        null);
  }

  /** A result of a scenario without streams or conversations. */
  public StrategyResult(
      String name,
      int requests,
      double successRate,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double attemptsPerRequest,
      long wastedCalls,
      double cost,
      Double recoverySeconds,
      List<Double> latencyCdfMs,
      List<Double> successOverTime) {
    this(
        name,
        requests,
        successRate,
        p50Ms,
        p95Ms,
        p99Ms,
        attemptsPerRequest,
        wastedCalls,
        cost,
        recoverySeconds,
        latencyCdfMs,
        successOverTime,
        0,
        0,
        null);
  }

  /**
   * The provider calls beyond one per request, as a share of the requests, 0 when none: the load a
   * strategy adds on top of one call each (retries, failovers and hedges). In a scenario where
   * nothing fails, such as {@code slow-tail}, it is the hedge load.
   */
  public double extraLoad() {
    return Math.max(0, attemptsPerRequest - 1);
  }
}
