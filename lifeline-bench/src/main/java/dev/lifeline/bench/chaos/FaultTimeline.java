package dev.lifeline.bench.chaos;

import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * A scenario's faults as a function: what a call to deployment {@code d} at instant {@code t} does.
 *
 * <p>The probabilistic parts (which call of a storm is rate limited, which answer is a silent
 * refusal, latency draws) come from a generator seeded by {@link #callSeed} with the run's seed,
 * the request, the deployment and how many times this request already called it, so every strategy
 * that makes the same call at the same instant meets the same fate (common random numbers), and
 * runs are reproducible. Immutable and thread-safe.
 */
public final class FaultTimeline {

  private final Scenario scenario;
  private final List<DeploymentSpec> deployments;

  /** The faults that hit each deployment, by deployment index. */
  private final FaultProcess[][] faultsOf;

  /** The timeline of {@code scenario}. */
  public FaultTimeline(Scenario scenario) {
    this.scenario = scenario;
    this.deployments = scenario.deployments();
    this.faultsOf = new FaultProcess[deployments.size()][];
    for (int d = 0; d < deployments.size(); d++) {
      DeploymentSpec deployment = deployments.get(d);
      faultsOf[d] =
          scenario.faults().stream()
              .filter(f -> deployment.matches(f.target()))
              .toArray(FaultProcess[]::new);
    }
  }

  /** The scenario. */
  public Scenario scenario() {
    return scenario;
  }

  /**
   * The seed of the generator for the {@code ordinal}-th call (from 0) of request {@code request}
   * to deployment {@code d}.
   */
  public static long callSeed(long runSeed, int request, int d, int ordinal) {
    long h = runSeed * 0x9E3779B97F4A7C15L;
    h = (h ^ request) * 0xBF58476D1CE4E5B9L;
    h = (h ^ ((long) d << 32 | ordinal)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /** A generator for that call. */
  public static RandomGenerator callRandom(long runSeed, int request, int d, int ordinal) {
    return new SplittableRandom(callSeed(runSeed, request, d, ordinal));
  }

  /**
   * What a call of {@code request} to deployment {@code d}, starting {@code nanos} into the
   * scenario, does.
   *
   * @param random the call's generator, from {@link #callRandom}
   */
  public CallOutcome outcome(int d, long nanos, SimRequest request, RandomGenerator random) {
    DeploymentSpec deployment = deployments.get(d);
    // Draw everything up front, in a fixed order, so that the draws do not depend on which branch
    // is taken.
    double hangDraw = random.nextDouble();
    double stormDraw = random.nextDouble();
    double silentDraw = random.nextDouble();
    long answerNanos = deployment.latency().sampleNanos(random, slowdown(d, nanos));
    long errorNanos =
        Math.max(1, (long) (deployment.ttft().toNanos() * Math.exp(0.3 * random.nextGaussian())));
    // Drawn last, and only for streamed requests, so the other scenarios keep their draws.
    double cutDraw = request.stream() ? random.nextDouble() : 1;
    FaultProcess.Outage outage = null;
    FaultProcess.RateLimitStorm storm = null;
    FaultProcess.SilentFailures silent = null;
    FaultProcess.StreamCut cut = null;
    boolean revoked = false;
    boolean flappingDown = false;
    for (FaultProcess fault : faultsOf[d]) {
      if (!fault.activeAt(nanos)) {
        continue;
      }
      if (fault instanceof FaultProcess.RevokedKey) {
        revoked = true;
      } else if (fault instanceof FaultProcess.Outage o) {
        outage = outage == null ? o : outage;
      } else if (fault instanceof FaultProcess.Flapping f) {
        flappingDown |= f.downAt(nanos);
      } else if (fault instanceof FaultProcess.RateLimitStorm s) {
        storm = storm == null ? s : storm;
      } else if (fault instanceof FaultProcess.StreamCut c) {
        cut = cut == null ? c : cut;
      } else if (fault instanceof FaultProcess.SilentFailures s) {
        if (s.answer() != FaultProcess.SilentAnswer.BAD_JSON || request.json()) {
          silent = silent == null ? s : silent;
        }
      }
    }
    if (revoked) {
      return error(
          errorNanos,
          Failure.builder(ErrorKind.AUTHENTICATION)
              .status(401)
              .message("invalid api key (revoked)")
              .build());
    }
    if (outage != null) {
      if (hangDraw < outage.hangShare()) {
        return hang();
      }
      return error(errorNanos, statusFailure(outage.status()));
    }
    if (flappingDown) {
      return error(errorNanos, statusFailure(503));
    }
    if (request.promptTokens() > deployment.contextWindow()) {
      return error(
          errorNanos,
          Failure.builder(ErrorKind.CONTEXT_LENGTH_EXCEEDED)
              .status(400)
              .message("maximum context length is " + deployment.contextWindow() + " tokens")
              .build());
    }
    if (storm != null && stormDraw < storm.rate()) {
      return error(
          errorNanos,
          Failure.builder(ErrorKind.RATE_LIMITED)
              .status(429)
              .retryAfter(storm.retryAfter())
              .message("rate limit reached")
              .build());
    }
    double cost = deployment.cost(request.promptTokens(), request.outputTokens());
    if (silent != null && silentDraw < silent.rate()) {
      return switch (silent.answer()) {
        case REFUSAL ->
            new CallOutcome(
                CallOutcome.Kind.REFUSAL,
                errorNanos,
                null,
                deployment.cost(request.promptTokens(), 12));
        case EMPTY ->
            new CallOutcome(
                CallOutcome.Kind.EMPTY,
                errorNanos,
                null,
                deployment.cost(request.promptTokens(), 0));
        case BAD_JSON ->
            new CallOutcome(CallOutcome.Kind.BAD_JSON, answerNanos / 2, null, cost / 2);
      };
    }
    if (cut != null && cutDraw < cut.rate()) {
      return new CallOutcome(
          CallOutcome.Kind.STREAM_BROKEN, answerNanos, breakFailure(cut), cost, cut.afterDeltas());
    }
    return new CallOutcome(CallOutcome.Kind.ANSWER, answerNanos, null, cost);
  }

  /** What a stream broken by {@code cut} fails with, as the client classifies it. */
  private Failure breakFailure(FaultProcess.StreamCut cut) {
    return switch (cut.kind()) {
      case ERROR_EVENT ->
          Failure.builder(ErrorKind.OVERLOADED)
              .message("error event mid-stream: overloaded_error")
              .build();
      case CUT ->
          Failure.builder(ErrorKind.INVALID_RESPONSE)
              .message("the stream ended without its terminator")
              .build();
      case STALL ->
          Failure.builder(ErrorKind.TIMEOUT)
              .message("no chunk for " + scenario.timeout().toSeconds() + " s (idle timeout)")
              .build();
      case SERVER_ERROR ->
          Failure.builder(ErrorKind.SERVER_ERROR)
              .status(500)
              .message("upstream error 500 after the first chunk")
              .build();
    };
  }

  /**
   * The oracle's pick for {@code request} sent {@code nanos} into the scenario: the first
   * deployment, in failover order, that would answer it correctly, unless a brownout slows that one
   * down; then, of those that would answer correctly, the one expected soonest (its median latency
   * times its slow-down now, ties in failover order). -1 when none would answer correctly.
   *
   * <p>It knows the faults, and each call's fate, but not each call's latency draw: an oracle that
   * picked the luckiest of four draws would beat any real router on every scenario, faults or not,
   * and a latency target against it would measure dice rather than routing.
   *
   * @param randomOf the generator of the call to deployment {@code d}, as the provider would draw
   *     it
   */
  public int oraclePick(long nanos, SimRequest request, IntFunction<RandomGenerator> randomOf) {
    return oraclePick(nanos, request, randomOf, d -> true);
  }

  /**
   * The oracle's pick as above, among the deployments {@code available} admits (a key with room
   * left in its quota).
   */
  public int oraclePick(
      long nanos,
      SimRequest request,
      IntFunction<RandomGenerator> randomOf,
      java.util.function.IntPredicate available) {
    int best = -1;
    double bestExpected = Double.MAX_VALUE;
    for (int d = 0; d < deployments.size(); d++) {
      if (!available.test(d) || !outcome(d, nanos, request, randomOf.apply(d)).correct()) {
        continue;
      }
      double slowdown = slowdown(d, nanos);
      if (best < 0 && slowdown == 1) {
        return d; // the preferred one, at its usual speed
      }
      double expected = deployments.get(d).latency().p50().toNanos() * slowdown;
      if (expected < bestExpected) {
        best = d;
        bestExpected = expected;
      }
    }
    return best;
  }

  /** The product of the brownout factors on deployment {@code d} at {@code nanos}; 1 when none. */
  double slowdown(int d, long nanos) {
    double factor = 1;
    for (FaultProcess fault : faultsOf[d]) {
      if (fault instanceof FaultProcess.Brownout b && b.activeAt(nanos)) {
        factor *= b.factor();
      }
    }
    return factor;
  }

  /** The faults that hit deployment {@code d}. */
  List<FaultProcess> faultsOf(int d) {
    return List.of(faultsOf[d]);
  }

  private CallOutcome hang() {
    Duration timeout = scenario.timeout();
    return new CallOutcome(
        CallOutcome.Kind.HANG,
        timeout.toNanos(),
        Failure.builder(ErrorKind.TIMEOUT)
            .message("no first byte after " + timeout.toSeconds() + " s")
            .build(),
        0);
  }

  private static CallOutcome error(long nanos, Failure failure) {
    return new CallOutcome(CallOutcome.Kind.ERROR, nanos, failure, 0);
  }

  private static Failure statusFailure(int status) {
    ErrorKind kind =
        switch (status) {
          case 503, 529 -> ErrorKind.OVERLOADED;
          case 504 -> ErrorKind.TIMEOUT;
          default -> ErrorKind.SERVER_ERROR;
        };
    return Failure.builder(kind).status(status).message("upstream error " + status).build();
  }
}
