package dev.lifeline.spring.boot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code lifeline.*} properties written as the configuration file's JSON, one key per line, so
 * that the file's own loader checks them, and a problem it reports at a line is reported at the
 * property written on that line.
 */
final class ConfigText {
  /** The name the loader gives the text in its messages; {@code .json} makes it read JSON. */
  static final String SOURCE = "lifeline-properties.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AT_LINE =
      Pattern.compile(Pattern.quote(SOURCE) + " line (\\d+), column \\d+: (.*)", Pattern.DOTALL);
  private static final Pattern QUOTED_KEY = Pattern.compile("'([a-z][A-Za-z]*)'");
  // The keys of the file's format that a message may name as missing.
  private static final java.util.Set<String> FORMAT_KEYS =
      java.util.Set.of(
          "providers", "name", "type", "baseUrl", "apiKey", "apiVersion", "headers", "models");

  private final StringBuilder text = new StringBuilder();
  private final List<String> propertyOfLine = new ArrayList<>();
  private final Deque<Boolean> firstInLevel = new ArrayDeque<>();

  private ConfigText() {}

  /** The properties as the file's JSON. */
  static ConfigText of(LifelineProperties properties) {
    ConfigText out = new ConfigText();
    out.begin("lifeline", "{");
    out.providers(properties.providers());
    out.value("strategy", "lifeline.strategy", properties.strategy());
    out.value("routing", "lifeline.routing", properties.routing());
    out.value("deadline", "lifeline.deadline", properties.deadline());
    LifelineProperties.RetryProperties retry = properties.retry();
    if (retry != null) {
      out.begin("retry", "lifeline.retry", "{");
      out.value("maxAttempts", "lifeline.retry.max-attempts", retry.maxAttempts());
      out.value("baseDelay", "lifeline.retry.base-delay", retry.baseDelay());
      out.value("maxDelay", "lifeline.retry.max-delay", retry.maxDelay());
      out.value("maxRetryAfter", "lifeline.retry.max-retry-after", retry.maxRetryAfter());
      out.value("jitter", "lifeline.retry.jitter", retry.jitter());
      out.end("}");
    }
    LifelineProperties.AttemptTimeoutProperties timeout = properties.attemptTimeout();
    if (timeout != null) {
      String at = "lifeline.attempt-timeout";
      out.begin("attemptTimeout", at, "{");
      out.value("firstToken", at + ".first-token", timeout.firstToken());
      out.value("adaptive", at + ".adaptive", timeout.adaptive());
      out.value("multiple", at + ".multiple", timeout.multiple());
      out.value("floor", at + ".floor", timeout.floor());
      out.value("ceiling", at + ".ceiling", timeout.ceiling());
      out.value("minSamples", at + ".min-samples", timeout.minSamples());
      out.value("reserve", at + ".reserve", timeout.reserve());
      out.end("}");
    }
    out.end("}");
    return out;
  }

  private void providers(List<LifelineProperties.ProviderProperties> providers) {
    if (providers.isEmpty()) {
      return;
    }
    begin("providers", "lifeline.providers", "[");
    for (int i = 0; i < providers.size(); i++) {
      LifelineProperties.ProviderProperties provider = providers.get(i);
      String at = "lifeline.providers[" + i + "]";
      begin(null, at, "{");
      value("name", at + ".name", provider.name());
      value("type", at + ".type", provider.type());
      value("baseUrl", at + ".base-url", provider.baseUrl());
      value("apiKey", at + ".api-key", provider.apiKey());
      value("apiVersion", at + ".api-version", provider.apiVersion());
      if (!provider.headers().isEmpty()) {
        begin("headers", at + ".headers", "{");
        for (Map.Entry<String, String> header : provider.headers().entrySet()) {
          value(header.getKey(), at + ".headers." + header.getKey(), header.getValue());
        }
        end("}");
      }
      if (!provider.models().isEmpty()) {
        begin("models", at + ".models", "[");
        for (int m = 0; m < provider.models().size(); m++) {
          model(at + ".models[" + m + "]", provider.models().get(m));
        }
        end("]");
      }
      LifelineProperties.TimeoutProperties timeouts = provider.timeouts();
      if (timeouts != null) {
        begin("timeouts", at + ".timeouts", "{");
        value("connect", at + ".timeouts.connect", timeouts.connect());
        value("firstByte", at + ".timeouts.first-byte", timeouts.firstByte());
        value("idle", at + ".timeouts.idle", timeouts.idle());
        value("total", at + ".timeouts.total", timeouts.total());
        end("}");
      }
      end("}");
    }
    end("]");
  }

  private void model(String at, LifelineProperties.ModelProperties model) {
    if (model.contextWindow() == null
        && model.inputPrice() == null
        && model.outputPrice() == null) {
      // The file's loader reads an object's absent numbers as an error: a bare name means unknown.
      line(separator() + json(model.name()), at + ".name");
      return;
    }
    begin(null, at, "{");
    value("name", at + ".name", model.name());
    value("contextWindow", at + ".context-window", orZero(model.contextWindow()));
    value("inputPrice", at + ".input-price", orZero(model.inputPrice()));
    value("outputPrice", at + ".output-price", orZero(model.outputPrice()));
    end("}");
  }

  private static Number orZero(Number value) {
    return value == null ? Integer.valueOf(0) : value;
  }

  /** The JSON text. */
  String text() {
    return text.toString();
  }

  /**
   * The property a loader message points at, and the message without its place: the property
   * written on the line it names, or, when that line opens an object and the message names one of
   * its keys ({@code needs an 'apiKey'}), that key's property.
   */
  PropertyProblem problemOf(String message) {
    Matcher matcher = AT_LINE.matcher(message);
    if (!matcher.find()) {
      String detail = message.replace(SOURCE + ": ", "");
      return new PropertyProblem(withKey("lifeline", detail), detail);
    }
    int line = Integer.parseInt(matcher.group(1));
    String detail = matcher.group(2);
    if (line < 1 || line > propertyOfLine.size()) {
      return new PropertyProblem(withKey("lifeline", detail), detail);
    }
    String property = propertyOfLine.get(line - 1);
    return new PropertyProblem(opensObject(line) ? withKey(property, detail) : property, detail);
  }

  /** {@code property}, or its key that {@code detail} names, such as {@code needs an 'apiKey'}. */
  private static String withKey(String property, String detail) {
    Matcher key = QUOTED_KEY.matcher(detail);
    while (key.find()) {
      if (FORMAT_KEYS.contains(key.group(1))) {
        return property + "." + kebab(key.group(1));
      }
    }
    return property;
  }

  private boolean opensObject(int line) {
    String written = text.toString().split("\n", -1)[line - 1].stripTrailing();
    return written.endsWith("{");
  }

  static String kebab(String camel) {
    return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  private void begin(String property, String bracket) {
    line(bracket, property);
    firstInLevel.push(true);
  }

  private void begin(String key, String property, String bracket) {
    line(separator() + (key == null ? "" : quote(key) + ": ") + bracket, property);
    firstInLevel.push(true);
  }

  private void end(String bracket) {
    firstInLevel.pop();
    line(bracket, null);
  }

  private void value(String key, String property, Object value) {
    if (value == null) {
      return;
    }
    Object written = value instanceof Duration duration ? duration.toMillis() + "ms" : value;
    line(separator() + quote(key) + ": " + json(written), property);
  }

  private String separator() {
    boolean first = firstInLevel.pop();
    firstInLevel.push(false);
    return first ? "" : ", ";
  }

  private void line(String content, String property) {
    text.append(content).append('\n');
    propertyOfLine.add(property == null ? propertyOfLine.get(propertyOfLine.size() - 1) : property);
  }

  private static String quote(String key) {
    return json(key);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value, e);
    }
  }

  /**
   * A property at fault.
   *
   * @param property its full name, such as {@code lifeline.providers[0].api-key}
   * @param message what is wrong with it
   */
  record PropertyProblem(String property, String message) {}
}
