package dev.lifeline.bench.chaos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every provider call of one strategy's run, by request: the ground truth the metrics are computed
 * from, whatever the strategy says about itself. Thread-safe.
 */
public final class CallLedger {

  /**
   * One provider call.
   *
   * @param deployment the deployment's index in the scenario
   * @param startNanos when it started, from the scenario's start
   * @param kind what it did; for an abandoned call, what it would have done
   * @param abandoned whether the caller cancelled it before it ended (never billed)
   * @param cost what it was billed in USD
   * @param responseId the id of its answer, when it answered
   */
  public record Call(
      int deployment,
      long startNanos,
      CallOutcome.Kind kind,
      boolean abandoned,
      double cost,
      String responseId) {

    /** Whether it produced a correct answer. */
    public boolean correct() {
      return !abandoned && kind == CallOutcome.Kind.ANSWER;
    }
  }

  private final List<List<Call>> calls;
  private final int[][] ordinals;
  private final AtomicLong ids = new AtomicLong();
  private final Set<String> cachedAnswers = new HashSet<>();

  /** A ledger for a stream of {@code requests} requests over {@code deployments} deployments. */
  public CallLedger(int requests, int deployments) {
    calls = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      calls.add(new ArrayList<>(1));
    }
    ordinals = new int[requests][deployments];
  }

  /** How many calls request {@code request} made to deployment {@code d} so far. */
  public synchronized int ordinal(int request, int d) {
    return ordinals[request][d];
  }

  /** Counts a new call of request {@code request} to {@code d}; returns its ordinal, from 0. */
  public synchronized int begin(int request, int d) {
    return ordinals[request][d]++;
  }

  /** A fresh answer id ("sim-17"). */
  public String newResponseId() {
    return "sim-" + ids.incrementAndGet();
  }

  /** Records a call that ended (answered, failed or was abandoned). */
  public synchronized void record(int request, Call call) {
    calls.get(request).add(call);
  }

  /** The answer {@code responseId} was served from a provider's prompt cache. */
  public synchronized void servedFromCache(String responseId) {
    cachedAnswers.add(responseId);
  }

  /** Whether the answer {@code responseId} was served from a provider's prompt cache. */
  public synchronized boolean fromCache(String responseId) {
    return responseId != null && cachedAnswers.contains(responseId);
  }

  /** The calls request {@code request} made, in the order they ended. */
  public synchronized List<Call> calls(int request) {
    return List.copyOf(calls.get(request));
  }
}
