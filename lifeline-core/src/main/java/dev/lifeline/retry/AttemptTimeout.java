package dev.lifeline.retry;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the cascade waits for one attempt's first token before it abandons the attempt as the
 * deployment's {@code TIMEOUT} and moves on: the limit that keeps a hung provider from consuming a
 * whole call while another deployment is untried.
 *
 * <p>"First token" is the first text delta of a stream, or the whole answer of a plain call. The
 * limit applies only while the call has somewhere else to go: the last deployment a call can try
 * gets all the time its deadline leaves, so a slow fleet is slow, never cut off. Each attempt's
 * limit is the smaller of:
 *
 * <ul>
 *   <li>the deployment's own limit: {@link #firstToken()} until it has {@link #minSamples()}
 *       successful attempts in its health window; then {@link #multiple()} × their P99, within
 *       {@link #floor()} and {@link #ceiling()} (when {@link #adaptive()});
 *   <li>what the deadline leaves, less a {@link #reserve()} share of it kept for the next
 *       deployment.
 * </ul>
 *
 * An attempt abandoned at this limit counts against the deployment's health (its circuit opens
 * during a sustained hang); an attempt cut by the caller's own deadline or cancel never does.
 * Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class AttemptTimeout {

  private static final AttemptTimeout DEFAULTS = builder().build();

  private final Duration firstToken;
  private final boolean adaptive;
  private final double multiple;
  private final Duration floor;
  private final Duration ceiling;
  private final int minSamples;
  private final double reserve;

  private AttemptTimeout(Builder builder) {
    this.firstToken = builder.firstToken;
    this.adaptive = builder.adaptive;
    this.multiple = builder.multiple;
    this.floor = builder.floor;
    this.ceiling = builder.ceiling;
    this.minSamples = builder.minSamples;
    this.reserve = builder.reserve;
  }

  /**
   * The defaults: 10 s to the first token for a deployment not yet measured; adaptive at 4 × P99
   * within [2 s, 60 s] after 20 successes; half of what the deadline leaves kept for the next
   * deployment. With a 60 s deadline, a hung primary is abandoned after 10 s and the backup has 50
   * s.
   */
  public static AttemptTimeout defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The limit for a deployment with too few samples to adapt to. */
  public Duration firstToken() {
    return firstToken;
  }

  /** Whether a measured deployment's limit follows its own P99. */
  public boolean adaptive() {
    return adaptive;
  }

  /** The multiple of the measured P99 an adaptive limit is. */
  public double multiple() {
    return multiple;
  }

  /** The shortest adaptive limit. */
  public Duration floor() {
    return floor;
  }

  /** The longest adaptive limit. */
  public Duration ceiling() {
    return ceiling;
  }

  /** How many successful attempts in the health window an adaptive limit needs. */
  public int minSamples() {
    return minSamples;
  }

  /**
   * The share, in [0, 0.9], of what the deadline leaves that an attempt leaves to the next
   * deployment.
   */
  public double reserve() {
    return reserve;
  }

  /**
   * The deployment's own limit, given the P99 of its successful attempts (null when it has too
   * few).
   *
   * @param p99 the measured P99, or null
   */
  public Duration limitFor(Duration p99) {
    if (!adaptive || p99 == null) {
      return firstToken;
    }
    double nanos = Durations.toNanosSaturated(p99) * multiple;
    long bounded = (long) Math.min(Math.max(nanos, floor.toNanos()), ceiling.toNanos());
    return Duration.ofNanos(bounded);
  }

  /**
   * The limit of an attempt that leaves another deployment to try: the deployment's own limit, but
   * no more than {@code remaining} less its {@link #reserve()} share.
   *
   * @param remaining what the call's deadline leaves
   * @param p99 the deployment's measured P99, or null
   */
  public Duration limit(Duration remaining, Duration p99) {
    Duration own = limitFor(p99);
    Duration shared =
        Duration.ofNanos(
            (long) (Math.max(0, Durations.toNanosSaturated(remaining)) * (1 - reserve)));
    return own.compareTo(shared) <= 0 ? own : shared;
  }

  /** A builder with this timeout's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "AttemptTimeout{firstToken="
        + firstToken
        + (adaptive
            ? ", adaptive="
                + multiple
                + "xP99 in ["
                + floor
                + ", "
                + ceiling
                + "] after "
                + minSamples
            : "")
        + ", reserve="
        + reserve
        + '}';
  }

  /** Builds an {@link AttemptTimeout}. Mutable, not thread-safe; {@code build()} copies. */
  public static final class Builder {
    /** The longest any limit may be: a day, so that arithmetic on it never overflows. */
    private static final Duration MAX = Duration.ofDays(1);

    private Duration firstToken = Duration.ofSeconds(10);
    private boolean adaptive = true;
    private double multiple = 4;
    private Duration floor = Duration.ofSeconds(2);
    private Duration ceiling = Duration.ofSeconds(60);
    private int minSamples = 20;
    private double reserve = 0.5;

    private Builder() {}

    private Builder(AttemptTimeout from) {
      firstToken = from.firstToken;
      adaptive = from.adaptive;
      multiple = from.multiple;
      floor = from.floor;
      ceiling = from.ceiling;
      minSamples = from.minSamples;
      reserve = from.reserve;
    }

    /**
     * Sets the limit for a deployment not yet measured; 10 s unless set.
     *
     * @throws IllegalArgumentException unless in (0, 1 day]
     */
    public Builder firstToken(Duration limit) {
      this.firstToken = positive("firstToken", limit);
      return this;
    }

    /** Turns the adaptive limit on or off; on unless set. */
    public Builder adaptive(boolean adaptive) {
      this.adaptive = adaptive;
      return this;
    }

    /**
     * Sets the multiple of the measured P99; 4 unless set.
     *
     * @throws IllegalArgumentException unless in [1, 100]
     */
    public Builder multiple(double multiple) {
      if (!(multiple >= 1 && multiple <= 100)) {
        throw new IllegalArgumentException("multiple must be in [1, 100], was " + multiple);
      }
      this.multiple = multiple;
      return this;
    }

    /**
     * Sets the bounds of an adaptive limit; [2 s, 60 s] unless set.
     *
     * @throws IllegalArgumentException unless 0 &lt; floor &lt;= ceiling &lt;= 1 day
     */
    public Builder bounds(Duration floor, Duration ceiling) {
      positive("floor", floor);
      positive("ceiling", ceiling);
      if (floor.compareTo(ceiling) > 0) {
        throw new IllegalArgumentException("floor " + floor + " is above ceiling " + ceiling);
      }
      this.floor = floor;
      this.ceiling = ceiling;
      return this;
    }

    /**
     * Sets how many successes an adaptive limit needs; 20 unless set.
     *
     * @throws IllegalArgumentException unless in [1, 1,000,000]
     */
    public Builder minSamples(int samples) {
      if (samples < 1 || samples > 1_000_000) {
        throw new IllegalArgumentException("minSamples must be in [1, 1000000], was " + samples);
      }
      this.minSamples = samples;
      return this;
    }

    /**
     * Sets the share of the remaining deadline kept for the next deployment; 0.5 unless set.
     *
     * @throws IllegalArgumentException unless in [0, 0.9]
     */
    public Builder reserve(double share) {
      if (!(share >= 0 && share <= 0.9)) {
        throw new IllegalArgumentException("reserve must be in [0, 0.9], was " + share);
      }
      this.reserve = share;
      return this;
    }

    /** The timeout. */
    public AttemptTimeout build() {
      return new AttemptTimeout(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative() || value.compareTo(MAX) > 0) {
        throw new IllegalArgumentException(name + " must be in (0, 1 day], was " + value);
      }
      return value;
    }
  }
}
