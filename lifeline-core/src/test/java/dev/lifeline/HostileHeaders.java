package dev.lifeline;

import java.util.List;
import java.util.Map;

/**
 * The hostile rate-limit and wait headers of issue 10: each one broke, or could break, time
 * arithmetic somewhere between the adapter and the health state. Shared by the in-process and the
 * HTTP tests.
 */
public final class HostileHeaders {

  private HostileHeaders() {}

  /** One hostile header set, named for test reports. */
  public record Case(String name, Map<String, String> headers) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every case. */
  public static List<Case> all() {
    return List.of(
        new Case(
            "anthropic reset in year +999999999",
            Map.of(
                "anthropic-ratelimit-tokens-remaining", "0",
                "anthropic-ratelimit-tokens-limit", "80000",
                "anthropic-ratelimit-tokens-reset", "+999999999-12-31T23:59:59Z")),
        new Case(
            "anthropic reset in year 9999",
            Map.of(
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-reset", "9999-12-31T23:59:59Z")),
        new Case("retry-after 20 nines", Map.of("retry-after", "99999999999999999999")),
        new Case("retry-after-ms 40 nines", Map.of("retry-after-ms", "9".repeat(40))),
        new Case(
            "x-ratelimit-reset-requests 9999999h",
            Map.of(
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-limit-requests", "500",
                "x-ratelimit-reset-requests", "9999999h")),
        new Case(
            "retry-after in year 9999", Map.of("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")),
        new Case(
            "retry-after in year 0001", Map.of("retry-after", "Mon, 01 Jan 0001 00:00:00 GMT")),
        new Case("retry-after negative", Map.of("retry-after", "-5", "retry-after-ms", "-100")),
        new Case("NaN and Infinity", Map.of("retry-after", "NaN", "retry-after-ms", "Infinity")),
        new Case("retry-after 1e400", Map.of("retry-after", "1e400")),
        new Case(
            "x-ratelimit-reset epoch millis far ahead",
            Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "99999999999999")),
        new Case(
            "x-ratelimit-reset 30 digits",
            Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "9".repeat(30))),
        new Case(
            "remaining beyond a long",
            Map.of(
                "x-ratelimit-remaining-tokens", "99999999999999999999999",
                "x-ratelimit-limit-tokens", "-99999999999999999999",
                "x-ratelimit-reset-tokens", "-1s")));
  }
}
