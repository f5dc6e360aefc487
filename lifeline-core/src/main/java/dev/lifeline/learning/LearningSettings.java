package dev.lifeline.learning;

import dev.lifeline.model.ErrorKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the {@link Playbook} learns: on or off, how sure it must be before it acts, and how fast what
 * it learned fades, per {@link ErrorKind}.
 *
 * <p>Immutable; build one with {@link #builder()}. The defaults: on; act at confidence 0.6 (two
 * recent failures of the same signature); half-lives of 2 minutes for rate limits and overload, 5
 * minutes for server errors, timeouts and network failures, 10 minutes for invalid answers, an hour
 * for rejected answers, 3 hours for quota, auth, permission and missing models, a day for context
 * length; at most 10,000 signatures.
 */
public final class LearningSettings {

  private static final Map<ErrorKind, Duration> DEFAULT_HALF_LIVES = defaultHalfLives();

  private final boolean enabled;
  private final double threshold;
  private final Map<ErrorKind, Duration> halfLives;
  private final int maxEntries;

  private LearningSettings(Builder builder) {
    this.enabled = builder.enabled;
    this.threshold = builder.threshold;
    this.halfLives = Map.copyOf(builder.halfLives);
    this.maxEntries = builder.maxEntries;
  }

  /** The defaults. */
  public static LearningSettings defaults() {
    return builder().build();
  }

  /** Learning off: the engine walks the configured cascade every time. */
  public static LearningSettings off() {
    return builder().enabled(false).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the engine learns and uses what it learned. */
  public boolean enabled() {
    return enabled;
  }

  /** The confidence, in (0, 1), at which a learned failure changes what the cascade does. */
  public double threshold() {
    return threshold;
  }

  /** How long evidence of a failure of {@code kind} takes to lose half its weight. */
  public Duration halfLife(ErrorKind kind) {
    return halfLives.get(Objects.requireNonNull(kind, "kind"));
  }

  /** The most signatures kept; the least confident go first. */
  public int maxEntries() {
    return maxEntries;
  }

  @Override
  public String toString() {
    return "LearningSettings{enabled="
        + enabled
        + ", threshold="
        + threshold
        + ", maxEntries="
        + maxEntries
        + "}";
  }

  private static Map<ErrorKind, Duration> defaultHalfLives() {
    Map<ErrorKind, Duration> halfLives = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      halfLives.put(kind, Duration.ofMinutes(5));
    }
    halfLives.put(ErrorKind.RATE_LIMITED, Duration.ofMinutes(2));
    halfLives.put(ErrorKind.OVERLOADED, Duration.ofMinutes(2));
    halfLives.put(ErrorKind.INVALID_RESPONSE, Duration.ofMinutes(10));
    halfLives.put(ErrorKind.VALIDATION_FAILED, Duration.ofHours(1));
    halfLives.put(ErrorKind.QUOTA_EXHAUSTED, Duration.ofHours(3));
    halfLives.put(ErrorKind.AUTHENTICATION, Duration.ofHours(3));
    halfLives.put(ErrorKind.PERMISSION, Duration.ofHours(3));
    halfLives.put(ErrorKind.MODEL_NOT_FOUND, Duration.ofHours(3));
    halfLives.put(ErrorKind.CONTEXT_LENGTH_EXCEEDED, Duration.ofDays(1));
    return halfLives;
  }

  /** Builds {@link LearningSettings}. Mutable, not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private double threshold = 0.6;
    private final Map<ErrorKind, Duration> halfLives = new EnumMap<>(DEFAULT_HALF_LIVES);
    private int maxEntries = 10_000;

    private Builder() {}

    /** Turns learning on (the default) or off. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The confidence at which a learned failure acts.
     *
     * @throws IllegalArgumentException if not strictly between 0 and 1
     */
    public Builder threshold(double threshold) {
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * The half-life of evidence of {@code kind}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder halfLife(ErrorKind kind, Duration halfLife) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(halfLife, "halfLife");
      if (halfLife.isNegative() || halfLife.isZero()) {
        throw new IllegalArgumentException(
            "halfLife of " + kind + " must be positive, was " + halfLife);
      }
      halfLives.put(kind, halfLife);
      return this;
    }

    /**
     * The most signatures kept.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /** The settings. */
    public LearningSettings build() {
      return new LearningSettings(this);
    }
  }
}
