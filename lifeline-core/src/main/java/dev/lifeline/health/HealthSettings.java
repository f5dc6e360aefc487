package dev.lifeline.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@link HealthTracker}, its circuit breakers and cooldowns, and the {@link RetryBudget} judge
 * a deployment.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()} (mutable, not thread-safe; {@link
 * Builder#build()} copies), or take {@link #defaults()}. Every setter validates at once and names the
 * argument, its value and the allowed range.
 */
public final class HealthSettings {

  private static final HealthSettings DEFAULTS = builder().build();

  private final Duration window;
  private final int buckets;
  private final boolean circuitBreakerEnabled;
  private final double failureRateThreshold;
  private final int minimumCalls;
  private final int consecutiveFailures;
  private final Duration slowCallThreshold; // null: slow calls never open a circuit
  private final double slowCallRateThreshold;
  private final Duration openDuration;
  private final int halfOpenProbes;
  private final boolean cooldownsEnabled;
  private final Duration rateLimitCooldown;
  private final Duration authCooldown;
  private final Duration quotaCooldown;
  private final Duration modelNotFoundCooldown;
  private final Duration maxCooldown;
  private final boolean retryBudgetEnabled;
  private final double retryBudgetRatio;
  private final int retryBudgetBurst;
  private final double retryBudgetMinPerSecond;

  private HealthSettings(Builder builder) {
    this.window = builder.window;
    this.buckets = builder.buckets;
    this.circuitBreakerEnabled = builder.circuitBreakerEnabled;
    this.failureRateThreshold = builder.failureRateThreshold;
    this.minimumCalls = builder.minimumCalls;
    this.consecutiveFailures = builder.consecutiveFailures;
    this.slowCallThreshold = builder.slowCallThreshold;
    this.slowCallRateThreshold = builder.slowCallRateThreshold;
    this.openDuration = builder.openDuration;
    this.halfOpenProbes = builder.halfOpenProbes;
    this.cooldownsEnabled = builder.cooldownsEnabled;
    this.rateLimitCooldown = builder.rateLimitCooldown;
    this.authCooldown = builder.authCooldown;
    this.quotaCooldown = builder.quotaCooldown;
    this.modelNotFoundCooldown = builder.modelNotFoundCooldown;
    this.maxCooldown = builder.maxCooldown;
    this.retryBudgetEnabled = builder.retryBudgetEnabled;
    this.retryBudgetRatio = builder.retryBudgetRatio;
    this.retryBudgetBurst = builder.retryBudgetBurst;
    this.retryBudgetMinPerSecond = builder.retryBudgetMinPerSecond;
  }

  /** The defaults listed on each {@link Builder} setter. */
  public static HealthSettings defaults() {
    return DEFAULTS;
  }

  /** A new builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The length of the sliding window that statistics and circuit failure rates cover. */
  public Duration window() {
    return window;
  }

  /** How many buckets the window is cut into; the window slides one bucket at a time. */
  public int buckets() {
    return buckets;
  }

  /** Whether circuit breakers are on; when off, every circuit stays closed. */
  public boolean circuitBreakerEnabled() {
    return circuitBreakerEnabled;
  }

  /** The failure rate, in (0, 1], at or above which a circuit opens. */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /** The fewest counted calls in the window before a failure or slow-call rate can open a circuit. */
  public int minimumCalls() {
    return minimumCalls;
  }

  /** How many counted failures in a row open a circuit, whatever the rate. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** The latency above which a call is slow, or empty when slow calls never open a circuit. */
  public Optional<Duration> slowCallThreshold() {
    return Optional.ofNullable(slowCallThreshold);
  }

  /** The slow-call rate, in (0, 1], at or above which a circuit opens. */
  public double slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /** How long an open circuit rejects attempts before it lets probes through. */
  public Duration openDuration() {
    return openDuration;
  }

  /** How many attempts a half-open circuit lets through at once. */
  public int halfOpenProbes() {
    return halfOpenProbes;
  }

  /** Whether failures start cooldowns; when off, only circuits keep deployments out. */
  public boolean cooldownsEnabled() {
    return cooldownsEnabled;
  }

  /** The cooldown after a rate limit whose provider gave no wait. */
  public Duration rateLimitCooldown() {
    return rateLimitCooldown;
  }

  /** The provider-wide cooldown after a 401 or 403. */
  public Duration authCooldown() {
    return authCooldown;
  }

  /** The provider-wide cooldown after an exhausted quota. */
  public Duration quotaCooldown() {
    return quotaCooldown;
  }

  /** The cooldown of a deployment whose model the provider does not know (404). */
  public Duration modelNotFoundCooldown() {
    return modelNotFoundCooldown;
  }

  /** The longest cooldown a provider's own wait can impose. */
  public Duration maxCooldown() {
    return maxCooldown;
  }

  /** Whether the retry budget limits extra attempts; when off, every extra attempt is allowed. */
  public boolean retryBudgetEnabled() {
    return retryBudgetEnabled;
  }

  /** The tokens each first attempt deposits into the retry budget. */
  public double retryBudgetRatio() {
    return retryBudgetRatio;
  }

  /** The most tokens the retry budget holds: the largest burst of extra attempts. */
  public int retryBudgetBurst() {
    return retryBudgetBurst;
  }

  /** Extra attempts per second the budget allows even to a service with little traffic. */
  public double retryBudgetMinPerSecond() {
    return retryBudgetMinPerSecond;
  }

  @Override
  public String toString() {
    return "HealthSettings{window=" + window + "/" + buckets
        + ", circuit=" + (circuitBreakerEnabled
            ? "failures>=" + failureRateThreshold + " of >=" + minimumCalls + " or " + consecutiveFailures
                + " in a row, slow " + (slowCallThreshold == null ? "off" : ">" + slowCallThreshold + " at "
                + slowCallRateThreshold) + ", open " + openDuration + ", probes " + halfOpenProbes
            : "off")
        + ", cooldowns=" + (cooldownsEnabled
            ? "rate " + rateLimitCooldown + ", auth " + authCooldown + ", quota " + quotaCooldown
                + ", 404 " + modelNotFoundCooldown + ", max " + maxCooldown
            : "off")
        + ", retryBudget=" + (retryBudgetEnabled
            ? retryBudgetRatio + " per call, burst " + retryBudgetBurst + ", min " + retryBudgetMinPerSecond + "/s"
            : "off")
        + '}';
  }

  /** Builds {@link HealthSettings}; mutable and not thread-safe, {@link #build()} copies. */
  public static final class Builder {
    // Five minutes is long enough to see a trend at a few calls a minute, short enough that an
    // outage that ended ten minutes ago no longer colours routing.
    private Duration window = Duration.ofMinutes(5);
    private int buckets = 10;
    private boolean circuitBreakerEnabled = true;
    private double failureRateThreshold = 0.5;
    private int minimumCalls = 10;
    private int consecutiveFailures = 5;
    // Off: a long completion is slow and healthy; timeouts and the deadline catch a hung provider.
    private Duration slowCallThreshold;
    private double slowCallRateThreshold = 0.8;
    private Duration openDuration = Duration.ofSeconds(30);
    private int halfOpenProbes = 1;
    private boolean cooldownsEnabled = true;
    private Duration rateLimitCooldown = Duration.ofSeconds(5);
    private Duration authCooldown = Duration.ofMinutes(10);
    private Duration quotaCooldown = Duration.ofHours(1);
    private Duration modelNotFoundCooldown = Duration.ofMinutes(10);
    private Duration maxCooldown = Duration.ofHours(1);
    private boolean retryBudgetEnabled = true;
    // gRPC retry throttling's and Envoy's usual 20%: a full outage costs at most ~1.2x the attempts.
    private double retryBudgetRatio = 0.2;
    private int retryBudgetBurst = 10;
    private double retryBudgetMinPerSecond = 1;

    private Builder() {}

    private Builder(HealthSettings from) {
      window = from.window;
      buckets = from.buckets;
      circuitBreakerEnabled = from.circuitBreakerEnabled;
      failureRateThreshold = from.failureRateThreshold;
      minimumCalls = from.minimumCalls;
      consecutiveFailures = from.consecutiveFailures;
      slowCallThreshold = from.slowCallThreshold;
      slowCallRateThreshold = from.slowCallRateThreshold;
      openDuration = from.openDuration;
      halfOpenProbes = from.halfOpenProbes;
      cooldownsEnabled = from.cooldownsEnabled;
      rateLimitCooldown = from.rateLimitCooldown;
      authCooldown = from.authCooldown;
      quotaCooldown = from.quotaCooldown;
      modelNotFoundCooldown = from.modelNotFoundCooldown;
      maxCooldown = from.maxCooldown;
      retryBudgetEnabled = from.retryBudgetEnabled;
      retryBudgetRatio = from.retryBudgetRatio;
      retryBudgetBurst = from.retryBudgetBurst;
      retryBudgetMinPerSecond = from.retryBudgetMinPerSecond;
    }

    /**
     * Sets the sliding window's length; default 5 minutes.
     *
     * @throws IllegalArgumentException if not in [1 second, 1 day]
     */
    public Builder window(Duration window) {
      this.window = inRange("window", window, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how many buckets the window is cut into; default 10. More buckets slide more smoothly and
     * cost more memory: each holds a latency histogram of 50 to 95 KB per deployment once used (about
     * 70 KB for latencies up to a minute), and another for time to first token if it streams.
     *
     * @throws IllegalArgumentException if not in [1, 100]
     */
    public Builder buckets(int buckets) {
      this.buckets = inRange("buckets", buckets, 1, 100);
      return this;
    }

    /** Turns circuit breakers on or off; default on. */
    public Builder circuitBreakerEnabled(boolean enabled) {
      this.circuitBreakerEnabled = enabled;
      return this;
    }

    /**
     * Sets the failure rate at or above which a circuit opens; default 0.5.
     *
     * @throws IllegalArgumentException if not in (0, 1]
     */
    public Builder failureRateThreshold(double rate) {
      this.failureRateThreshold = rate("failureRateThreshold", rate);
      return this;
    }

    /**
     * Sets the fewest counted calls in the window before a rate can open a circuit; default 10.
     *
     * @throws IllegalArgumentException if not in [1, 1,000,000]
     */
    public Builder minimumCalls(int calls) {
      this.minimumCalls = inRange("minimumCalls", calls, 1, 1_000_000);
      return this;
    }

    /**
     * Sets how many counted failures in a row open a circuit; default 5. {@link Integer#MAX_VALUE}
     * leaves only the rates.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder consecutiveFailures(int failures) {
      this.consecutiveFailures = inRange("consecutiveFailures", failures, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Sets the latency above which a call is slow, which turns the slow-call rule on; default off.
     *
     * @throws IllegalArgumentException if not in [1 ms, 1 hour]
     */
    public Builder slowCallThreshold(Duration threshold) {
      this.slowCallThreshold = inRange("slowCallThreshold", threshold, Duration.ofMillis(1), Duration.ofHours(1));
      return this;
    }

    /** Turns the slow-call rule off again (the default). */
    public Builder noSlowCallThreshold() {
      this.slowCallThreshold = null;
      return this;
    }

    /**
     * Sets the slow-call rate at or above which a circuit opens; default 0.8.
     *
     * @throws IllegalArgumentException if not in (0, 1]
     */
    public Builder slowCallRateThreshold(double rate) {
      this.slowCallRateThreshold = rate("slowCallRateThreshold", rate);
      return this;
    }

    /**
     * Sets how long an open circuit rejects attempts; default 30 seconds.
     *
     * @throws IllegalArgumentException if not in [1 ms, 1 day]
     */
    public Builder openDuration(Duration duration) {
      this.openDuration = inRange("openDuration", duration, Duration.ofMillis(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how many attempts a half-open circuit lets through at once; default 1.
     *
     * @throws IllegalArgumentException if not in [1, 1000]
     */
    public Builder halfOpenProbes(int probes) {
      this.halfOpenProbes = inRange("halfOpenProbes", probes, 1, 1000);
      return this;
    }

    /** Turns cooldowns on or off; default on. */
    public Builder cooldownsEnabled(boolean enabled) {
      this.cooldownsEnabled = enabled;
      return this;
    }

    /**
     * Sets the cooldown after a rate limit whose provider gave no wait; default 5 seconds.
     *
     * @throws IllegalArgumentException if not in [0, 1 day]
     */
    public Builder rateLimitCooldown(Duration cooldown) {
      this.rateLimitCooldown = inRange("rateLimitCooldown", cooldown, Duration.ZERO, Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the provider-wide cooldown after a 401 or 403; default 10 minutes: a key does not fix itself,
     * and every attempt with it until someone fixes it is wasted.
     *
     * @throws IllegalArgumentException if not in [0, 30 days]
     */
    public Builder authCooldown(Duration cooldown) {
      this.authCooldown = inRange("authCooldown", cooldown, Duration.ZERO, Duration.ofDays(30));
      return this;
    }

    /**
     * Sets the provider-wide cooldown after an exhausted quota; default 1 hour: credits come back when
     * someone pays or the period ends, neither within seconds.
     *
     * @throws IllegalArgumentException if not in [0, 30 days]
     */
    public Builder quotaCooldown(Duration cooldown) {
      this.quotaCooldown = inRange("quotaCooldown", cooldown, Duration.ZERO, Duration.ofDays(30));
      return this;
    }

    /**
     * Sets the cooldown of a deployment whose model the provider does not know (404); default 10
     * minutes.
     *
     * @throws IllegalArgumentException if not in [0, 30 days]
     */
    public Builder modelNotFoundCooldown(Duration cooldown) {
      this.modelNotFoundCooldown = inRange("modelNotFoundCooldown", cooldown, Duration.ZERO, Duration.ofDays(30));
      return this;
    }

    /**
     * Sets the longest cooldown a provider's own wait (Retry-After) can impose; longer waits are cut to
     * it, so one absurd header cannot bench a deployment for days; default 1 hour.
     *
     * @throws IllegalArgumentException if not in [1 second, 30 days]
     */
    public Builder maxCooldown(Duration cooldown) {
      this.maxCooldown = inRange("maxCooldown", cooldown, Duration.ofSeconds(1), Duration.ofDays(30));
      return this;
    }

    /** Turns the retry budget on or off; default on. */
    public Builder retryBudgetEnabled(boolean enabled) {
      this.retryBudgetEnabled = enabled;
      return this;
    }

    /**
     * Sets the tokens each first attempt deposits, one token paying for one extra attempt; default 0.2.
     *
     * @throws IllegalArgumentException if not in [0, 10]
     */
    public Builder retryBudgetRatio(double ratio) {
      if (!(ratio >= 0 && ratio <= 10)) {
        throw new IllegalArgumentException("retryBudgetRatio must be in [0, 10], was " + ratio);
      }
      this.retryBudgetRatio = ratio;
      return this;
    }

    /**
     * Sets the most tokens the budget holds, the largest burst of extra attempts; default 10.
     *
     * @throws IllegalArgumentException if not in [1, 1,000,000]
     */
    public Builder retryBudgetBurst(int burst) {
      this.retryBudgetBurst = inRange("retryBudgetBurst", burst, 1, 1_000_000);
      return this;
    }

    /**
     * Sets the extra attempts per second allowed whatever the traffic, so a quiet service can still
     * retry; default 1.
     *
     * @throws IllegalArgumentException if not in [0, 1,000,000]
     */
    public Builder retryBudgetMinPerSecond(double perSecond) {
      if (!(perSecond >= 0 && perSecond <= 1_000_000)) {
        throw new IllegalArgumentException("retryBudgetMinPerSecond must be in [0, 1000000], was " + perSecond);
      }
      this.retryBudgetMinPerSecond = perSecond;
      return this;
    }

    /** Builds the settings; the setters' ranges keep every bucket at least 10 ms long. */
    public HealthSettings build() {
      return new HealthSettings(this);
    }

    private static Duration inRange(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
      }
      return value;
    }

    private static int inRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
      }
      return value;
    }

    private static double rate(String name, double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
      }
      return value;
    }
  }
}
