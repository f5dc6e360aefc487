package dev.lifeline.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML report of a {@link Comparison}: the table, the latency CDFs (log-scale
 * latency) and the success rate over scenario time with the fault windows shaded, as inline SVG. No
 * script, no external file: it opens anywhere and can be attached to an issue.
 */
public final class HtmlReport {

  private static final String[] COLORS = {
    "#d62728", "#ff7f0e", "#9467bd", "#2ca02c", "#7f7f7f", "#1f77b4", "#8c564b", "#e377c2",
    "#17becf"
  };

  /**
   * One dash pattern and one marker per series besides its colour: strategies that do equally well
   * draw the same line, and only the pattern and markers of the one below still show.
   */
  private static final String[] DASHES = {
    "", "9 4", "3 3", "12 4 3 4", "6 6", "1 4", "16 6", "2 6 8 6", "4 2 1 2"
  };

  private static final String[] MARKERS = {
    "circle", "square", "triangle", "diamond", "cross", "triangle-down", "plus"
  };

  private static final int WIDTH = 760;
  private static final int HEIGHT = 320;
  private static final int LEFT = 56;
  private static final int BOTTOM = 36;
  private static final int TOP = 16;
  private static final int RIGHT = 150;

  private HtmlReport() {}

  /** Writes the report to {@code file}. */
  public static void write(Comparison comparison, Path file) throws IOException {
    Files.writeString(file, render(comparison), StandardCharsets.UTF_8);
  }

  /** The report's HTML. */
  public static String render(Comparison comparison) {
    Scenario scenario = comparison.scenario();
    StringBuilder html = new StringBuilder();
    html.append(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lifeline chaos: ")
        .append(escape(scenario.name()))
        .append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:980px}")
        .append(
            "table{border-collapse:collapse}td,th{padding:4px 10px;text-align:right;border-bottom:1px solid #ddd}")
        .append(
            "td:first-child,th:first-child{text-align:left}svg{background:#fcfcfc;border:1px solid #eee}")
        .append(".axis{font-size:11px;fill:#555}</style></head><body>");
    html.append("<h1>")
        .append(escape(scenario.name()))
        .append("</h1><p>")
        .append(escape(scenario.description()))
        .append("</p>");
    html.append(
        String.format(
            Locale.ROOT,
            "<p>%,d requests over %s, seed %d, %s runner.</p>",
            comparison.requests(),
            ComparisonTable.human(scenario.duration().toMillis()),
            comparison.seed(),
            comparison.runner()));
    html.append(
            "<table><tr><th>strategy</th><th>success</th><th>p50</th><th>p95</th><th>p99</th><th>calls/req</th>")
        .append("<th>wasted calls</th><th>cost</th><th>recovery</th>")
        .append(
            comparison.streams() ? "<th>duplicated chars</th><th>lost chars</th></tr>" : "</tr>");
    for (StrategyResult r : comparison.results()) {
      html.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%.2f%%</td><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td><td>%,d</td><td>$%.2f</td><td>%s</td>",
              escape(r.name()),
              r.successRate() * 100,
              ComparisonTable.human(r.p50Ms()),
              ComparisonTable.human(r.p95Ms()),
              ComparisonTable.human(r.p99Ms()),
              r.attemptsPerRequest(),
              r.wastedCalls(),
              r.cost(),
              r.recoverySeconds() == null
                  ? "-"
                  : ComparisonTable.human(r.recoverySeconds() * 1000)));
      if (comparison.streams()) {
        html.append(
            String.format(
                Locale.ROOT, "<td>%,d</td><td>%,d</td>", r.duplicatedChars(), r.lostChars()));
      }
      html.append("</tr>");
    }
    html.append("</table>");
    if (comparison.hasCacheHitRate()) {
      html.append("<h2>Prompt cache</h2><p>Follow-up turns answered from a warm provider prompt")
          .append(" cache, and what every billed call cost.</p>")
          .append("<table><tr><th>strategy</th><th>cache hit rate</th><th>cost</th></tr>");
      for (StrategyResult r : comparison.results()) {
        html.append(
            String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td>%.1f%%</td><td>$%.2f</td></tr>",
                escape(r.name()),
                r.cacheHitRate() == null ? 0 : r.cacheHitRate() * 100,
                r.cost()));
      }
      html.append("</table>");
    }
    html.append("<h2>End-to-end latency (CDF)</h2>").append(latencyChart(comparison));
    html.append("<h2>Success rate over time</h2><p>Shaded: fault windows.</p>")
        .append(successChart(comparison));
    html.append("</body></html>\n");
    return html.toString();
  }

  private static String latencyChart(Comparison comparison) {
    double max =
        comparison.results().stream()
            .mapToDouble(r -> r.latencyCdfMs().get(r.latencyCdfMs().size() - 1))
            .max()
            .orElse(1);
    double lo = Math.log10(10);
    double hi = Math.log10(Math.max(100, max * 1.1));
    StringBuilder svg = open();
    for (double tick = 10; tick <= Math.pow(10, hi); tick *= 10) {
      double x = LEFT + (Math.log10(tick) - lo) / (hi - lo) * plotWidth();
      svg.append(line(x, TOP, x, HEIGHT - BOTTOM, "#eee"))
          .append(text(x, HEIGHT - BOTTOM + 14, ComparisonTable.human(tick), "middle"));
    }
    yAxis(svg, "share of requests");
    int i = 0;
    for (StrategyResult result : comparison.results()) {
      List<double[]> points = new ArrayList<>();
      List<Double> cdf = result.latencyCdfMs();
      for (int q = 0; q < cdf.size(); q++) {
        double x = LEFT + (Math.log10(Math.max(10, cdf.get(q))) - lo) / (hi - lo) * plotWidth();
        double y = HEIGHT - BOTTOM - Metrics.CDF_QUANTILES.get(q) * plotHeight();
        points.add(new double[] {x, y});
      }
      svg.append(series(i, result.name(), points)).append(legend(i, result.name()));
      i++;
    }
    return svg.append("</svg>").toString();
  }

  private static String successChart(Comparison comparison) {
    Scenario scenario = comparison.scenario();
    double span = scenario.duration().toNanos();
    StringBuilder svg = open();
    for (FaultProcess fault : scenario.faults()) {
      double x0 = LEFT + fault.start().toNanos() / span * plotWidth();
      double x1 = LEFT + Math.min(span, fault.end().toNanos()) / span * plotWidth();
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f4cccc\" opacity=\"0.45\"><title>%s</title></rect>",
              x0,
              TOP,
              Math.max(1, x1 - x0),
              plotHeight(),
              escape(fault.getClass().getSimpleName() + " on " + fault.target())));
    }
    for (int t = 0; t <= 6; t++) {
      double x = LEFT + t / 6.0 * plotWidth();
      svg.append(
          text(
              x,
              HEIGHT - BOTTOM + 14,
              ComparisonTable.human(scenario.duration().toMillis() * t / 6.0),
              "middle"));
    }
    yAxis(svg, "success rate");
    int i = 0;
    for (StrategyResult result : comparison.results()) {
      List<double[]> points = new ArrayList<>();
      List<Double> buckets = result.successOverTime();
      for (int b = 0; b < buckets.size(); b++) {
        if (buckets.get(b) == null) {
          continue;
        }
        double x = LEFT + (b + 0.5) / buckets.size() * plotWidth();
        double y = HEIGHT - BOTTOM - buckets.get(b) * plotHeight();
        points.add(new double[] {x, y});
      }
      svg.append(series(i, result.name(), points)).append(legend(i, result.name()));
      i++;
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open() {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
  }

  private static void yAxis(StringBuilder svg, String label) {
    for (int p = 0; p <= 4; p++) {
      double y = HEIGHT - BOTTOM - p / 4.0 * plotHeight();
      svg.append(line(LEFT, y, LEFT + plotWidth(), y, "#eee"))
          .append(text(LEFT - 6, y + 4, (p * 25) + "%", "end"));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis\" transform=\"translate(12,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
            TOP + plotHeight() / 2,
            escape(label)));
  }

  private static String legend(int i, String name) {
    double y = TOP + 10 + i * 18;
    double x = WIDTH - RIGHT + 14;
    return String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"%s/>",
            x,
            y,
            x + 24,
            y,
            stroke(i, 2.5))
        + marker(i, x + 12, y)
        + text(x + 30, y + 4, name, "start");
  }

  /**
   * Series {@code i}: its line in its colour and dash pattern, with its marker on every few points
   * (each series starting at another offset, so coinciding lines still show every marker).
   */
  private static String series(int i, String name, List<double[]> points) {
    StringBuilder svg = new StringBuilder("<g class=\"series\" data-series=\"");
    svg.append(escape(name)).append("\"><title>").append(escape(name)).append("</title>");
    StringBuilder coordinates = new StringBuilder();
    for (double[] point : points) {
      coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", point[0], point[1]));
    }
    svg.append("<polyline fill=\"none\"")
        .append(stroke(i, 2))
        .append(" points=\"")
        .append(coordinates.toString().trim())
        .append("\"/>");
    int every = Math.max(1, points.size() / 12);
    for (int p = i % every; p < points.size(); p += every) {
      svg.append(marker(i, points.get(p)[0], points.get(p)[1]));
    }
    return svg.append("</g>").toString();
  }

  private static String stroke(int i, double width) {
    String dash = DASHES[i % DASHES.length];
    return String.format(
        Locale.ROOT,
        " stroke=\"%s\" stroke-width=\"%.1f\" stroke-opacity=\"0.85\"%s",
        COLORS[i % COLORS.length],
        width,
        dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  /** The marker of series {@code i}, centred on (x, y). */
  private static String marker(int i, double x, double y) {
    String color = COLORS[i % COLORS.length];
    String fill = " fill=\"" + color + "\" stroke=\"" + color + "\"";
    double r = 3.5;
    return switch (MARKERS[i % MARKERS.length]) {
      case "circle" ->
          String.format(
              Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"%s/>", x, y, r, fill);
      case "square" ->
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"%s/>",
              x - r,
              y - r,
              2 * r,
              2 * r,
              fill);
      case "triangle" -> polygon(fill, x, y - r - 1, x + r + 1, y + r, x - r - 1, y + r);
      case "triangle-down" -> polygon(fill, x, y + r + 1, x + r + 1, y - r, x - r - 1, y - r);
      case "diamond" -> polygon(fill, x, y - r - 1, x + r + 1, y, x, y + r + 1, x - r - 1, y);
      case "cross" ->
          cross(color, x - r, y - r, x + r, y + r) + cross(color, x - r, y + r, x + r, y - r);
      default ->
          cross(color, x - r - 1, y, x + r + 1, y) + cross(color, x, y - r - 1, x, y + r + 1);
    };
  }

  private static String polygon(String fill, double... xy) {
    StringBuilder points = new StringBuilder();
    for (int k = 0; k < xy.length; k += 2) {
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[k], xy[k + 1]));
    }
    return "<polygon points=\"" + points.toString().trim() + "\"" + fill + "/>";
  }

  private static String cross(String color, double x1, double y1, double x2, double y2) {
    return line(x1, y1, x2, y2, color).replace("stroke-width=\"1\"", "stroke-width=\"2\"");
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>",
        x1,
        y1,
        x2,
        y2,
        color);
  }

  private static String text(double x, double y, String text, String anchor) {
    return String.format(
        Locale.ROOT,
        "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        escape(text));
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
