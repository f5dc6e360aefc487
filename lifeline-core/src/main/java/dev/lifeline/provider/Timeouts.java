package dev.lifeline.provider;

import java.time.Duration;
import java.util.Objects;

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
   * Defaults for chat: 10 s to connect, 60 s to the first byte (long prompts on slow models), 30 s of
   * silence mid-stream, 10 minutes in all (long generations).
   */
  public static final Timeouts DEFAULTS =
      new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));

  /**
   * Checks that every timeout is positive.
   *
   * @throws IllegalArgumentException naming the timeout that is not
   */
  public Timeouts {
    check("connect", connect);
    check("firstByte", firstByte);
    check("idle", idle);
    check("total", total);
  }

  private static void check(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " timeout must be positive, was " + value);
    }
  }

  /** All four set to {@code each}; for tests. */
  public static Timeouts all(Duration each) {
    return new Timeouts(each, each, each, each);
  }
}
