package dev.lifeline.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");

  private static Optional<Duration> waitFor(int status, Map<String, String> headers, String body) {
    return RetryAfter.fromResponse(RawResponse.of(status, headers, body), NOW);
  }

  private static Optional<Duration> waitFor(Map<String, String> headers) {
    return waitFor(429, headers, "");
  }

  @Nested
  class Sources {

    @Test
    void retryAfterMsIsFractionalMilliseconds() {
      assertThat(waitFor(Map.of("retry-after-ms", "3800"))).contains(Duration.ofMillis(3800));
      assertThat(waitFor(Map.of("retry-after-ms", "1500.5")))
          .contains(Duration.ofNanos(1_500_500_000L));
    }

    @Test
    void azureMillisecondHeaderIsRead() {
      assertThat(waitFor(Map.of("x-ms-retry-after-ms", "250"))).contains(Duration.ofMillis(250));
    }

    @Test
    void retryAfterIsFractionalSeconds() {
      assertThat(waitFor(Map.of("retry-after", "12"))).contains(Duration.ofSeconds(12));
      assertThat(waitFor(Map.of("Retry-After", " 1.5 "))).contains(Duration.ofMillis(1500));
      assertThat(waitFor(Map.of("retry-after", "0"))).contains(Duration.ZERO);
    }

    @Test
    void retryAfterAsAFutureHttpDateIsRelativeToNow() {
      assertThat(waitFor(Map.of("retry-after", "Tue, 24 Nov 2026 15:00:30 GMT")))
          .contains(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterAsAPastHttpDateIsZero() {
      assertThat(waitFor(Map.of("retry-after", "Tue, 24 Nov 2026 14:59:00 GMT")))
          .contains(Duration.ZERO);
    }

    @Test
    void googleRetryInfoInTheBody() {
      String body =
          "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
              + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"47s\"}]}}";
      assertThat(waitFor(429, Map.of(), body)).contains(Duration.ofSeconds(47));
      assertThat(waitFor(429, Map.of(), body.replace("47s", "1.5s")))
          .contains(Duration.ofMillis(1500));
    }

    @ParameterizedTest(name = "\"{0}\" → {1} ms")
    @CsvSource(
        delimiter = '|',
        value = {
          "Please try again in 2.216s. Visit https://platform.openai.com/account/rate-limits |"
              + " 2216",
          "Rate limit reached. Please try again in 120ms. | 120",
          "Please try again in 1m30s. | 90000",
          "Please try again in 1m26.4s. | 86400",
          "Please try again in 20s | 20000",
          "Please retry after 6 seconds. | 6000",
          "Please retry in 10.673410956s. | 10673",
          "Try again in 2 minutes | 120000",
          "Please retry after 86400 seconds. | 86400000",
        })
    void messagePhrasesInTheBody(String message, long millis) {
      String body = "{\"error\":{\"message\":\"" + message + "\"}}";

      assertThat(waitFor(429, Map.of(), body))
          .get()
          .extracting(Duration::toMillis)
          .isEqualTo(millis);
    }

    @Test
    void aPhraseWithoutANumberIsSkippedForALaterOne() {
      assertThat(waitFor(429, Map.of(), "Please retry after a while. Or retry after 3 seconds."))
          .contains(Duration.ofSeconds(3));
      assertThat(waitFor(429, Map.of(), "Please try again later.")).isEmpty();
    }

    @Test
    void openAiResetHeadersTakeTheExhaustedBudget() {
      Map<String, String> headers =
          Map.of(
              "x-ratelimit-remaining-requests", "0",
              "x-ratelimit-reset-requests", "120ms",
              "x-ratelimit-remaining-tokens", "29000",
              "x-ratelimit-reset-tokens", "6m0s");
      assertThat(waitFor(headers)).contains(Duration.ofMillis(120));

      Map<String, String> tokensOut =
          Map.of(
              "x-ratelimit-remaining-requests", "10",
              "x-ratelimit-reset-requests", "120ms",
              "x-ratelimit-remaining-tokens", "0",
              "x-ratelimit-reset-tokens", "6m0s");
      assertThat(waitFor(tokensOut)).contains(Duration.ofMinutes(6));
    }

    @Test
    void openAiResetHeadersWithoutAnExhaustedBudgetTakeTheSoonerOnA429() {
      Map<String, String> headers =
          Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "1h2m3s");

      assertThat(waitFor(headers)).contains(Duration.ofSeconds(1));
    }

    @Test
    void bothBudgetsExhaustedMeansWaitingForTheLaterOne() {
      Map<String, String> headers =
          Map.of(
              "x-ratelimit-remaining-requests", "0",
              "x-ratelimit-reset-requests", "1s",
              "x-ratelimit-remaining-tokens", "0",
              "x-ratelimit-reset-tokens", "0.5s");

      assertThat(waitFor(headers)).contains(Duration.ofSeconds(1));
    }

    @Test
    void resetHeadersAreReadOnlyOnA429OrForAnExhaustedBudget() {
      Map<String, String> plenty =
          Map.of("x-ratelimit-remaining-requests", "10", "x-ratelimit-reset-requests", "1s");
      assertThat(waitFor(500, plenty, "")).isEmpty();
      assertThat(waitFor(200, plenty, "")).isEmpty();

      Map<String, String> exhausted =
          Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s");
      assertThat(waitFor(503, exhausted, "")).contains(Duration.ofSeconds(1));
    }

    @Test
    void azureUnknownRemainingIsNotExhausted() {
      Map<String, String> headers =
          Map.of("x-ratelimit-remaining-tokens", "-1", "x-ratelimit-reset-tokens", "1s");

      assertThat(waitFor(500, headers, "")).isEmpty();
    }

    @Test
    void anthropicResetsAreAbsoluteRfc3339() {
      Map<String, String> headers =
          Map.of(
              "anthropic-ratelimit-requests-remaining", "0",
              "anthropic-ratelimit-requests-reset", "2026-11-24T15:00:12Z",
              "anthropic-ratelimit-tokens-remaining", "5000",
              "anthropic-ratelimit-tokens-reset", "2026-11-24T15:00:02Z");

      assertThat(waitFor(headers)).contains(Duration.ofSeconds(12));
    }

    @Test
    void anthropicResetsWithoutAnExhaustedBudgetTakeTheEarliest() {
      Map<String, String> headers =
          Map.of(
              "anthropic-ratelimit-input-tokens-reset", "2026-11-24T15:00:12.500Z",
              "anthropic-ratelimit-output-tokens-reset", "2026-11-24T16:00:04+01:00");

      assertThat(waitFor(headers)).contains(Duration.ofSeconds(4));
    }

    @Test
    void anthropicResetInThePastIsZero() {
      assertThat(waitFor(Map.of("anthropic-ratelimit-tokens-reset", "2026-11-24T14:00:00Z")))
          .contains(Duration.ZERO);
    }

    @Test
    void rateLimitResetAsEpochMillisOrSecondsOrDelta() {
      // 1795535100000 ms is 2026-11-24T15:45:00Z, 45 minutes after NOW.
      assertThat(waitFor(Map.of("x-ratelimit-reset", "1795535100000")))
          .contains(Duration.ofMinutes(45));
      assertThat(waitFor(Map.of("X-RateLimit-Reset", "1795535100")))
          .contains(Duration.ofMinutes(45));
      assertThat(waitFor(Map.of("x-ratelimit-reset", "30"))).contains(Duration.ofSeconds(30));
    }

    @Test
    void openRouterResetInsideTheBody() {
      String body =
          "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded:"
              + " free-models-per-min.\",\"metadata\":"
              + "{\"headers\":{\"X-RateLimit-Limit\":\"20\",\"X-RateLimit-Remaining\":\"0\","
              + "\"X-RateLimit-Reset\":\"1795532410000\"}}}}";

      assertThat(waitFor(429, Map.of(), body)).contains(Duration.ofSeconds(10));
      // Not a 429, but the body says the budget is empty: still the reset.
      assertThat(waitFor(200, Map.of(), body)).contains(Duration.ofSeconds(10));
    }

    @Test
    void nothingToReadIsEmpty() {
      assertThat(waitFor(429, Map.of(), "Too Many Requests")).isEmpty();
      assertThat(RetryAfter.fromResponse(null, NOW)).isEmpty();
    }
  }

  @Nested
  class Precedence {

    private Map<String, String> all() {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("retry-after-ms", "1000");
      headers.put("x-ms-retry-after-ms", "2000");
      headers.put("retry-after", "3");
      headers.put("x-ratelimit-remaining-requests", "0");
      headers.put("x-ratelimit-reset-requests", "5s");
      return headers;
    }

    private static final String BODY = "{\"error\":{\"message\":\"Please try again in 4s.\"}}";

    @Test
    void eachSourceYieldsToTheOneBeforeIt() {
      Map<String, String> headers = all();
      assertThat(waitFor(429, headers, BODY)).contains(Duration.ofSeconds(1));
      headers.remove("retry-after-ms");
      assertThat(waitFor(429, headers, BODY)).contains(Duration.ofSeconds(2));
      headers.remove("x-ms-retry-after-ms");
      assertThat(waitFor(429, headers, BODY)).contains(Duration.ofSeconds(3));
      headers.remove("retry-after");
      assertThat(waitFor(429, headers, BODY)).contains(Duration.ofSeconds(4));
      assertThat(waitFor(429, headers, "")).contains(Duration.ofSeconds(5));
    }

    @Test
    void anUnparseableSourceFallsThroughToTheNext() {
      Map<String, String> headers = all();
      headers.put("retry-after-ms", "soon");
      headers.put("x-ms-retry-after-ms", "-5");
      headers.put("retry-after", "NaN");

      assertThat(waitFor(429, headers, BODY)).contains(Duration.ofSeconds(4));
    }

    @Test
    void retryInfoComesBeforeMessageText() {
      String body =
          "{\"error\":{\"message\":\"Please retry in 9s.\",\"details\":[{\"retryDelay\":\"2s\"}]}}";

      assertThat(waitFor(429, Map.of(), body)).contains(Duration.ofSeconds(2));
    }
  }

  @Nested
  class Parsers {

    @ParameterizedTest(name = "{0} → {1} ns")
    @CsvSource({
      "12ms, 12000000",
      "1s, 1000000000",
      "6m0s, 360000000000",
      "1h2m3s, 3723000000000",
      "0.5s, 500000000",
      "0, 0",
      "1.5h, 5400000000000",
      "300us, 300000",
      "300µs, 300000",
      "7ns, 7",
      "'  2s  ', 2000000000",
      "+1s, 1000000000",
      ".5s, 500000000",
    })
    void goDurations(String value, long nanos) {
      assertThat(RetryAfter.parseGoDuration(value)).contains(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {"-1s", "1", "s", "1x", "1s2", "1.2.3s", "NaN", "1 s", "00", "--1s", "1e3s"})
    void notGoDurations(String value) {
      assertThat(RetryAfter.parseGoDuration(value)).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1} ms")
    @CsvSource({"0, 0", "12, 12000", "1.5, 1500", "+5, 5000", ".5, 500", "5., 5000", "' 7 ', 7000"})
    void delaySeconds(String value, long millis) {
      assertThat(RetryAfter.parseDelaySeconds(value)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "-1",
          "NaN",
          "Infinity",
          "-Infinity",
          "1e3",
          "0x10",
          "1d",
          "abc",
          "1,5",
          "1 2",
          "."
        })
    void notDelaySeconds(String value) {
      assertThat(RetryAfter.parseDelaySeconds(value)).isEmpty();
    }

    @Test
    void httpDateForms() {
      // IMF-fixdate, RFC 850 and asctime: RFC 9110 section 5.6.7 says all three must be read.
      assertThat(RetryAfter.parseHttpDate("Tue, 24 Nov 2026 15:01:00 GMT", NOW))
          .contains(Duration.ofMinutes(1));
      assertThat(RetryAfter.parseHttpDate("Tuesday, 24-Nov-26 15:01:00 GMT", NOW))
          .contains(Duration.ofMinutes(1));
      assertThat(RetryAfter.parseHttpDate("Tue Nov 24 15:01:00 2026", NOW))
          .contains(Duration.ofMinutes(1));
      assertThat(RetryAfter.parseHttpDate("24 Nov 2026 15:01:00 GMT", NOW))
          .contains(Duration.ofMinutes(1));
    }

    @Test
    void aWrongWeekdayIsForgiven() {
      assertThat(RetryAfter.parseHttpDate("Mon, 24 Nov 2026 15:01:00 GMT", NOW))
          .contains(Duration.ofMinutes(1));
    }

    @Test
    void notHttpDates() {
      assertThat(RetryAfter.parseHttpDate(null, NOW)).isEmpty();
      assertThat(RetryAfter.parseHttpDate("Tue, 24 Nov 2026 15:01:00 GMT", null)).isEmpty();
      assertThat(RetryAfter.parseHttpDate("tomorrow", NOW)).isEmpty();
      assertThat(RetryAfter.parseHttpDate("Tue, 31 Feb 2026 15:01:00 GMT", NOW)).isEmpty();
      assertThat(RetryAfter.parseHttpDate("2026-11-24T15:01:00Z", NOW)).isEmpty();
    }
  }

  @Nested
  class AbsurdValues {

    @Test
    void hugeValuesAreClampedToThirtyDays() {
      assertThat(waitFor(Map.of("retry-after", "99999999999999999999999999")))
          .contains(RetryAfter.MAX);
      assertThat(waitFor(Map.of("retry-after-ms", "1" + "0".repeat(100)))).contains(RetryAfter.MAX);
      assertThat(waitFor(Map.of("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")))
          .contains(RetryAfter.MAX);
      assertThat(RetryAfter.parseGoDuration("9999999999999999h")).contains(RetryAfter.MAX);
      assertThat(waitFor(Map.of("x-ratelimit-reset", "9".repeat(40)))).contains(RetryAfter.MAX);
      assertThat(waitFor(429, Map.of(), "Please retry after 99999999999999999999 seconds"))
          .contains(RetryAfter.MAX);
      assertThat(RetryAfter.MAX).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void negativeAndNonNumbersAreIgnored() {
      assertThat(waitFor(Map.of("retry-after", "-5"))).isEmpty();
      assertThat(waitFor(Map.of("retry-after-ms", "NaN"))).isEmpty();
      assertThat(waitFor(Map.of("retry-after", "Infinity"))).isEmpty();
      assertThat(waitFor(Map.of("x-ratelimit-reset-requests", "-1s"))).isEmpty();
      assertThat(waitFor(Map.of("anthropic-ratelimit-tokens-reset", "not a date"))).isEmpty();
      assertThat(waitFor(Map.of("retry-after", "x".repeat(10_000)))).isEmpty();
    }

    @Test
    void absoluteDatesNeedAClock() {
      assertThat(
              RetryAfter.fromResponse(
                  RawResponse.of(429, Map.of("retry-after", "Tue, 24 Nov 2026 15:01:00 GMT"), ""),
                  null))
          .isEmpty();
      assertThat(RetryAfter.fromResponse(RawResponse.of(429, Map.of("retry-after", "5"), ""), null))
          .contains(Duration.ofSeconds(5));
    }

    @Test
    void aHugeBodyIsScannedOnlyAtItsStart() {
      String body = "x".repeat(1 << 20) + " Please retry after 5 seconds";

      assertThat(waitFor(429, Map.of(), body)).isEmpty();
    }
  }
}
