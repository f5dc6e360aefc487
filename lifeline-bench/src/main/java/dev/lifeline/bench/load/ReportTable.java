package dev.lifeline.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The report as a table, aligned for a terminal or as Markdown: one row per mode and contender,
 * with ratios against the bare client in the same mode (latency: contender / bare, so lower is
 * better; throughput: contender / bare, so higher is better). A ratio is the median of the rounds'
 * paired ratios ({@link PairedRatios}), with their lowest and highest beside it.
 */
final class ReportTable {

  private static final List<String> HEADER =
      List.of(
          "mode",
          "contender",
          "calls",
          "errors",
          "p50 ms",
          "p95 ms",
          "p99 ms",
          "1st delta p50 ms",
          "req/s",
          "KB/call",
          "threads peak",
          "threads started",
          "p50 ×bare",
          "p99 ×bare",
          "req/s ×bare",
          "alloc ×bare",
          "p50 ×bare range",
          "req/s ×bare range");

  private ReportTable() {}

  /** Columns padded with spaces. */
  static String text(LoadReport report) {
    List<List<String>> rows = rows(report);
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        out.append(i < 2 ? pad(cell, widths[i], false) : pad(cell, widths[i], true));
        out.append(i == row.size() - 1 ? "\n" : "  ");
      }
    }
    return out.toString();
  }

  /** A Markdown table. */
  static String markdown(LoadReport report) {
    List<List<String>> rows = rows(report);
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
      if (r == 0) {
        out.append("|---|---").append("|---:".repeat(HEADER.size() - 2)).append("|\n");
      }
    }
    return out.toString();
  }

  private static List<List<String>> rows(LoadReport report) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (ModeResult r : report.results()) {
      Optional<ModeResult> bare = report.baseline(r.mode());
      rows.add(
          List.of(
              r.mode(),
              r.contender(),
              Long.toString(r.calls()),
              Long.toString(r.errors()),
              format("%.3f", r.p50Millis()),
              format("%.3f", r.p95Millis()),
              format("%.3f", r.p99Millis()),
              r.streaming() ? format("%.3f", r.firstDeltaP50Millis()) : "-",
              format("%.0f", r.throughput()),
              format("%.1f", r.allocatedBytesPerCall() / 1024.0),
              Integer.toString(r.peakThreads()),
              Long.toString(r.startedThreads()),
              ratio(r, PairedRatios::p50, r.p50Millis(), bare.map(ModeResult::p50Millis)),
              ratio(r, PairedRatios::p99, r.p99Millis(), bare.map(ModeResult::p99Millis)),
              ratio(r, PairedRatios::throughput, r.throughput(), bare.map(ModeResult::throughput)),
              ratio(
                  r,
                  PairedRatios::allocation,
                  r.allocatedBytesPerCall(),
                  bare.map(b -> (double) b.allocatedBytesPerCall())),
              range(r, PairedRatios::p50),
              range(r, PairedRatios::throughput)));
    }
    return rows;
  }

  /**
   * The median of the per-round ratios when the rounds gave one, else the ratio of the figures
   * pooled over every round.
   */
  private static String ratio(
      ModeResult r,
      Function<PairedRatios, PairedRatios.Spread> which,
      double value,
      Optional<Double> baseline) {
    if (r.ratios() != null && which.apply(r.ratios()).known()) {
      return format("%.2f", which.apply(r.ratios()).median());
    }
    return ratio(value, baseline);
  }

  /** The lowest and highest per-round ratio, or "-" with fewer than two rounds. */
  private static String range(ModeResult r, Function<PairedRatios, PairedRatios.Spread> which) {
    if (r.ratios() == null || r.ratios().rounds() < 2 || !which.apply(r.ratios()).known()) {
      return "-";
    }
    PairedRatios.Spread spread = which.apply(r.ratios());
    return format("%.2f", spread.low()) + "–" + format("%.2f", spread.high());
  }

  private static String ratio(double value, Optional<Double> baseline) {
    return baseline.filter(b -> b > 0).map(b -> format("%.2f", value / b)).orElse("-");
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }

  private static String pad(String cell, int width, boolean right) {
    String spaces = " ".repeat(width - cell.length());
    return right ? spaces + cell : cell + spaces;
  }
}
