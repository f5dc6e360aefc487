package dev.lifeline.bench.chaos;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario file field by field, so that every problem is a {@link ScenarioException} naming
 * the field ({@code faults[1].retryAfter: expected a duration such as 500ms, 30s, 5m or 1h30m, was
 * 'soon'}). Unknown keys are errors too: a typo must not silently become a default.
 */
final class ScenarioReader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final String source;

  private ScenarioReader(String source) {
    this.source = source;
  }

  static Scenario read(byte[] bytes, String source, boolean yaml) {
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(bytes);
    } catch (JacksonException e) {
      throw new ScenarioException(
          source, "not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ScenarioException(source, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(
          source, "", "expected a mapping with name, duration, deployments and faults");
    }
    return new ScenarioReader(source).scenario(root);
  }

  private Scenario scenario(JsonNode root) {
    allowOnly(
        root,
        "",
        Set.of(
            "name",
            "description",
            "duration",
            "timeout",
            "deployments",
            "workload",
            "faults",
            "conversations"));
    String name = text(root, "", "name", null);
    String description = text(root, "", "description", "");
    Duration duration = duration(root, "", "duration", null);
    positive(duration, "duration");
    Duration timeout = duration(root, "", "timeout", Duration.ofSeconds(30));
    positive(timeout, "timeout");
    List<DeploymentSpec> deployments = new ArrayList<>();
    JsonNode list = array(root, "deployments", true);
    for (int i = 0; i < list.size(); i++) {
      deployments.add(deployment(list.get(i), "deployments[" + i + "]"));
    }
    if (deployments.isEmpty()) {
      throw fail("deployments", "needs at least one deployment");
    }
    for (int i = 0; i < deployments.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (deployments.get(i).id().equals(deployments.get(j).id())) {
          throw fail("deployments[" + i + "]", "'" + deployments.get(i).id() + "' is listed twice");
        }
      }
    }
    for (int i = 1; i < deployments.size(); i++) {
      String provider = deployments.get(i).provider();
      if (!provider.equals(deployments.get(i - 1).provider())
          && deployments.subList(0, i - 1).stream().anyMatch(d -> d.provider().equals(provider))) {
        throw fail(
            "deployments[" + i + "].provider",
            "the models of '"
                + provider
                + "' must be listed together (they form its degrade ladder)");
      }
    }
    Workload workload =
        root.has("workload") ? workload(root.get("workload"), "workload") : Workload.DEFAULT;
    List<FaultProcess> faults = new ArrayList<>();
    JsonNode faultList = array(root, "faults", false);
    for (int i = 0; i < faultList.size(); i++) {
      FaultProcess fault = fault(faultList.get(i), "faults[" + i + "]", duration);
      String path = "faults[" + i + "].target";
      if (deployments.stream().noneMatch(d -> d.matches(fault.target()))) {
        throw fail(
            path,
            "'" + fault.target() + "' names no deployment (use *, a provider, or provider/model)");
      }
      faults.add(fault);
    }
    Conversations conversations =
        root.has("conversations")
            ? conversations(root.get("conversations"), "conversations")
            : null;
    return new Scenario(
        name, description, duration, timeout, deployments, workload, faults, conversations);
  }

  private DeploymentSpec deployment(JsonNode node, String path) {
    object(node, path);
    allowOnly(
        node,
        path,
        Set.of(
            "provider",
            "model",
            "p50",
            "p99",
            "ttft",
            "ttftP99",
            "inputPrice",
            "outputPrice",
            "contextWindow",
            "declaredContextWindow",
            "rpm",
            "cachedInputPrice"));
    Duration p50 = duration(node, path, "p50", null);
    positive(p50, path + ".p50");
    Duration p99 = duration(node, path, "p99", null);
    if (p99.compareTo(p50) < 0) {
      throw fail(
          path + ".p99",
          "must be at least p50 (" + p50.toMillis() + " ms), was " + p99.toMillis() + " ms");
    }
    Duration ttft = duration(node, path, "ttft", p50.dividedBy(4));
    positive(ttft, path + ".ttft");
    Duration ttftP99 = node.has("ttftP99") ? duration(node, path, "ttftP99", null) : null;
    if (ttftP99 != null && ttftP99.compareTo(ttft) < 0) {
      throw fail(
          path + ".ttftP99",
          "must be at least ttft (" + ttft.toMillis() + " ms), was " + ttftP99.toMillis() + " ms");
    }
    double inputPrice = number(node, path, "inputPrice", 0, 0, 1_000);
    return new DeploymentSpec(
        text(node, path, "provider", null),
        text(node, path, "model", null),
        new LatencyModel(p50, p99),
        ttft,
        number(node, path, "inputPrice", 0, 0, 1_000),
        number(node, path, "outputPrice", 0, 0, 1_000),
        (int) number(node, path, "contextWindow", 128_000, 1, 100_000_000),
        // What the engine is told; 0 when its configuration does not say (a fine-tune, a capped
        // deployment).
        node.has("declaredContextWindow")
            ? (int) number(node, path, "declaredContextWindow", 0, 0, 100_000_000)
            : (int) number(node, path, "contextWindow", 128_000, 1, 100_000_000),
        (int) number(node, path, "rpm", 0, 0, 10_000_000),
        // A discount, never a surcharge: at most the full input price.
        number(node, path, "cachedInputPrice", inputPrice, 0, inputPrice),
        ttftP99);
  }

  private Conversations conversations(JsonNode node, String path) {
    object(node, path);
    allowOnly(node, path, Set.of("turns", "gap", "turnTokens", "cacheTtl", "cachedLatency"));
    Duration gap = duration(node, path, "gap", Duration.ofSeconds(30));
    positive(gap, path + ".gap");
    Duration ttl = duration(node, path, "cacheTtl", Duration.ofMinutes(5));
    positive(ttl, path + ".cacheTtl");
    double latency = number(node, path, "cachedLatency", 0.5, 0.01, 1);
    return new Conversations(
        (int) number(node, path, "turns", 10, 2, 1_000),
        gap,
        (int) number(node, path, "turnTokens", 100, 1, 1_000_000),
        ttl,
        latency);
  }

  private Workload workload(JsonNode node, String path) {
    object(node, path);
    allowOnly(
        node,
        path,
        Set.of("promptTokens", "outputTokens", "jsonShare", "oversized", "streamShare"));
    Workload d = Workload.DEFAULT;
    int[] prompt = sizes(node, path, "promptTokens", d.promptP50(), d.promptP99());
    int[] output = sizes(node, path, "outputTokens", d.outputP50(), d.outputP99());
    double share = 0;
    int tokens = d.oversizedTokens();
    if (node.has("oversized")) {
      JsonNode oversized = node.get("oversized");
      String at = path + ".oversized";
      object(oversized, at);
      allowOnly(oversized, at, Set.of("share", "tokens"));
      share = number(oversized, at, "share", 0, 0, 1);
      tokens = (int) number(oversized, at, "tokens", tokens, 1, 100_000_000);
    }
    return new Workload(
        prompt[0],
        prompt[1],
        output[0],
        output[1],
        number(node, path, "jsonShare", d.jsonShare(), 0, 1),
        share,
        tokens,
        number(node, path, "streamShare", d.streamShare(), 0, 1));
  }

  private int[] sizes(JsonNode node, String path, String key, int p50, int p99) {
    if (!node.has(key)) {
      return new int[] {p50, p99};
    }
    String at = path + "." + key;
    JsonNode sizes = node.get(key);
    object(sizes, at);
    allowOnly(sizes, at, Set.of("p50", "p99"));
    int median = (int) number(sizes, at, "p50", p50, 1, 10_000_000);
    int high = (int) number(sizes, at, "p99", Math.max(median, p99), median, 100_000_000);
    return new int[] {median, high};
  }

  private FaultProcess fault(JsonNode node, String path, Duration scenarioEnd) {
    object(node, path);
    String type = text(node, path, "type", null);
    String target = text(node, path, "target", null);
    Duration start = duration(node, path, "start", Duration.ZERO);
    Duration end = duration(node, path, "end", scenarioEnd);
    if (end.compareTo(start) <= 0) {
      throw fail(path + ".end", "must be after start (" + start + "), was " + end);
    }
    Set<String> common = Set.of("type", "target", "start", "end");
    switch (type) {
      case "outage" -> {
        allowOnly(node, path, union(common, "status", "hangShare"));
        int status = (int) number(node, path, "status", 503, 500, 599);
        return new FaultProcess.Outage(
            target, start, end, status, number(node, path, "hangShare", 0, 0, 1));
      }
      case "rate-limit-storm" -> {
        allowOnly(node, path, union(common, "rate", "retryAfter"));
        return new FaultProcess.RateLimitStorm(
            target,
            start,
            end,
            number(node, path, "rate", 1, 0, 1),
            duration(node, path, "retryAfter", Duration.ofSeconds(1)));
      }
      case "brownout" -> {
        allowOnly(node, path, union(common, "factor"));
        return new FaultProcess.Brownout(
            target, start, end, number(node, path, "factor", 5, 1, 1_000));
      }
      case "flapping" -> {
        allowOnly(node, path, union(common, "period", "downFraction"));
        Duration period = duration(node, path, "period", Duration.ofMinutes(10));
        positive(period, path + ".period");
        return new FaultProcess.Flapping(
            target, start, end, period, number(node, path, "downFraction", 0.5, 0, 1));
      }
      case "silent-failures" -> {
        allowOnly(node, path, union(common, "rate", "answer"));
        String answer = text(node, path, "answer", "refusal");
        FaultProcess.SilentAnswer kind =
            switch (answer) {
              case "refusal" -> FaultProcess.SilentAnswer.REFUSAL;
              case "empty" -> FaultProcess.SilentAnswer.EMPTY;
              case "bad-json" -> FaultProcess.SilentAnswer.BAD_JSON;
              default ->
                  throw fail(
                      path + ".answer",
                      "expected refusal, empty or bad-json, was '" + answer + "'");
            };
        return new FaultProcess.SilentFailures(
            target, start, end, number(node, path, "rate", 0.1, 0, 1), kind);
      }
      case "stream-cut" -> {
        allowOnly(node, path, union(common, "rate", "break", "afterDeltas"));
        String kind = text(node, path, "break", "cut");
        FaultProcess.StreamBreak cut =
            switch (kind) {
              case "error-event" -> FaultProcess.StreamBreak.ERROR_EVENT;
              case "cut" -> FaultProcess.StreamBreak.CUT;
              case "stall" -> FaultProcess.StreamBreak.STALL;
              case "server-error" -> FaultProcess.StreamBreak.SERVER_ERROR;
              default ->
                  throw fail(
                      path + ".break",
                      "expected error-event, cut, stall or server-error, was '" + kind + "'");
            };
        // A 500 after the first chunk is what it says.
        int after =
            cut == FaultProcess.StreamBreak.SERVER_ERROR
                ? (int) number(node, path, "afterDeltas", 1, 1, 1)
                : (int) number(node, path, "afterDeltas", 3, 1, 10_000);
        return new FaultProcess.StreamCut(
            target, start, end, number(node, path, "rate", 0.1, 0, 1), cut, after);
      }
      case "revoked-key" -> {
        allowOnly(node, path, common);
        return new FaultProcess.RevokedKey(target, start, end);
      }
      default ->
          throw fail(
              path + ".type",
              "expected outage, rate-limit-storm, brownout, flapping, silent-failures, stream-cut or"
                  + " revoked-key, was '"
                  + type
                  + "'");
    }
  }

  // ---- typed field access: each failure names the field

  private static Set<String> union(Set<String> common, String... more) {
    Set<String> all = new java.util.HashSet<>(common);
    all.addAll(List.of(more));
    return all;
  }

  private void allowOnly(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw fail(
            join(path, name), "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private void object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw fail(
          path, "expected a mapping, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
  }

  private JsonNode array(JsonNode node, String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw fail(key, "missing");
      }
      return JSON.createArrayNode();
    }
    if (!value.isArray()) {
      throw fail(key, "expected a list");
    }
    return value;
  }

  private String text(JsonNode node, String path, String key, String fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw fail(join(path, key), "missing");
      }
      return fallback;
    }
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw fail(join(path, key), "expected a non-blank text");
    }
    return value.asText();
  }

  private double number(
      JsonNode node, String path, String key, double fallback, double min, double max) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw fail(join(path, key), "expected a number, was '" + value.asText() + "'");
    }
    double number = value.asDouble();
    if (number < min || number > max) {
      throw fail(
          join(path, key),
          "must be between " + fmt(min) + " and " + fmt(max) + ", was " + fmt(number));
    }
    return number;
  }

  private Duration duration(JsonNode node, String path, String key, Duration fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw fail(join(path, key), "missing");
      }
      return fallback;
    }
    Duration parsed = value.isValueNode() ? parseDuration(value.asText().trim()) : null;
    if (parsed == null) {
      throw fail(
          join(path, key),
          "expected a duration such as 500ms, 30s, 5m or 1h30m, was '" + value.asText() + "'");
    }
    return parsed;
  }

  private void positive(Duration duration, String path) {
    if (duration.isZero() || duration.isNegative()) {
      throw fail(path, "must be positive, was " + duration);
    }
  }

  /** "1h30m", "500ms", "2.5s"; "0" is zero; null when it is none of these. */
  static Duration parseDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher part = DURATION_PART.matcher(text);
    int at = 0;
    double nanos = 0;
    while (at < text.length()) {
      if (!part.find(at) || part.start() != at) {
        return null;
      }
      double amount = Double.parseDouble(part.group(1));
      nanos +=
          amount
              * switch (part.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      at = part.end();
    }
    return at == 0 ? null : Duration.ofNanos(Math.round(nanos));
  }

  private ScenarioException fail(String field, String problem) {
    return new ScenarioException(source, field, problem);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String fmt(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }
}
