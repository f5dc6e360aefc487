package dev.lifeline.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever a provider sends, {@link RetryAfter} answers a bounded, non-negative wait or nothing.
 */
class RetryAfterProperties {

  private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");

  private static final List<String> HEADERS =
      List.of(
          "retry-after-ms",
          "x-ms-retry-after-ms",
          "retry-after",
          "x-ratelimit-reset-requests",
          "x-ratelimit-remaining-requests",
          "x-ratelimit-reset-tokens",
          "x-ratelimit-remaining-tokens",
          "anthropic-ratelimit-requests-reset",
          "anthropic-ratelimit-requests-remaining",
          "anthropic-ratelimit-tokens-reset",
          "x-ratelimit-reset",
          "x-ratelimit-remaining");

  @Property(tries = 2000)
  void neverThrowsAndStaysWithinBounds(
      @ForAll("headerValues") List<String> values,
      @ForAll("bodies") String body,
      @ForAll("statuses") int status) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < values.size() && i < HEADERS.size(); i++) {
      if (values.get(i) != null) {
        headers.put(HEADERS.get(i), values.get(i));
      }
    }

    Optional<Duration> wait = RetryAfter.fromResponse(RawResponse.of(status, headers, body), NOW);

    wait.ifPresent(RetryAfterProperties::assertBounded);
  }

  @Property(tries = 2000)
  void parsersNeverThrowAndStayWithinBounds(@ForAll("headerValue") String value) {
    RetryAfter.parseDelaySeconds(value).ifPresent(RetryAfterProperties::assertBounded);
    RetryAfter.parseGoDuration(value).ifPresent(RetryAfterProperties::assertBounded);
    RetryAfter.parseHttpDate(value, NOW).ifPresent(RetryAfterProperties::assertBounded);
  }

  @Property
  void wholeSecondsAreReadExactly(@ForAll @IntRange(min = 0, max = 1_000_000) int seconds) {
    RawResponse response =
        RawResponse.of(429, Map.of("retry-after", Integer.toString(seconds)), "");

    assertThat(RetryAfter.fromResponse(response, NOW)).contains(Duration.ofSeconds(seconds));
  }

  @Property
  void wholeMillisecondsAreReadExactly(@ForAll @IntRange(min = 0, max = 100_000_000) int millis) {
    RawResponse response =
        RawResponse.of(503, Map.of("retry-after-ms", Integer.toString(millis)), "");

    assertThat(RetryAfter.fromResponse(response, NOW)).contains(Duration.ofMillis(millis));
  }

  @Property
  void anHttpDateIsTheTimeUntilItOrZero(
      @ForAll @LongRange(min = -10_000_000L, max = 10_000_000L) long offsetSeconds) {
    Instant at = NOW.plusSeconds(offsetSeconds);
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));

    Duration expected = offsetSeconds <= 0 ? Duration.ZERO : Duration.ofSeconds(offsetSeconds);
    assertThat(RetryAfter.parseHttpDate(date, NOW))
        .contains(expected.compareTo(RetryAfter.MAX) > 0 ? RetryAfter.MAX : expected);
  }

  private static void assertBounded(Duration wait) {
    assertThat(wait.isNegative()).as("negative: %s", wait).isFalse();
    assertThat(wait).isLessThanOrEqualTo(RetryAfter.MAX);
  }

  @Provide
  Arbitrary<String> headerValue() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300),
        Arbitraries.strings().withChars("0123456789.+-eEhmsuµn: ").ofMaxLength(30),
        Arbitraries.longs().map(v -> Long.toString(v)),
        Arbitraries.doubles().map(v -> Double.toString(v)),
        Arbitraries.of(
            "NaN",
            "Infinity",
            "-0",
            "0x1p3",
            "1e309",
            "",
            " ",
            "Tue, 24 Nov 2026 15:00:30 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT",
            "2026-11-24T15:00:12Z",
            "+999999999-12-31T23:59:59Z",
            "1795535100000",
            "99999999999999999999999",
            "6m0s",
            "1h2m3s",
            "-1s"));
  }

  @Provide
  Arbitrary<List<String>> headerValues() {
    return headerValue().injectNull(0.5).list().ofSize(HEADERS.size());
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> phrase =
        Arbitraries.of(
                "Please try again in ", "Please retry after ", "retry in ", "\"retryDelay\":\"")
            .flatMap(
                prefix ->
                    Arbitraries.strings()
                        .withChars("0123456789.hms secondminute\"")
                        .ofMaxLength(25)
                        .map(rest -> prefix + rest));
    Arbitrary<String> resetBody =
        Arbitraries.strings()
            .withChars("0123456789.-")
            .ofMaxLength(40)
            .map(v -> "{\"X-RateLimit-Reset\":\"" + v + "\",\"X-RateLimit-Remaining\":\"0\"}");
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(500), phrase, resetBody);
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.oneOf(
        Arbitraries.of(200, 400, 429, 500, 503, 529), Arbitraries.integers().between(-1, 1000));
  }
}
