package dev.lifeline.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped in {@code docs/grafana} queries only metrics and labels that a real
 * Prometheus scrape of this module's meters shows, after real calls through the engine.
 */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "lifeline-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("\\b((?:gen_ai|lifeline)_[a-z0-9_]+)\\b");
  private static final Pattern BY = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

  @Test
  void everyQueriedMetricAndLabelIsInARealScrape() throws IOException {
    Map<String, Set<String>> scraped = scrapeAfterRealCalls();
    List<String> expressions = expressions();
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);

    Set<String> queried = new HashSet<>();
    for (String expr : expressions) {
      String withoutLabels = SELECTOR.matcher(BY.matcher(expr).replaceAll("")).replaceAll("");
      List<String> metrics = new ArrayList<>();
      Matcher metric = METRIC.matcher(withoutLabels);
      while (metric.find()) {
        metrics.add(metric.group(1));
      }
      assertThat(metrics).as("metrics of %s", expr).isNotEmpty();
      assertThat(scraped.keySet()).as("the scrape, for %s", expr).containsAll(metrics);
      queried.addAll(metrics);

      Set<String> labelsOfMetrics = new HashSet<>(Set.of("le"));
      metrics.forEach(name -> labelsOfMetrics.addAll(scraped.get(name)));
      for (String label : labels(expr)) {
        assertThat(labelsOfMetrics).as("label %s of %s", label, expr).contains(label);
      }
    }
    // Every meter the module registers is on the dashboard, by its Prometheus name.
    for (String name : MeterNames.ALL) {
      String prefix = name.replace('.', '_');
      assertThat(queried).as("a panel for " + name).anyMatch(q -> q.startsWith(prefix));
    }
  }

  /** Metric name to its label names, from a Prometheus scrape after calls of every kind. */
  private static Map<String, Set<String>> scrapeAfterRealCalls() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerListener listener = MicrometerListener.of(registry);
    try (FakeLlmServer openai =
            FakeLlmServer.builder(WireFormat.OPENAI).name("openai").build().start();
        FakeLlmServer anthropic =
            FakeLlmServer.builder(WireFormat.ANTHROPIC).name("anthropic").build().start();
        SelfHealingEngine engine =
            SelfHealingEngine.builder()
                .provider(openai.provider(), "gpt-4o", "gpt-4o-mini")
                .provider(anthropic.provider(), "claude-sonnet-4-20250514")
                .listener(listener)
                .build()) {
      new LifelineGauges(engine).bindTo(registry);
      openai.enqueue(Fault.refusal()); // a validation failure, then a degrade
      engine.call("Refund order #1042?");
      // A retry, then a failover that cools openai down.
      openai.enqueue(Fault.rateLimited(Duration.ofMillis(10)), Fault.quotaExhausted());
      engine.call("Refund order #1043?");
      ChatResponse streamed = engine.stream(ChatRequest.of("Refund order #1044?"), d -> {}).join();
      assertThat(streamed.text()).isNotEmpty();

      // Events a few calls cannot provoke quickly (an opened circuit, a spent budget, a learned
      // order), told to the listener as the engine tells them.
      Deployment gpt4o = engine.deployments().get(0);
      listener.onCircuitStateChanged(gpt4o, CircuitState.CLOSED, CircuitState.OPEN, "test");
      listener.onRetryBudgetExhausted(gpt4o);
      CallListener learned =
          listener.onCallStarted(
              new CallStart(ChatRequest.of("x"), engine.deployments(), false, 1));
      learned.onLearnedDetour(gpt4o, engine.deployments().get(2));

      Map<String, Set<String>> names = new HashMap<>();
      for (String line : registry.scrape().lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
        Set<String> labels = names.computeIfAbsent(name, n -> new HashSet<>());
        if (brace >= 0 && brace < space) {
          Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line);
          while (label.find()) {
            labels.add(label.group(1));
          }
        }
      }
      return names;
    }
  }

  private static List<String> expressions() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
    return expressions;
  }

  private static Set<String> labels(String expr) {
    Set<String> labels = new HashSet<>();
    Matcher by = BY.matcher(expr);
    while (by.find()) {
      for (String label : COMMA.splitAsStream(by.group(1)).toList()) {
        if (!label.isBlank()) {
          labels.add(label.strip());
        }
      }
    }
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      Matcher matcher = MATCHER.matcher(selector.group(1));
      while (matcher.find()) {
        labels.add(matcher.group(1));
      }
    }
    return labels;
  }
}
