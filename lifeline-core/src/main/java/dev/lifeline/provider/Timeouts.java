package dev.lifeline.provider;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;

/**
 * How long an adapter waits for each phase of one HTTP attempt; each one that runs out is a classified
 * {@code TIMEOUT}, which the cascade retries once and then fails over.
 *
 * @param connect to open the connection
 * @param firstByte from sending the request to the response's headers: a provider that accepts the
 *     connection but never answers is caught here
 * @param idle the longest silence between two chunks of a body or stream, once it started
 * @param total the whole attempt, body included
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {

  /**
   * The longest any timeout may be: 24 hours, the longest deadline a whole call may have ({@code
   * CallOptions.MAX_DEADLINE}). A longer one could never run out inside a call, and bounding it keeps
   * the transport's arithmetic on timeouts from overflowing. Declared before {@link #DEFAULTS},
   * which it checks.
   */
  public static final Duration MAX = Duration.ofHours(24);

  /**
   * Defaults for chat: 10 s to connect, 60 s to the first byte (long prompts on slow models), 30 s of
   * silence mid-stream, 10 minutes in all (long generations).
   */
  public static final Timeouts DEFAULTS =
      new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));

  /**
   * Checks that every timeout is positive and at most {@link #MAX}.
   *
   * @throws NullPointerException naming the timeout that is null
   * @throws IllegalArgumentException naming the timeout that is out of range, its value and the range
   */
  public Timeouts {
    check("connect", connect);
    check("firstByte", firstByte);
    check("idle", idle);
    check("total", total);
  }

  private static void check(String name, Duration value) {
    Durations.requirePositiveAtMost(name + " timeout", value, MAX);
  }

  /** All four set to {@code each}; for tests. */
  public static Timeouts all(Duration each) {
    return new Timeouts(each, each, each, each);
  }
}
