package dev.lifeline.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.lifeline.model.ProviderType;
import dev.lifeline.retry.Jitter;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.RoutingMode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the values a configuration file holds, each failing with the value's line and column.
 * Not API.
 */
final class ConfigValues {

  /** The context attribute holding the environment, a {@code Function<String, String>}. */
  static final String ENVIRONMENT = "lifeline.environment";

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private ConfigValues() {}

  /**
   * The longest duration a configuration file may hold: 30 days, the longest any setting accepts (a
   * cooldown); a deadline or timeout is further bounded to 24 hours by its own setter.
   */
  static final Duration MAX_DURATION = Duration.ofDays(30);

  /**
   * "500ms", "8s", "2m", "1h", "1d", or a bare number of seconds; rounded to the millisecond, at
   * most {@link #MAX_DURATION}. Read exactly (no floating point), so "99999999999999999999h" is an
   * error that names the value and the limit, never an overflow.
   */
  static final class DurationValue extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      Matcher matcher = DURATION.matcher(text == null ? "" : text.strip());
      if (!matcher.matches()) {
        throw JsonMappingException.from(
            parser, "'" + text + "' is not a duration; write it like 500ms, 8s, 2m or 1h");
      }
      BigDecimal amount = new BigDecimal(matcher.group(1));
      String unit = matcher.group(2) == null ? "s" : matcher.group(2);
      long millisPerUnit =
          switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
          };
      BigDecimal millis =
          amount.multiply(BigDecimal.valueOf(millisPerUnit)).setScale(0, RoundingMode.HALF_UP);
      if (millis.compareTo(BigDecimal.valueOf(MAX_DURATION.toMillis())) > 0) {
        throw JsonMappingException.from(
            parser,
            "'" + text + "' is too long a duration; at most " + MAX_DURATION.toDays() + "d");
      }
      return Duration.ofMillis(millis.longValueExact());
    }
  }

  /**
   * A string in which {@code ${VAR}} and {@code ${VAR:-default}} are taken from the environment.
   */
  static final class EnvString extends JsonDeserializer<String> {
    @Override
    @SuppressWarnings("unchecked")
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      if (text == null) {
        return null;
      }
      Function<String, String> environment =
          (Function<String, String>) context.getAttribute(ENVIRONMENT);
      Matcher matcher = VARIABLE.matcher(text);
      StringBuilder resolved = new StringBuilder();
      while (matcher.find()) {
        String value = environment == null ? null : environment.apply(matcher.group(1));
        if (value == null || value.isEmpty()) {
          value = matcher.group(2);
        }
        if (value == null) {
          throw JsonMappingException.from(
              parser, "environment variable " + matcher.group(1) + " is not set");
        }
        matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(resolved);
      return resolved.toString();
    }
  }

  /** A provider type by its wire name. */
  static final class ProviderTypeValue extends JsonDeserializer<ProviderType> {
    @Override
    public ProviderType deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      try {
        return ProviderType.fromName(parser.getValueAsString());
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(parser, e.getMessage());
      }
    }
  }

  /** cascade | retry-only | no-degrade | failover-only. */
  static final class StrategyValue extends JsonDeserializer<FallbackStrategy> {
    @Override
    public FallbackStrategy deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return enumValue(
          parser, FallbackStrategy.class, "cascade, retry-only, no-degrade, failover-only");
    }
  }

  /** priority | healthiest | latency | cost. */
  static final class RoutingValue extends JsonDeserializer<RoutingMode> {
    @Override
    public RoutingMode deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return enumValue(parser, RoutingMode.class, "priority, healthiest, latency, cost");
    }
  }

  /** full | decorrelated | none. */
  static final class JitterValue extends JsonDeserializer<Jitter> {
    @Override
    public Jitter deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return enumValue(parser, Jitter.class, "full, decorrelated, none");
    }
  }

  /**
   * {@code text} as a constant of {@code type}, read as kebab-case; the error names {@code
   * expected}.
   */
  static <E extends Enum<E>> E enumValue(JsonParser parser, Class<E> type, String expected)
      throws IOException {
    String text = parser.getValueAsString();
    String constant = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Enum.valueOf(type, constant);
    } catch (IllegalArgumentException e) {
      throw JsonMappingException.from(parser, "'" + text + "' is not one of " + expected);
    }
  }
}
