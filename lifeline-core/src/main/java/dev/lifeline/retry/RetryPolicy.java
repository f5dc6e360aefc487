package dev.lifeline.retry;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How the cascade retries one deployment: how many attempts, how long to wait, and which waits the
 * provider may impose.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}. The defaults follow the official
 * OpenAI and Anthropic SDKs (3 attempts, 0.5 s doubling to 8 s) with full jitter, and honour a
 * provider's Retry-After of up to 60 s, as the Anthropic SDK does.
 */
public final class RetryPolicy {

  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Jitter jitter;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.baseDelay = builder.baseDelay;
    this.maxDelay = builder.maxDelay;
    this.jitter = builder.jitter;
    this.maxRetryAfter = builder.maxRetryAfter;
  }

  /**
   * The default policy: 3 attempts, 500 ms to 8 s with full jitter, Retry-After honoured up to 60
   * s.
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** A policy that never retries. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  /** A new builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this policy. */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .baseDelay(baseDelay)
        .maxDelay(maxDelay)
        .jitter(jitter)
        .maxRetryAfter(maxRetryAfter);
  }

  /** Attempts per deployment, the first included; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The first backoff delay's ceiling, when the provider gives no wait. */
  public Duration baseDelay() {
    return baseDelay;
  }

  /** The largest backoff delay. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** How backoff delays are spread. */
  public Jitter jitter() {
    return jitter;
  }

  /**
   * The longest provider-imposed wait that is honoured; a longer one moves the cascade on at once.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", baseDelay="
        + baseDelay
        + ", maxDelay="
        + maxDelay
        + ", jitter="
        + jitter
        + ", maxRetryAfter="
        + maxRetryAfter
        + '}';
  }

  /** Builds a {@link RetryPolicy}; mutable and not thread-safe, {@link #build()} copies. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofSeconds(8);
    private Jitter jitter = Jitter.FULL;
    private Duration maxRetryAfter = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Sets attempts per deployment, the first included.
     *
     * @throws IllegalArgumentException if below 1 or above 100
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be in [1, 100], was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the first backoff delay's ceiling; default 500 ms.
     *
     * @throws IllegalArgumentException if not in (0, 24 h]
     */
    public Builder baseDelay(Duration baseDelay) {
      this.baseDelay =
          Durations.requirePositiveAtMost("baseDelay", baseDelay, Durations.MAX_CONFIGURED);
      return this;
    }

    /**
     * Sets the largest backoff delay; default 8 s.
     *
     * @throws IllegalArgumentException if not in (0, 24 h]
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay =
          Durations.requirePositiveAtMost("maxDelay", maxDelay, Durations.MAX_CONFIGURED);
      return this;
    }

    /** Sets how delays are spread. */
    public Builder jitter(Jitter jitter) {
      this.jitter = Objects.requireNonNull(jitter, "jitter");
      return this;
    }

    /**
     * Sets the longest provider-imposed wait to honour; default 60 s. Zero honours none.
     *
     * @throws IllegalArgumentException if not in [0, 30 days], the longest wait ever read
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      if (maxRetryAfter.isNegative() || maxRetryAfter.compareTo(Durations.MAX_PROVIDER_WAIT) > 0) {
        throw new IllegalArgumentException(
            "maxRetryAfter must be in [0, "
                + Durations.MAX_PROVIDER_WAIT
                + "], was "
                + maxRetryAfter);
      }
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException if maxDelay is below baseDelay
     */
    public RetryPolicy build() {
      if (maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay " + maxDelay + " must be >= baseDelay " + baseDelay);
      }
      return new RetryPolicy(this);
    }
  }
}
