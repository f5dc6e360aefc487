package dev.lifeline.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Remedy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample of the provider corpus ({@code corpus/errors.json}, copied from {@code
 * shared/corpus}) and of the vectors gathered from PROVIDERS.md ({@code corpus/errors-extra.json})
 * is classified as expected.
 *
 * <p>A sample may also name the remedy hint ({@code expectHint}) and the parsed wait ({@code
 * expectRetryAfterMs}) it must produce. The clock is fixed at the time the corpus's absolute dates
 * were written around, so the test never depends on today's date.
 */
class CorpusClassificationTest {

  /** The corpus's dates (reset headers, HTTP-dates, epoch ms) are a few seconds after this. */
  private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GenericErrorClassifier CLASSIFIER = new GenericErrorClassifier(() -> NOW);

  static Stream<Arguments> samples() {
    List<Arguments> all = new ArrayList<>();
    for (String file : List.of("errors.json", "errors-extra.json")) {
      JsonNode samples = load(file);
      for (int i = 0; i < samples.size(); i++) {
        JsonNode sample = samples.get(i);
        String name =
            String.format(
                "%s #%d %s %d → %s",
                file,
                i,
                sample.path("provider").asText(),
                sample.path("status").asInt(),
                sample.path("expect").asText());
        all.add(Arguments.of(Named.of(name, sample)));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void classifiesAsExpected(JsonNode sample) {
    RawResponse response = toResponse(sample);

    Failure failure = CLASSIFIER.classify(response, NOW).orElse(null);

    assertThat(failure)
        .as("failure for %s (%s)", sample.path("source").asText(), sample.path("body"))
        .isNotNull();
    assertThat(failure.kind())
        .as("kind for %s: %s", sample.path("source").asText(), failure)
        .isEqualTo(ErrorKind.valueOf(sample.path("expect").asText()));
    if (sample.has("expectHint")) {
      assertThat(failure.remedyHint())
          .as("remedy hint: %s", failure)
          .isEqualTo(Remedy.valueOf(sample.path("expectHint").asText()));
    }
    if (sample.has("expectRetryAfterMs")) {
      assertThat(failure.retryAfter())
          .as("retry after: %s", failure)
          .isEqualTo(Duration.ofMillis(sample.path("expectRetryAfterMs").asLong()));
    }
    assertThat(failure.status()).isEqualTo(response.status());
    assertThat(failure.message()).isNotBlank().hasSizeLessThanOrEqualTo(1000);
  }

  @Test
  void everyExtraSampleNamesItsSource() {
    JsonNode extra = load("errors-extra.json");
    assertThat(extra.size()).isGreaterThanOrEqualTo(50);
    for (JsonNode sample : extra) {
      assertThat(sample.path("source").asText()).as("source of %s", sample).isNotBlank();
      assertThat(Arrays.stream(ErrorKind.values()).map(Enum::name))
          .as("expected kind of %s", sample)
          .contains(sample.path("expect").asText());
    }
  }

  @Test
  void theCorpusCopyIsComplete() {
    // The shared corpus has 30 samples; a shorter copy means a sync went wrong.
    assertThat(load("errors.json").size()).isGreaterThanOrEqualTo(30);
  }

  private static RawResponse toResponse(JsonNode sample) {
    Map<String, String> headers = new LinkedHashMap<>();
    sample
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    JsonNode body = sample.path("body");
    String text = body.isTextual() ? body.asText() : body.toString();
    return RawResponse.of(sample.path("status").asInt(), headers, text);
  }

  private static JsonNode load(String file) {
    try (InputStream in = CorpusClassificationTest.class.getResourceAsStream("/corpus/" + file)) {
      assertThat(in).as("test resource /corpus/%s", file).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
