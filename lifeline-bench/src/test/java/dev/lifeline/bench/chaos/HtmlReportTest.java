package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's charts keep every strategy visible, even where their lines coincide. */
class HtmlReportTest {

  @Test
  void everySeriesHasItsOwnDashPatternAndMarkerAndALegendEntry() {
    Comparison comparison =
        VirtualTimeRunner.run(
            Scenario.shipped("all-down"), 200, 1, Strategies.all(), ProgressBar.NONE);

    String html = HtmlReport.render(comparison);

    List<String> names = Strategies.names();
    for (String name : names) {
      // Once per chart as a series, and once per chart in the legend.
      assertThat(count(html, "data-series=\"" + name + "\"")).as(name).isEqualTo(2);
      assertThat(count(html, ">" + name + "</text>")).as(name).isEqualTo(2);
    }
    Set<String> strokes = new HashSet<>();
    Matcher polyline =
        Pattern.compile(
                "<g class=\"series\" data-series=\"([^\"]+)\"><title>[^<]*</title>"
                    + "<polyline fill=\"none\"( stroke=\"[^\"]+\")[^>]*?( stroke-dasharray=\"[^\"]+\")?"
                    + " points=")
            .matcher(html);
    while (polyline.find()) {
      strokes.add(polyline.group(1) + "|" + polyline.group(2) + "|" + polyline.group(3));
    }
    // Two charts, each with every strategy in its own colour and pattern.
    assertThat(strokes).hasSize(names.size());
    assertThat(strokes.stream().map(s -> s.substring(s.lastIndexOf('|'))).distinct())
        .hasSize(names.size());
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
