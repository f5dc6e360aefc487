package dev.lifeline.internal.retry;

import dev.lifeline.model.RateLimits;
import dev.lifeline.model.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the rate-limit budget a provider reports on every answer: OpenAI, Groq and Azure's {@code
 * x-ratelimit-{limit,remaining,reset}-{requests,tokens}} (resets as Go durations, "6m0s") and
 * Anthropic's {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}} (resets as RFC
 * 3339 instants).
 *
 * <p>Never throws, whatever the headers say; what cannot be read is unknown. Every reset is in [0,
 * {@link RetryAfter#MAX}]: one in the past is zero, one further ahead (a year 9999, a Go duration
 * of a million hours) is {@link RetryAfter#MAX}, so whoever adds it to a clock cannot overflow.
 * Counts are non-negative {@code long}s or -1 for unknown (also for a count too large for a {@code
 * long}). Thread-safe; holds no state.
 */
public final class RateLimitHeaders {

  private RateLimitHeaders() {}

  /**
   * The budget {@code response}'s headers report, relative to {@code now}.
   *
   * @param response the answer; null gives {@link RateLimits#UNKNOWN}
   * @param now the wall-clock time the answer arrived, to turn Anthropic's reset instants into
   *     waits; when null, those resets are unknown
   * @return the budget, {@link RateLimits#UNKNOWN} if none is reported
   */
  public static RateLimits parse(RawResponse response, Instant now) {
    if (response == null) {
      return RateLimits.UNKNOWN;
    }
    if (response.header("anthropic-ratelimit-requests-remaining").isPresent()
        || response.header("anthropic-ratelimit-tokens-remaining").isPresent()) {
      return new RateLimits(
          number(response, "anthropic-ratelimit-requests-remaining"),
          number(response, "anthropic-ratelimit-requests-limit"),
          number(response, "anthropic-ratelimit-tokens-remaining"),
          number(response, "anthropic-ratelimit-tokens-limit"),
          instant(response, "anthropic-ratelimit-requests-reset", now),
          instant(response, "anthropic-ratelimit-tokens-reset", now));
    }
    return new RateLimits(
        number(response, "x-ratelimit-remaining-requests"),
        number(response, "x-ratelimit-limit-requests"),
        number(response, "x-ratelimit-remaining-tokens"),
        number(response, "x-ratelimit-limit-tokens"),
        response
            .header("x-ratelimit-reset-requests")
            .flatMap(RetryAfter::parseGoDuration)
            .orElse(null),
        response
            .header("x-ratelimit-reset-tokens")
            .flatMap(RetryAfter::parseGoDuration)
            .orElse(null));
  }

  private static long number(RawResponse response, String name) {
    Optional<String> value = response.header(name);
    if (value.isEmpty()) {
      return -1;
    }
    try {
      long parsed = Long.parseLong(value.get().strip());
      return parsed < 0 ? -1 : parsed; // Azure's -1 means "unknown"
    } catch (NumberFormatException e) {
      return -1; // not a number, or beyond a long: unknown rather than a wrong count
    }
  }

  /**
   * An RFC 3339 reset instant as a wait from {@code now}, clamped like every wait RetryAfter reads.
   */
  private static Duration instant(RawResponse response, String name, Instant now) {
    if (now == null) {
      return null;
    }
    return response
        .header(name)
        .flatMap(RetryAfter::parseRfc3339)
        .map(at -> RetryAfter.until(at, now))
        .orElse(null);
  }
}
