package dev.lifeline.internal.retry;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.RawResponse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a provider asked us to wait before trying again.
 *
 * <p>Providers say it in many places: {@code retry-after-ms}, {@code retry-after} (seconds or an
 * HTTP-date), the body (Google's {@code RetryInfo.retryDelay}, "Please try again in 2.216s"), and
 * the rate-limit reset headers of OpenAI, Groq, Anthropic and OpenRouter. {@link #fromResponse}
 * reads them in that order of trust and returns the first one that parses.
 *
 * <p>Every method is lenient: it never throws, whatever the input. A value that is negative, not a
 * number or unparseable is ignored (empty), so the next source, or the retry policy's own backoff,
 * applies. A date in the past is {@link Duration#ZERO}. A value above {@link #MAX} is clamped to
 * it: it is still a very long wait, and the retry policy decides what a wait that long means (a
 * quota, not a rate limit). Thread-safe; holds no state.
 */
public final class RetryAfter {

  /** The longest wait this class ever returns: {@link Durations#MAX_PROVIDER_WAIT}, 30 days. */
  public static final Duration MAX = Durations.MAX_PROVIDER_WAIT;

  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(MAX.toNanos());
  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  // Header values and body excerpts longer than this are not waits; they are junk or an attack.
  private static final int MAX_VALUE_LENGTH = 256;
  // Only the start of a body is searched: error envelopes are small, and a huge body stays cheap.
  private static final int MAX_BODY_SCAN = 64 * 1024;

  // A plain non-negative decimal: no sign other than '+', no exponent, no hex, no "NaN"/"Infinity",
  // which Double.parseDouble would all accept.
  private static final Pattern DECIMAL =
      Pattern.compile("\\+?(\\d{1,200}(?:\\.\\d{0,200})?|\\.\\d{1,200})");
  private static final Pattern GO_PART =
      Pattern.compile("(\\d{1,200}(?:\\.\\d{0,200})?|\\.\\d{1,200})(ns|us|µs|μs|ms|s|m|h)");
  // One "<number> <unit>" step of a wait written for humans, as providers put it in messages.
  private static final Pattern HUMAN_PART =
      Pattern.compile(
          "\\s*(\\d{1,30}(?:\\.\\d{1,30})?)\\s*"
              + "(milliseconds?|millis|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)"
              + "(?![a-z])",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern WAIT_PHRASE =
      Pattern.compile(
          "\\b(?:try again|retry)\\s+(?:in|after)\\s+(?:about\\s+)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern RETRY_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"([^\"]{1,64})\"");
  private static final Pattern BODY_RESET =
      Pattern.compile("\"x-ratelimit-reset\"\\s*:\\s*\"?([0-9.]{1,30})", Pattern.CASE_INSENSITIVE);
  private static final Pattern BODY_REMAINING =
      Pattern.compile(
          "\"x-ratelimit-remaining\"\\s*:\\s*\"?(-?[0-9.]{1,30})", Pattern.CASE_INSENSITIVE);
  private static final Pattern LEADING_WEEKDAY = Pattern.compile("^[A-Za-z]{3,9},?\\s+");

  private static final DateTimeFormatter RFC_850 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("dd-MMM-")
          // Two-digit years read as 1970-2069: what RFC 9110's "more than 50 years ahead means the
          // past" rule gives for any date this code will meet.
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
          .appendPattern(" HH:mm:ss")
          .optionalStart()
          .appendPattern(" z")
          .optionalEnd()
          .toFormatter(Locale.US)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter ASCTIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("MMM d HH:mm:ss uuuu")
          .toFormatter(Locale.US)
          .withResolverStyle(ResolverStyle.STRICT);
  // The JDK's RFC 1123 parser, but strict: "31 Feb" is not a date, rather than 28 Feb.
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);

  private static final String[] OPENAI_RESETS = {"requests", "tokens"};
  private static final String[] ANTHROPIC_RESETS = {
    "requests", "tokens", "input-tokens", "output-tokens"
  };

  private RetryAfter() {}

  /**
   * The wait {@code response} asks for, from the most explicit source that parses.
   *
   * <p>Sources, in order: {@code retry-after-ms} and {@code x-ms-retry-after-ms} (milliseconds, may
   * be fractional); {@code retry-after} (seconds, may be fractional, or an HTTP-date relative to
   * {@code now}); the body (Google's {@code RetryInfo.retryDelay}, or a message such as "Please try
   * again in 2.216s", "Please retry after 6 seconds"); then the rate-limit reset headers, which say
   * when a budget refills rather than when to retry, so they are read only on a 429 or for a budget
   * whose {@code remaining} header is 0: OpenAI/Groq {@code x-ratelimit-reset-requests|tokens} (Go
   * durations), Anthropic {@code anthropic-ratelimit-*-reset} (RFC 3339 instants) and {@code
   * x-ratelimit-reset} (epoch milliseconds or seconds; OpenRouter also puts it in the body's {@code
   * error.metadata.headers}). Among reset headers, an exhausted budget (remaining 0) wins, the
   * latest if several are; otherwise the earliest reset.
   *
   * @param response the answer; null gives empty
   * @param now the wall-clock time the answer arrived, to turn absolute dates into waits; when
   *     null, absolute dates are ignored
   * @return the wait, between zero and {@link #MAX}; empty when the response names none that parses
   */
  public static Optional<Duration> fromResponse(RawResponse response, Instant now) {
    if (response == null) {
      return Optional.empty();
    }
    try {
      return first(
          () -> fromMillisHeader(response, "retry-after-ms"),
          () -> fromMillisHeader(response, "x-ms-retry-after-ms"),
          () -> fromRetryAfterHeader(response, now),
          () -> fromBody(response.body()),
          () -> fromResetHeaders(response, now));
    } catch (RuntimeException unexpected) {
      // Nothing above should throw; if a JDK parser surprises us, a missing hint is the safe
      // answer.
      return Optional.empty();
    }
  }

  /**
   * Parses a wait in seconds as {@code retry-after} carries it: a non-negative decimal such as "12"
   * or "1.5", surrounding spaces allowed.
   *
   * @param value the text; null gives empty
   * @return the wait, at most {@link #MAX}; empty for a negative, non-decimal or unparseable value
   */
  public static Optional<Duration> parseDelaySeconds(String value) {
    return parseDecimal(value).map(seconds -> toDuration(seconds, NANOS_PER_SECOND));
  }

  /**
   * Parses a Go duration as OpenAI and Groq write their reset headers: a sequence of a decimal
   * number and a unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code
   * h}), for example "12ms", "0.5s", "6m0s", "1h2m3s"; "0" alone is zero.
   *
   * @param value the text; null gives empty
   * @return the wait, at most {@link #MAX}; empty for a negative or unparseable value
   */
  public static Optional<Duration> parseGoDuration(String value) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) {
      return Optional.empty();
    }
    String text = value.trim();
    if (text.startsWith("+")) {
      text = text.substring(1);
    }
    if (text.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher part = GO_PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < text.length()) {
      part.region(position, text.length());
      if (!part.lookingAt()) {
        return Optional.empty();
      }
      nanos =
          nanos.add(
              new BigDecimal(normalizeDecimal(part.group(1))).multiply(unitNanos(part.group(2))));
      position = part.end();
    }
    return Optional.of(clamp(nanos));
  }

  /**
   * Parses an HTTP-date (RFC 9110: IMF-fixdate such as "Tue, 24 Nov 2026 15:00:30 GMT", and the
   * obsolete RFC 850 and asctime forms) and returns the time from {@code now} until it. A wrong
   * day-of-week is ignored, since the date itself is what matters.
   *
   * @param value the text; null gives empty
   * @param now the current wall-clock time; null gives empty
   * @return the wait, at most {@link #MAX}; {@link Duration#ZERO} for a date in the past; empty
   *     when the value is not an HTTP-date
   */
  public static Optional<Duration> parseHttpDate(String value, Instant now) {
    if (value == null || now == null || value.length() > MAX_VALUE_LENGTH) {
      return Optional.empty();
    }
    String text = value.trim().replaceAll("\\s+", " ");
    String withoutWeekday = LEADING_WEEKDAY.matcher(text).replaceFirst("");
    Optional<Instant> date =
        parseInstant(withoutWeekday, v -> RFC_1123.parse(v, Instant::from))
            .or(() -> parseInstant(withoutWeekday, RetryAfter::parseRfc850))
            .or(
                () ->
                    parseInstant(
                        withoutWeekday,
                        v -> LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC)));
    return date.map(instant -> until(instant, now));
  }

  private static Instant parseRfc850(String value) {
    return LocalDateTime.parse(value.replaceFirst("(?i)\\s+(GMT|UTC)$", ""), RFC_850)
        .toInstant(ZoneOffset.UTC);
  }

  /**
   * Parses an RFC 3339 instant ("2026-11-24T15:00:12Z", with an optional fraction and offset);
   * empty for anything else, also for a year beyond what {@link Instant} holds.
   */
  static Optional<Instant> parseRfc3339(String value) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) {
      return Optional.empty();
    }
    return parseInstant(
        value.trim().toUpperCase(Locale.ROOT),
        v -> OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
  }

  private static Optional<Instant> parseInstant(String value, Function<String, Instant> parser) {
    try {
      return Optional.of(parser.apply(value));
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> fromMillisHeader(RawResponse response, String name) {
    return response
        .header(name)
        .flatMap(RetryAfter::parseDecimal)
        .map(millis -> toDuration(millis, NANOS_PER_MILLI));
  }

  private static Optional<Duration> fromRetryAfterHeader(RawResponse response, Instant now) {
    return response
        .header("retry-after")
        .flatMap(value -> parseDelaySeconds(value).or(() -> parseHttpDate(value, now)));
  }

  /** Google's RetryInfo first (structured), then the first wait phrase of a message. */
  private static Optional<Duration> fromBody(String body) {
    if (body == null || body.isEmpty()) {
      return Optional.empty();
    }
    String text = body.length() > MAX_BODY_SCAN ? body.substring(0, MAX_BODY_SCAN) : body;
    Matcher delay = RETRY_DELAY.matcher(text);
    while (delay.find()) {
      // Protobuf's JSON form of a Duration is decimal seconds with an "s" suffix, a Go duration
      // subset.
      Optional<Duration> parsed = parseGoDuration(delay.group(1));
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    Matcher phrase = WAIT_PHRASE.matcher(text);
    while (phrase.find()) {
      Optional<Duration> parsed = parseHumanDuration(text, phrase.end());
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return Optional.empty();
  }

  /**
   * Reads "2.216s", "120ms", "1m30s", "6 seconds", "1 minute 30 seconds" starting at {@code from}.
   */
  private static Optional<Duration> parseHumanDuration(String text, int from) {
    Matcher part = HUMAN_PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    boolean any = false;
    int position = from;
    while (position < text.length()) {
      part.region(position, text.length());
      if (!part.lookingAt()) {
        break;
      }
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(humanUnitNanos(part.group(2))));
      any = true;
      position = part.end();
    }
    return any ? Optional.of(clamp(nanos)) : Optional.empty();
  }

  private static Optional<Duration> fromResetHeaders(RawResponse response, Instant now) {
    boolean tooManyRequests = response.status() == 429;
    List<Reset> resets = new ArrayList<>();
    for (String budget : OPENAI_RESETS) {
      response
          .header("x-ratelimit-reset-" + budget)
          .flatMap(RetryAfter::parseGoDuration)
          .ifPresent(
              wait ->
                  resets.add(
                      new Reset(wait, isZero(response.header("x-ratelimit-remaining-" + budget)))));
    }
    if (resets.isEmpty() && now != null) {
      for (String budget : ANTHROPIC_RESETS) {
        String prefix = "anthropic-ratelimit-" + budget;
        response
            .header(prefix + "-reset")
            .flatMap(RetryAfter::parseRfc3339)
            .ifPresent(
                at ->
                    resets.add(
                        new Reset(until(at, now), isZero(response.header(prefix + "-remaining")))));
      }
    }
    if (resets.isEmpty()) {
      response
          .header("x-ratelimit-reset")
          .flatMap(value -> parseEpochOrDelta(value, now))
          .ifPresent(
              wait ->
                  resets.add(new Reset(wait, isZero(response.header("x-ratelimit-remaining")))));
    }
    if (resets.isEmpty()) {
      // OpenRouter relays the upstream's headers inside the body: error.metadata.headers.
      String body = response.body();
      String text = body.length() > MAX_BODY_SCAN ? body.substring(0, MAX_BODY_SCAN) : body;
      Matcher reset = BODY_RESET.matcher(text);
      if (reset.find()) {
        Matcher remaining = BODY_REMAINING.matcher(text);
        Optional<String> remainingValue =
            remaining.find() ? Optional.of(remaining.group(1)) : Optional.empty();
        parseEpochOrDelta(reset.group(1), now)
            .ifPresent(wait -> resets.add(new Reset(wait, isZero(remainingValue))));
      }
    }
    return pick(resets, tooManyRequests);
  }

  /**
   * An exhausted budget decides (the latest, since every exhausted budget must refill); without
   * one, on a 429 the earliest reset is the best guess of when some capacity is back.
   */
  private static Optional<Duration> pick(List<Reset> resets, boolean tooManyRequests) {
    Optional<Duration> exhausted =
        resets.stream().filter(Reset::exhausted).map(Reset::delay).max(Duration::compareTo);
    if (exhausted.isPresent() || !tooManyRequests) {
      return exhausted;
    }
    return resets.stream().map(Reset::delay).min(Duration::compareTo);
  }

  /**
   * {@code x-ratelimit-reset}: epoch milliseconds (OpenRouter) when it has 12 or more digits, epoch
   * seconds when it has 10 or 11 (what a Unix time looks like from 2001 to 5138), else seconds to
   * wait.
   */
  private static Optional<Duration> parseEpochOrDelta(String value, Instant now) {
    Optional<BigDecimal> number = parseDecimal(value);
    if (number.isEmpty()) {
      return parseGoDuration(value);
    }
    BigDecimal amount = number.get();
    if (amount.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
      return Optional.of(toDuration(amount, NANOS_PER_SECOND));
    }
    if (now == null) {
      return Optional.empty();
    }
    BigInteger millis =
        amount.compareTo(BigDecimal.valueOf(100_000_000_000L)) >= 0
            ? amount.toBigInteger()
            : amount.multiply(BigDecimal.valueOf(1000)).toBigInteger();
    if (millis.bitLength() > 62) {
      return Optional.of(MAX);
    }
    try {
      return Optional.of(until(Instant.ofEpochMilli(millis.longValue()), now));
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.of(MAX);
    }
  }

  private static boolean isZero(Optional<String> remaining) {
    return remaining.flatMap(RetryAfter::parseDecimal).map(v -> v.signum() == 0).orElse(false);
  }

  private static Optional<BigDecimal> parseDecimal(String value) {
    if (value == null || value.length() > MAX_VALUE_LENGTH) {
      return Optional.empty();
    }
    String text = value.trim();
    if (!DECIMAL.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new BigDecimal(normalizeDecimal(text.startsWith("+") ? text.substring(1) : text)));
  }

  /** BigDecimal wants digits on both sides of a point: ".5" → "0.5", "5." → "5". */
  private static String normalizeDecimal(String text) {
    String result = text.startsWith(".") ? "0" + text : text;
    return result.endsWith(".") ? result.substring(0, result.length() - 1) : result;
  }

  private static Duration toDuration(BigDecimal amount, BigDecimal nanosPerUnit) {
    return clamp(amount.multiply(nanosPerUnit));
  }

  private static Duration clamp(BigDecimal nanos) {
    if (nanos.signum() <= 0) {
      return Duration.ZERO;
    }
    if (nanos.compareTo(MAX_NANOS) >= 0) {
      return MAX;
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /** The wait from {@code now} until {@code at}, in [0, {@link #MAX}]; a past instant is zero. */
  static Duration until(Instant at, Instant now) {
    if (!at.isAfter(now)) {
      return Duration.ZERO;
    }
    Duration wait = Duration.between(now, at);
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }

  private static BigDecimal unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return BigDecimal.ONE;
      case "us":
      case "µs":
      case "μs":
        return BigDecimal.valueOf(1_000L);
      case "ms":
        return NANOS_PER_MILLI;
      case "s":
        return NANOS_PER_SECOND;
      case "m":
        return BigDecimal.valueOf(60_000_000_000L);
      default: // "h", the only unit left that GO_PART accepts
        return BigDecimal.valueOf(3_600_000_000_000L);
    }
  }

  private static BigDecimal humanUnitNanos(String unit) {
    String lower = unit.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mil") || lower.startsWith("ms") || lower.startsWith("msec")) {
      return NANOS_PER_MILLI;
    }
    if (lower.startsWith("s")) {
      return NANOS_PER_SECOND;
    }
    if (lower.startsWith("m")) {
      return BigDecimal.valueOf(60_000_000_000L);
    }
    return BigDecimal.valueOf(3_600_000_000_000L);
  }

  @SafeVarargs
  private static Optional<Duration> first(Supplier<Optional<Duration>>... sources) {
    for (Supplier<Optional<Duration>> source : sources) {
      Optional<Duration> wait = source.get();
      if (wait.isPresent()) {
        return wait;
      }
    }
    return Optional.empty();
  }

  /** One budget's reset: how long until it refills, and whether it is empty now. */
  private record Reset(Duration delay, boolean exhausted) {}
}
