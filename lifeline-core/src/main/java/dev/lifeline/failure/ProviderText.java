package dev.lifeline.failure;

import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.RawResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Provider text made safe and small: every excerpt of a body, message or header the classifier
 * keeps is scrubbed by the one scrubber, then cut, and wording is bounded so every regex stays
 * cheap on any input.
 */
final class ProviderText {

  // Wording is matched against at most this much text, so every regex stays cheap on any input.
  static final int MAX_WORDING_CHARS = 8 * 1024;
  // A message is for a log line and a trace: long enough for the provider's sentence, never a page.
  static final int MAX_MESSAGE_CHARS = 1000;
  static final int MAX_SUMMARY_CHARS = 200;

  // Keys are the engine's to add; this scrubber masks only what looks like one.
  private static final SecretScrubber SCRUBBER = SecretScrubber.withoutKeys();
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final Set<String> DIAGNOSTIC_HEADERS =
      Set.of(
          "retry-after",
          "retry-after-ms",
          "x-ms-retry-after-ms",
          "x-should-retry",
          "content-type",
          "x-request-id",
          "request-id",
          "apim-request-id",
          "x-amzn-requestid",
          "x-amzn-errortype",
          "x-goog-request-id",
          "cf-ray");
  private static final List<String> DIAGNOSTIC_PREFIXES =
      List.of("x-ratelimit", "anthropic-ratelimit-", "ratelimit");

  private ProviderText() {}

  /**
   * The message cut to a log line's length: scrubbed before it is cut, so a key straddling the cut
   * is masked whole, not left as an unrecognisable prefix.
   */
  static String message(String message) {
    return SCRUBBER.excerpt(message, MAX_MESSAGE_CHARS);
  }

  /** A short one-line excerpt, scrubbed before it is cut. */
  static String summary(String text) {
    return SCRUBBER.excerpt(text, MAX_SUMMARY_CHARS);
  }

  /** A one-line excerpt at most {@code maxChars} long, scrubbed before it is cut. */
  static String excerpt(String text, int maxChars) {
    return SCRUBBER.excerpt(text, maxChars);
  }

  /**
   * Lower-case, URLs removed (a "billing" link is not a billing error), bounded for the regexes.
   */
  static String words(String text) {
    return URL.matcher(head(text).toLowerCase(Locale.ROOT)).replaceAll(" ");
  }

  /** At most {@link #MAX_WORDING_CHARS} of {@code text}. */
  static String head(String text) {
    return text.length() > MAX_WORDING_CHARS ? text.substring(0, MAX_WORDING_CHARS) : text;
  }

  static String collapse(String text) {
    return SPACES.matcher(text).replaceAll(" ").trim();
  }

  static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  /** The headers worth keeping on a failure (ids, waits, rate-limit state), redacted and cut. */
  static Map<String, String> diagnosticHeaders(RawResponse response) {
    Map<String, String> kept = new LinkedHashMap<>();
    response
        .headers()
        .forEach(
            (name, values) -> {
              if (DIAGNOSTIC_HEADERS.contains(name)
                  || DIAGNOSTIC_PREFIXES.stream().anyMatch(name::startsWith)) {
                kept.put(name, summary(String.join(", ", values)));
              }
            });
    return kept;
  }
}
