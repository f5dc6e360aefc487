package dev.lifeline.provider;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How long an adapter waits for each phase of one HTTP attempt; each one that runs out is a
 * classified {@code TIMEOUT}, which the cascade retries once and then fails over.
 *
 * <p>Immutable; start from {@link #defaults()} and change what you need with the {@code with…}
 * copies: {@code Timeouts.defaults().withFirstByte(Duration.ofSeconds(20))}.
 */
public final class Timeouts {

  /**
   * The longest any timeout may be: 24 hours, the longest deadline a whole call may have ({@code
   * CallOptions.MAX_DEADLINE}). A longer one could never run out inside a call, and bounding it
   * keeps the transport's arithmetic on timeouts from overflowing.
   */
  public static final Duration MAX = Duration.ofHours(24);

  private static final Timeouts DEFAULTS =
      new Timeouts(
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10));

  private final Duration connect;
  private final Duration firstByte;
  private final Duration idle;
  private final Duration total;

  private Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
    this.connect = check("connect", connect);
    this.firstByte = check("firstByte", firstByte);
    this.idle = check("idle", idle);
    this.total = check("total", total);
  }

  /**
   * Defaults for chat: 10 s to connect, 60 s to the first byte (long prompts on slow models), 30 s
   * of silence mid-stream, 10 minutes in all (long generations).
   */
  public static Timeouts defaults() {
    return DEFAULTS;
  }

  /**
   * All four set to {@code each}.
   *
   * @throws IllegalArgumentException if {@code each} is not in (0, {@link #MAX}]
   */
  public static Timeouts all(Duration each) {
    return new Timeouts(each, each, each, each);
  }

  /** To open the connection (TCP and TLS). */
  public Duration connect() {
    return connect;
  }

  /**
   * From sending the request to the response's headers: a provider that accepts the connection but
   * never answers is caught here.
   */
  public Duration firstByte() {
    return firstByte;
  }

  /** The longest silence between two chunks of a body or stream, once it started. */
  public Duration idle() {
    return idle;
  }

  /** The whole attempt, body included. */
  public Duration total() {
    return total;
  }

  /**
   * These timeouts with {@code connect}.
   *
   * @throws IllegalArgumentException if not in (0, {@link #MAX}]
   */
  public Timeouts withConnect(Duration connect) {
    return new Timeouts(connect, firstByte, idle, total);
  }

  /**
   * These timeouts with {@code firstByte}.
   *
   * @throws IllegalArgumentException if not in (0, {@link #MAX}]
   */
  public Timeouts withFirstByte(Duration firstByte) {
    return new Timeouts(connect, firstByte, idle, total);
  }

  /**
   * These timeouts with {@code idle}.
   *
   * @throws IllegalArgumentException if not in (0, {@link #MAX}]
   */
  public Timeouts withIdle(Duration idle) {
    return new Timeouts(connect, firstByte, idle, total);
  }

  /**
   * These timeouts with {@code total}.
   *
   * @throws IllegalArgumentException if not in (0, {@link #MAX}]
   */
  public Timeouts withTotal(Duration total) {
    return new Timeouts(connect, firstByte, idle, total);
  }

  private static Duration check(String name, Duration value) {
    return Durations.requirePositiveAtMost(name + " timeout", value, MAX);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Timeouts that
        && connect.equals(that.connect)
        && firstByte.equals(that.firstByte)
        && idle.equals(that.idle)
        && total.equals(that.total);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connect, firstByte, idle, total);
  }

  @Override
  public String toString() {
    return "Timeouts{connect="
        + connect
        + ", firstByte="
        + firstByte
        + ", idle="
        + idle
        + ", total="
        + total
        + '}';
  }
}
