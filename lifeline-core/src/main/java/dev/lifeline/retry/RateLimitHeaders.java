package dev.lifeline.retry;

import dev.lifeline.failure.RawResponse;
import dev.lifeline.model.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the rate-limit budget a provider reports on every answer: OpenAI, Groq and Azure's
 * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} (resets as Go durations, "6m0s") and
 * Anthropic's {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}} (resets as RFC 3339
 * instants). Never throws; what cannot be read is unknown.
 */
public final class RateLimitHeaders {

  private RateLimitHeaders() {}

  /** The budget {@code response}'s headers report, relative to {@code now}; {@link RateLimits#UNKNOWN} if none. */
  public static RateLimits parse(RawResponse response, Instant now) {
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
        response.header("x-ratelimit-reset-requests").flatMap(RetryAfter::parseGoDuration).orElse(null),
        response.header("x-ratelimit-reset-tokens").flatMap(RetryAfter::parseGoDuration).orElse(null));
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
      return -1;
    }
  }

  private static Duration instant(RawResponse response, String name, Instant now) {
    Optional<String> value = response.header(name);
    if (value.isEmpty()) {
      return null;
    }
    try {
      Duration until = Duration.between(now, OffsetDateTime.parse(value.get().strip()).toInstant());
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
