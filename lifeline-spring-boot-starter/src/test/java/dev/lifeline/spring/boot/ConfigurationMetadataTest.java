package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The metadata IDEs complete {@code lifeline.*} from: generated from {@link LifelineProperties} by
 * Boot's processor, merged with the value hints written by hand; each hint must name a property.
 */
class ConfigurationMetadataTest {

  @Test
  void everyTopLevelPropertyIsDescribedAndEveryHintNamesOne() throws IOException {
    JsonNode metadata = read("META-INF/spring-configuration-metadata.json");
    Set<String> properties = new HashSet<>();
    for (JsonNode property : metadata.path("properties")) {
      properties.add(property.path("name").asText());
    }

    assertThat(properties)
        .contains(
            "lifeline.providers",
            "lifeline.strategy",
            "lifeline.routing",
            "lifeline.deadline",
            "lifeline.retry.max-attempts",
            "lifeline.retry.base-delay",
            "lifeline.retry.jitter",
            "lifeline.attempt-timeout.first-token",
            "lifeline.attempt-timeout.reserve",
            "lifeline.learning.enabled",
            "lifeline.learning.threshold",
            "lifeline.store.type",
            "lifeline.store.path",
            "lifeline.store.uri",
            "lifeline.store.operation-timeout",
            "lifeline.store.staleness",
            "lifeline.store.probe-lease",
            "lifeline.store.limit-window",
            "lifeline.store.slot-lease",
            "lifeline.store.replicas",
            "lifeline.store.cluster",
            "lifeline.store.trusted-certificates",
            "lifeline.store.replica",
            "lifeline.learning.half-lives");
    for (JsonNode property : metadata.path("properties")) {
      assertThat(property.path("description").asText())
          .as("description of %s", property.path("name").asText())
          .isNotBlank();
    }
    assertThat(defaultOf(metadata, "lifeline.store.slot-lease")).isEqualTo("10m");
    assertThat(defaultOf(metadata, "lifeline.store.replicas")).isEqualTo("1");
    assertThat(metadata.path("hints")).isNotEmpty();
    for (JsonNode hint : metadata.path("hints")) {
      assertThat(properties).contains(hint.path("name").asText());
    }
  }

  private static String defaultOf(JsonNode metadata, String name) {
    for (JsonNode property : metadata.path("properties")) {
      if (property.path("name").asText().equals(name)) {
        return property.path("defaultValue").asText();
      }
    }
    throw new AssertionError("no property " + name);
  }

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in =
        ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
