package dev.lifeline.bench.chaos;

import java.util.Locale;

/** Renders a {@link Comparison} as a plain-text table for the terminal. */
public final class ComparisonTable {

  private ComparisonTable() {}

  /** The table, with a header line naming the scenario, size, seed and runner, and a legend. */
  public static String render(Comparison comparison) {
    Scenario scenario = comparison.scenario();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Scenario %s: %s%n%,d requests over %s (%s, seed %d)%n%n",
            scenario.name(),
            scenario.description(),
            comparison.requests(),
            human(scenario.duration().toMillis()),
            comparison.runner(),
            comparison.seed()));
    String format = "%-20s %9s %9s %9s %9s %10s %7s %9s %10s %10s";
    boolean streams = comparison.streams();
    String streamFormat = " %10s %10s %14s";
    boolean cache = comparison.hasCacheHitRate();
    String cacheFormat = " %10s";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "strategy",
            "success",
            "p50",
            "p95",
            "p99",
            "calls/req",
            "extra",
            "wasted",
            "cost",
            "recovery"));
    out.append(
            streams
                ? String.format(
                    Locale.ROOT, streamFormat, "dup chars", "lost chars", "1st delta p99")
                : "")
        .append(cache ? String.format(Locale.ROOT, cacheFormat, "cache hit") : "")
        .append(System.lineSeparator());
    out.append("-".repeat(111 + (streams ? 37 : 0) + (cache ? 11 : 0)))
        .append(System.lineSeparator());
    for (StrategyResult result : comparison.results()) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              result.name(),
              String.format(Locale.ROOT, "%.2f%%", result.successRate() * 100),
              human(result.p50Ms()),
              human(result.p95Ms()),
              human(result.p99Ms()),
              String.format(Locale.ROOT, "%.2f", result.attemptsPerRequest()),
              String.format(Locale.ROOT, "%.1f%%", result.extraLoad() * 100),
              String.format(Locale.ROOT, "%,d", result.wastedCalls()),
              String.format(Locale.ROOT, "$%.2f", result.cost()),
              result.recoverySeconds() == null ? "-" : human(result.recoverySeconds() * 1000)));
      if (streams) {
        out.append(
            String.format(
                Locale.ROOT,
                streamFormat,
                String.format(Locale.ROOT, "%,d", result.duplicatedChars()),
                String.format(Locale.ROOT, "%,d", result.lostChars()),
                result.firstDeltaP99Ms() == null ? "-" : human(result.firstDeltaP99Ms())));
      }
      if (cache) {
        out.append(
            String.format(
                Locale.ROOT,
                cacheFormat,
                result.cacheHitRate() == null
                    ? ""
                    : String.format(Locale.ROOT, "%.1f%%", result.cacheHitRate() * 100)));
      }
      out.append(System.lineSeparator());
    }
    out.append(System.lineSeparator())
        .append(
            "success: correct answers (a refusal or empty answer passed on is a failure); p50-p99: end-to-end")
        .append(System.lineSeparator())
        .append(
            "latency of every request; extra: provider calls beyond one per request (retries, failovers,")
        .append(System.lineSeparator())
        .append("hedges); wasted: provider calls that did not produce the returned answer;")
        .append(System.lineSeparator())
        .append(
            "cost: every billed 200 OK; recovery: from the last outage's end until it served answers again.")
        .append(System.lineSeparator());
    if (streams) {
      out.append(
              "dup/lost chars: over the streamed requests, characters the caller was shown twice, and")
          .append(System.lineSeparator())
          .append(
              "characters of the answer missing from a stream that showed some text (a streamed answer")
          .append(System.lineSeparator())
          .append(
              "with either is not a success); 1st delta p99: from the request to the first text shown.")
          .append(System.lineSeparator());
    }
    if (cache) {
      out.append(
              "cache hit: follow-up turns answered from a warm provider prompt cache (billed at the cached")
          .append(System.lineSeparator())
          .append(
              "input price): the conversation's previous turn was served by the same deployment.")
          .append(System.lineSeparator());
    }
    return out.toString();
  }

  /** 850 ms, 1.2 s, 3.5 min, 2.0 h. */
  static String human(double millis) {
    if (millis < 1_000) {
      return String.format(Locale.ROOT, "%.0f ms", millis);
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1_000);
    }
    if (millis < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", millis / 60_000);
    }
    return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000);
  }
}
