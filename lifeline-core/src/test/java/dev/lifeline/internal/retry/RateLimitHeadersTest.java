package dev.lifeline.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.RateLimits;
import dev.lifeline.model.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");

  @Test
  void readsOpenAiStyleHeadersWithGoDurations() {
    RateLimits limits =
        RateLimitHeaders.parse(
            RawResponse.of(
                200,
                Map.of(
                    "x-ratelimit-limit-requests",
                    "500",
                    "x-ratelimit-remaining-requests",
                    "3",
                    "x-ratelimit-reset-requests",
                    "120ms",
                    "x-ratelimit-limit-tokens",
                    "30000",
                    "x-ratelimit-remaining-tokens",
                    "29000",
                    "x-ratelimit-reset-tokens",
                    "6m0s"),
                "{}"),
            NOW);

    assertThat(limits)
        .isEqualTo(
            new RateLimits(3, 500, 29_000, 30_000, Duration.ofMillis(120), Duration.ofMinutes(6)));
    assertThat(limits.isRunningDry(0.02)).isTrue(); // 3 <= 2% of 500
    assertThat(limits.resetOfTheDryBudget(0.02)).isEqualTo(Duration.ofMillis(120));
  }

  @Test
  void readsAnthropicHeadersWithRfc3339Resets() {
    RateLimits limits =
        RateLimitHeaders.parse(
            RawResponse.of(
                200,
                Map.of(
                    "anthropic-ratelimit-requests-limit",
                    "50",
                    "anthropic-ratelimit-requests-remaining",
                    "40",
                    "anthropic-ratelimit-requests-reset",
                    "2026-11-24T15:00:12Z",
                    "anthropic-ratelimit-tokens-limit",
                    "40000",
                    "anthropic-ratelimit-tokens-remaining",
                    "0",
                    "anthropic-ratelimit-tokens-reset",
                    "2026-11-24T15:00:30Z"),
                "{}"),
            NOW);

    assertThat(limits.remainingTokens()).isZero();
    assertThat(limits.isRunningDry(0.02)).isTrue();
    assertThat(limits.resetOfTheDryBudget(0.02)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void unknownAndJunkValuesAreUnknown() {
    RateLimits limits =
        RateLimitHeaders.parse(
            RawResponse.of(
                200,
                Map.of(
                    "x-ratelimit-remaining-tokens", "-1", "x-ratelimit-remaining-requests", "lots"),
                ""),
            NOW);

    assertThat(limits.isKnown()).isFalse();
    assertThat(limits.isRunningDry(0.02)).isFalse();
    assertThat(RateLimitHeaders.parse(RawResponse.of(200, Map.of(), ""), NOW))
        .isEqualTo(RateLimits.UNKNOWN);
  }
}
