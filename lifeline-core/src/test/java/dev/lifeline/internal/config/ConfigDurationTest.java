package dev.lifeline.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Durations in a configuration file are read exactly and bounded: huge ones are a named error. */
class ConfigDurationTest {

  private static final Function<String, String> ENV =
      Map.of("OPENAI_API_KEY", "sk-test-openai")::get;

  private static String withDeadline(String deadline) {
    return """
        providers:
          - name: openai
            type: openai
            apiKey: ${OPENAI_API_KEY}
            models: [gpt-4o]
        deadline: %s
        """
        .formatted(deadline);
  }

  @Test
  void aDeadlineOfTwentyNinesOfHoursIsAnErrorWithItsLineNotAnOverflow() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("lifeline.yaml", withDeadline("99999999999999999999h"), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lifeline.yaml line 6")
        .hasMessageContaining("'99999999999999999999h' is too long a duration; at most 30d");
  }

  @Test
  void aDurationWithFourHundredDigitsIsAnErrorToo() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("lifeline.yaml", withDeadline("9".repeat(400)), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is too long a duration; at most 30d");
  }

  @Test
  void durationsUpToThirtyDaysAreReadExactly() {
    assertThat(ConfigLoader.parse("lifeline.yaml", withDeadline("30d"), ENV).deadline())
        .isEqualTo(Duration.ofDays(30));
    assertThat(ConfigLoader.parse("lifeline.yaml", withDeadline("1.0005s"), ENV).deadline())
        .isEqualTo(Duration.ofMillis(1001));
    assertThat(ConfigLoader.parse("lifeline.yaml", withDeadline("2592000000ms"), ENV).deadline())
        .isEqualTo(Duration.ofDays(30));
  }
}
