package dev.lifeline.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a deployment, or a whole provider, is kept out of every plan after a failure that says
 * waiting is the only cure: a rate limit, a rejected key, a spent quota, a model the provider does
 * not know.
 *
 * <p>Immutable; start from {@link #defaults()} and change what you need with the {@code with…}
 * copies.
 */
public final class CooldownSettings {

  private static final CooldownSettings DEFAULTS =
      new CooldownSettings(
          true,
          Duration.ofSeconds(5),
          Duration.ofMinutes(10),
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          Duration.ofHours(1));

  private final boolean enabled;
  private final Duration rateLimit;
  private final Duration auth;
  private final Duration quota;
  private final Duration modelNotFound;
  private final Duration max;

  private CooldownSettings(
      boolean enabled,
      Duration rateLimit,
      Duration auth,
      Duration quota,
      Duration modelNotFound,
      Duration max) {
    this.enabled = enabled;
    this.rateLimit = rateLimit;
    this.auth = auth;
    this.quota = quota;
    this.modelNotFound = modelNotFound;
    this.max = max;
  }

  /** The defaults, as each {@code with…} method states. */
  public static CooldownSettings defaults() {
    return DEFAULTS;
  }

  /** The defaults with cooldowns off. */
  public static CooldownSettings disabled() {
    return DEFAULTS.withEnabled(false);
  }

  /** Whether cooldowns are on. */
  public boolean enabled() {
    return enabled;
  }

  /** This with cooldowns on or off; default on. */
  public CooldownSettings withEnabled(boolean enabled) {
    return new CooldownSettings(enabled, rateLimit, auth, quota, modelNotFound, max);
  }

  /** The cooldown after a rate limit whose provider gave no wait. */
  public Duration rateLimit() {
    return rateLimit;
  }

  /**
   * This with the cooldown after a rate limit whose provider gave no wait; default 5 seconds.
   *
   * @throws IllegalArgumentException if {@code cooldown} is not in [0, 1 day]
   */
  public CooldownSettings withRateLimit(Duration cooldown) {
    return new CooldownSettings(
        enabled,
        Ranges.between("rateLimit", cooldown, Duration.ZERO, Duration.ofDays(1)),
        auth,
        quota,
        modelNotFound,
        max);
  }

  /** The provider-wide cooldown after a 401 or 403. */
  public Duration auth() {
    return auth;
  }

  /**
   * This with the provider-wide cooldown after a 401 or 403; default 10 minutes: a key does not fix
   * itself, and every attempt with it until someone fixes it is wasted.
   *
   * @throws IllegalArgumentException if {@code cooldown} is not in [0, 30 days]
   */
  public CooldownSettings withAuth(Duration cooldown) {
    return new CooldownSettings(
        enabled,
        rateLimit,
        Ranges.between("auth", cooldown, Duration.ZERO, Duration.ofDays(30)),
        quota,
        modelNotFound,
        max);
  }

  /** The provider-wide cooldown after an exhausted quota. */
  public Duration quota() {
    return quota;
  }

  /**
   * This with the provider-wide cooldown after an exhausted quota; default 1 hour: credits come
   * back when someone pays or the period ends, neither within seconds.
   *
   * @throws IllegalArgumentException if {@code cooldown} is not in [0, 30 days]
   */
  public CooldownSettings withQuota(Duration cooldown) {
    return new CooldownSettings(
        enabled,
        rateLimit,
        auth,
        Ranges.between("quota", cooldown, Duration.ZERO, Duration.ofDays(30)),
        modelNotFound,
        max);
  }

  /** The cooldown of a deployment whose model the provider does not know (404). */
  public Duration modelNotFound() {
    return modelNotFound;
  }

  /**
   * This with the cooldown of a deployment whose model the provider does not know (404); default 10
   * minutes.
   *
   * @throws IllegalArgumentException if {@code cooldown} is not in [0, 30 days]
   */
  public CooldownSettings withModelNotFound(Duration cooldown) {
    return new CooldownSettings(
        enabled,
        rateLimit,
        auth,
        quota,
        Ranges.between("modelNotFound", cooldown, Duration.ZERO, Duration.ofDays(30)),
        max);
  }

  /** The longest cooldown a provider's own wait (Retry-After) can impose. */
  public Duration max() {
    return max;
  }

  /**
   * This with the longest cooldown a provider's own wait (Retry-After) can impose; longer waits are
   * cut to it, so one absurd header cannot bench a deployment for days; default 1 hour.
   *
   * @throws IllegalArgumentException if {@code cooldown} is not in [1 second, 30 days]
   */
  public CooldownSettings withMax(Duration cooldown) {
    return new CooldownSettings(
        enabled,
        rateLimit,
        auth,
        quota,
        modelNotFound,
        Ranges.between("max", cooldown, Duration.ofSeconds(1), Duration.ofDays(30)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CooldownSettings that
        && enabled == that.enabled
        && Objects.equals(rateLimit, that.rateLimit)
        && Objects.equals(auth, that.auth)
        && Objects.equals(quota, that.quota)
        && Objects.equals(modelNotFound, that.modelNotFound)
        && Objects.equals(max, that.max);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, rateLimit, auth, quota, modelNotFound, max);
  }

  @Override
  public String toString() {
    return "CooldownSettings{"
        + "enabled="
        + enabled
        + ", rateLimit="
        + rateLimit
        + ", auth="
        + auth
        + ", quota="
        + quota
        + ", modelNotFound="
        + modelNotFound
        + ", max="
        + max
        + '}';
  }
}
