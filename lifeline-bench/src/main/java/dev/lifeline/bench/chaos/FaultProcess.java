package dev.lifeline.bench.chaos;

import java.time.Duration;

/**
 * Something that goes wrong with some deployments during a window of scenario time: the building
 * blocks of every scenario. A fault is a function of time and deployment only; the per-call
 * randomness of the probabilistic kinds is drawn by {@link FaultTimeline} from seeded generators,
 * so every strategy meets the same faults.
 *
 * <p>{@code target} is {@code "*"} (every deployment), a provider's name (all its models) or {@code
 * "provider/model"}; {@code start} and {@code end} are offsets from the scenario's start, end
 * excluded. When several kinds apply at once, the order of precedence is: revoked key, outage,
 * flapping (down phase), context overflow, rate limit, silent failure, stream cut; brownouts
 * multiply the latency of whatever is answered.
 */
public sealed interface FaultProcess {

  /** Which deployments it hits. */
  String target();

  /** When it begins. */
  Duration start();

  /** When it ends (excluded). */
  Duration end();

  /** Whether it is active at {@code nanos} into the scenario. */
  default boolean activeAt(long nanos) {
    return nanos >= start().toNanos() && nanos < end().toNanos();
  }

  /**
   * The deployment is down: every call fails with {@code status} (500, 502, 503, 529), or, for a
   * share {@code hangShare} of calls, never answers until the client's timeout.
   */
  record Outage(String target, Duration start, Duration end, int status, double hangShare)
      implements FaultProcess {}

  /**
   * A 429 storm: a share {@code rate} of calls is rate limited with {@code Retry-After:
   * retryAfter}.
   */
  record RateLimitStorm(
      String target, Duration start, Duration end, double rate, Duration retryAfter)
      implements FaultProcess {}

  /** A brownout: every answer takes {@code factor} times as long. */
  record Brownout(String target, Duration start, Duration end, double factor)
      implements FaultProcess {}

  /**
   * Flapping: the deployment goes down for the first {@code downFraction} of every {@code period},
   * then comes back, failing with 503 while down.
   */
  record Flapping(String target, Duration start, Duration end, Duration period, double downFraction)
      implements FaultProcess {

    /** Whether the deployment is in a down phase at {@code nanos}. */
    boolean downAt(long nanos) {
      long into = (nanos - start.toNanos()) % period.toNanos();
      return into < period.toNanos() * downFraction;
    }
  }

  /**
   * Silent failures: a share {@code rate} of calls answers 200 OK with a useless {@code answer}: a
   * refusal, an empty text, or (on requests in JSON mode) JSON cut off mid-way.
   */
  record SilentFailures(
      String target, Duration start, Duration end, double rate, SilentAnswer answer)
      implements FaultProcess {}

  /**
   * Streams break: a share {@code rate} of streamed calls delivers {@code afterDeltas} chunks of
   * its answer and then breaks as {@code kind} says, never completing. Calls that do not stream are
   * not hit.
   */
  record StreamCut(
      String target, Duration start, Duration end, double rate, StreamBreak kind, int afterDeltas)
      implements FaultProcess {}

  /** The key was revoked: every call fails with 401 until {@code end}. */
  record RevokedKey(String target, Duration start, Duration end) implements FaultProcess {}

  /** How a stream breaks after part of its answer was delivered. */
  enum StreamBreak {
    /** An error event mid-stream (an {@code overloaded_error}). */
    ERROR_EVENT,
    /** The connection ends without the stream's terminator. */
    CUT,
    /** No chunk comes any more: the client's idle timeout (the scenario's timeout) ends it. */
    STALL,
    /** A 500 after the first chunk (the proxy in front gives up). */
    SERVER_ERROR
  }

  /** What a silent failure answers. */
  enum SilentAnswer {
    REFUSAL,
    EMPTY,
    BAD_JSON
  }
}
