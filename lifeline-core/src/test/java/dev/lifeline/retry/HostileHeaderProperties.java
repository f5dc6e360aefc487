package dev.lifeline.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.internal.retry.RateLimitHeaders;
import dev.lifeline.internal.retry.RetryAfter;
import dev.lifeline.model.RateLimits;
import dev.lifeline.model.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile numbers in every header that {@link RetryAfter} and {@link RateLimitHeaders} read: huge
 * digit strings, negatives, decimals, NaN/Infinity-like words, HTTP-dates and RFC 3339 instants of
 * any year (0001 to 9999, and ±999999999), epoch resets far in the future, Go durations of millions
 * of hours — with "now" anywhere from year 1 to year 9999. Neither class may throw, and every wait
 * or reset is within [0, {@link RetryAfter#MAX}] or absent.
 */
class HostileHeaderProperties {

  private static final List<String> WAIT_HEADERS =
      List.of(
          "retry-after-ms",
          "x-ms-retry-after-ms",
          "retry-after",
          "x-ratelimit-reset-requests",
          "x-ratelimit-reset-tokens",
          "anthropic-ratelimit-requests-reset",
          "anthropic-ratelimit-tokens-reset",
          "anthropic-ratelimit-input-tokens-reset",
          "x-ratelimit-reset");

  private static final List<String> COUNT_HEADERS =
      List.of(
          "x-ratelimit-remaining-requests",
          "x-ratelimit-limit-requests",
          "x-ratelimit-remaining-tokens",
          "x-ratelimit-limit-tokens",
          "anthropic-ratelimit-requests-remaining",
          "anthropic-ratelimit-requests-limit",
          "anthropic-ratelimit-tokens-remaining",
          "anthropic-ratelimit-tokens-limit",
          "x-ratelimit-remaining");

  @Property(tries = 3000)
  void rateLimitHeadersNeverThrowAndEveryResetIsBounded(
      @ForAll("hostileHeaders") Map<String, String> headers,
      @ForAll("statuses") int status,
      @ForAll("instants") Instant now) {
    RateLimits limits = RateLimitHeaders.parse(RawResponse.of(status, headers, ""), now);

    assertBoundedOrNull(limits.resetRequests());
    assertBoundedOrNull(limits.resetTokens());
    assertThat(limits.remainingRequests()).isGreaterThanOrEqualTo(-1);
    assertThat(limits.limitRequests()).isGreaterThanOrEqualTo(-1);
    assertThat(limits.remainingTokens()).isGreaterThanOrEqualTo(-1);
    assertThat(limits.limitTokens()).isGreaterThanOrEqualTo(-1);
  }

  @Property(tries = 3000)
  void retryAfterNeverThrowsAndEveryWaitIsBounded(
      @ForAll("hostileHeaders") Map<String, String> headers,
      @ForAll("statuses") int status,
      @ForAll("instants") Instant now) {
    Optional<Duration> wait = RetryAfter.fromResponse(RawResponse.of(status, headers, ""), now);

    wait.ifPresent(HostileHeaderProperties::assertBounded);
  }

  @Property(tries = 2000)
  void eachParserAloneNeverThrowsAndStaysBounded(
      @ForAll("hostileValues") String value, @ForAll("instants") Instant now) {
    RetryAfter.parseDelaySeconds(value).ifPresent(HostileHeaderProperties::assertBounded);
    RetryAfter.parseGoDuration(value).ifPresent(HostileHeaderProperties::assertBounded);
    RetryAfter.parseHttpDate(value, now).ifPresent(HostileHeaderProperties::assertBounded);
  }

  /** The case the audit found: a 2xx whose Anthropic reset is centuries ahead. */
  @Property(tries = 500)
  void anAnthropicResetCenturiesAheadIsTheLongestWait(@ForAll("farYears") int year) {
    Map<String, String> headers =
        Map.of(
            "anthropic-ratelimit-tokens-remaining",
            "0",
            "anthropic-ratelimit-tokens-reset",
            year + "-01-01T00:00:00Z");

    RateLimits limits =
        RateLimitHeaders.parse(
            RawResponse.of(200, headers, ""), Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(limits.resetTokens()).isEqualTo(RetryAfter.MAX);
  }

  private static void assertBoundedOrNull(Duration reset) {
    if (reset != null) {
      assertBounded(reset);
    }
  }

  private static void assertBounded(Duration wait) {
    assertThat(wait).isBetween(Duration.ZERO, RetryAfter.MAX);
  }

  @Provide
  Arbitrary<Map<String, String>> hostileHeaders() {
    Arbitrary<String> names =
        Arbitraries.oneOf(Arbitraries.of(WAIT_HEADERS), Arbitraries.of(COUNT_HEADERS));
    return Arbitraries.maps(names, hostileValues()).ofMaxSize(8).map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.of(200, 201, 429, 503, 529);
  }

  @Provide
  Arbitrary<Integer> farYears() {
    return Arbitraries.integers().between(2400, 9999);
  }

  /**
   * From year 1 to year 9999: an HTTP-date of the year 0001 may come from a client whose clock is
   * 0.
   */
  @Provide
  Arbitrary<Instant> instants() {
    long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    return Arbitraries.oneOf(
        Arbitraries.longs().between(first, last).map(Instant::ofEpochSecond),
        Arbitraries.just(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Provide
  Arbitrary<String> hostileValues() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(400);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        digits,
        digits.map(d -> "-" + d),
        digits.map(d -> "+" + d),
        Combinators.combine(digits, digits).as((a, b) -> a + "." + b),
        Combinators.combine(digits, Arbitraries.of("ns", "us", "µs", "ms", "s", "m", "h", "d"))
            .as((d, unit) -> d + unit),
        Arbitraries.of(
            "NaN",
            "Infinity",
            "-Infinity",
            "+Infinity",
            "1e400",
            "-1e400",
            "0x7fffffffffffffff",
            "99999999999999999999",
            "-99999999999999999999",
            "9999999h",
            "-1s",
            "1h-1s",
            "",
            " ",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT"),
        httpDates(),
        rfc3339Instants(),
        epochs());
  }

  private static Arbitrary<String> httpDates() {
    return Arbitraries.integers()
        .between(1, 9999)
        .map(
            year ->
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    OffsetDateTime.of(year, 6, 15, 12, 0, 0, 0, ZoneOffset.UTC)));
  }

  private static Arbitrary<String> rfc3339Instants() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(1, 9999),
            Arbitraries.integers().between(-999_999_999, 999_999_999))
        .map(
            year ->
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    OffsetDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
  }

  /** Epoch seconds and millis from now to far beyond what a long holds in nanoseconds. */
  private static Arbitrary<String> epochs() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1_000_000_000L, Long.MAX_VALUE).map(String::valueOf),
        Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(40));
  }
}
