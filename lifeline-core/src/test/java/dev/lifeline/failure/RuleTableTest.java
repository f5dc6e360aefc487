package dev.lifeline.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule table against every vector: the provider corpus ({@code corpus/errors.json}, the copy of
 * {@code shared/corpus/errors.json}, and {@code corpus/errors-extra.json}), the adapters' own
 * vectors, and {@code failure/rule-vectors.json} for rows no provider sample reaches. Each vector
 * is classified by its provider's classifier ({@link ErrorClassifier#forProvider}, or the generic
 * one for a provider Lifeline has no type for, such as Bedrock behind a gateway), and every row of
 * the table must be the deciding row of at least one vector, so a dead row fails the build.
 */
class RuleTableTest {

  /** The vectors' dates (reset headers, HTTP-dates, epoch ms) are a few seconds after this. */
  private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES =
      List.of(
          "/corpus/errors.json",
          "/corpus/errors-extra.json",
          "/openai/errors-family.json",
          "/anthropic/errors.json",
          "/gemini/errors.json",
          "/failure/rule-vectors.json");

  static Stream<Arguments> vectors() {
    List<Arguments> all = new ArrayList<>();
    for (String file : FILES) {
      JsonNode vectors = load(file);
      for (int i = 0; i < vectors.size(); i++) {
        JsonNode vector = vectors.get(i);
        String name =
            String.format(
                "%s #%d %s %d → %s",
                file,
                i,
                vector.path("provider").asText(),
                vector.path("status").asInt(),
                vector.path("expect").asText());
        all.add(Arguments.of(Named.of(name, vector)));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void eachVectorIsClassifiedAsExpected(JsonNode vector) {
    Failure failure = classifierFor(vector).classify(toResponse(vector), NOW).orElse(null);

    assertThat(failure).as("failure for %s", vector.path("source").asText()).isNotNull();
    assertThat(failure.kind())
        .as("kind for %s: %s", vector.path("source").asText(), failure)
        .isEqualTo(ErrorKind.valueOf(vector.path("expect").asText()));
    if (vector.has("expectHint")) {
      JsonNode hint = vector.get("expectHint");
      assertThat(failure.remedyHint())
          .as("remedy hint: %s", failure)
          .isEqualTo(hint.isNull() ? null : Remedy.valueOf(hint.asText()));
    }
    if (vector.has("expectRetryAfterMs")) {
      assertThat(failure.retryAfter())
          .as("retry after: %s", failure)
          .isEqualTo(Duration.ofMillis(vector.path("expectRetryAfterMs").asLong()));
    }
    assertThat(failure.status()).isEqualTo(vector.path("status").asInt());
    assertThat(failure.message()).isNotBlank().hasSizeLessThanOrEqualTo(1000);
  }

  @Test
  void everyRowDecidesAtLeastOneVector() {
    Set<String> hit = new LinkedHashSet<>();
    vectors()
        .map(arguments -> (JsonNode) ((Named<?>) arguments.get()[0]).getPayload())
        .forEach(
            vector -> {
              GenericErrorClassifier classifier = classifierFor(vector);
              classifier
                  .firstMatch(Evidence.read(toResponse(vector), NOW))
                  .ifPresent(rule -> hit.add(rule.name()));
            });

    List<String> dead =
        RuleTable.ROWS.stream()
            .map(Rule::name)
            .filter(name -> !hit.contains(name))
            .collect(Collectors.toList());
    assertThat(dead).as("rows no vector reaches").isEmpty();
  }

  @Test
  void rowNamesAreUnique() {
    List<String> names = RuleTable.ROWS.stream().map(Rule::name).collect(Collectors.toList());
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void theGenericClassifierHasOnlyTheRowsForEveryProvider() {
    assertThat(GenericErrorClassifier.INSTANCE.rows())
        .isNotEmpty()
        .allMatch(Rule::generic)
        .isEqualTo(RuleTable.ROWS.stream().filter(Rule::generic).collect(Collectors.toList()));
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aProvidersClassifierHasTheGenericRowsAndItsOwnInTableOrder(ProviderType type) {
    GenericErrorClassifier classifier = GenericErrorClassifier.forProvider(type);

    assertThat(ErrorClassifier.forProvider(type)).isSameAs(classifier);
    assertThat(classifier.rows())
        .containsAll(GenericErrorClassifier.INSTANCE.rows())
        .allMatch(rule -> rule.providers().contains(type))
        .isSubsetOf(RuleTable.ROWS);
    List<Integer> positions =
        classifier.rows().stream().map(RuleTable.ROWS::indexOf).collect(Collectors.toList());
    assertThat(positions).isSorted();
  }

  @Test
  void providerRowsAreSelectedOnlyForTheirProviders() {
    assertThat(rowNames(ProviderType.GROQ))
        .contains("4xx json_validate_failed / tool_use_failed (Groq)")
        .doesNotContain("Anthropic stop_reason model_context_window_exceeded");
    assertThat(rowNames(ProviderType.ANTHROPIC))
        .contains("Anthropic stop_reason model_context_window_exceeded")
        .doesNotContain(
            "4xx json_validate_failed / tool_use_failed (Groq)",
            "Gemini candidates stopped for RECITATION, with no parts");
    assertThat(rowNames(ProviderType.GEMINI))
        .contains("Gemini candidates stopped for RECITATION, with no parts")
        .doesNotContain("4xx invalid_prompt or a prompt flagged for the usage policy (OpenAI)");
    assertThat(RuleTable.ROWS.stream().filter(rule -> !rule.generic()).count())
        .as("provider rows")
        .isGreaterThanOrEqualTo(7);
  }

  @Test
  void theSameBodyIsClassifiedByTheProvidersRows() {
    RawResponse groq =
        RawResponse.of(
            400,
            Map.of(),
            "{\"error\":{\"message\":\"Failed to generate JSON.\",\"type\":\"invalid_request_error\","
                + "\"code\":\"json_validate_failed\"}}");

    assertThat(ErrorClassifier.forProvider(ProviderType.GROQ).classify(groq))
        .get()
        .extracting(Failure::kind)
        .isEqualTo(ErrorKind.VALIDATION_FAILED);
    assertThat(ErrorClassifier.forProvider(ProviderType.ANTHROPIC).classify(groq))
        .get()
        .extracting(Failure::kind)
        .isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(ErrorClassifier.generic().classify(groq))
        .get()
        .extracting(Failure::kind)
        .isEqualTo(ErrorKind.BAD_REQUEST);
  }

  @Test
  void aTickerClassifierHasTheProvidersRows() {
    dev.lifeline.time.VirtualClock fixed = new dev.lifeline.time.VirtualClock(NOW);
    RawResponse stopped =
        RawResponse.of(
            200,
            Map.of(),
            "{\"type\":\"message\",\"stop_reason\":\"model_context_window_exceeded\"}");

    assertThat(ErrorClassifier.forProvider(ProviderType.ANTHROPIC, fixed).classify(stopped))
        .get()
        .extracting(Failure::kind)
        .isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(ErrorClassifier.forProvider(ProviderType.OPENAI, fixed).classify(stopped)).isEmpty();
  }

  private static List<String> rowNames(ProviderType type) {
    return GenericErrorClassifier.forProvider(type).rows().stream()
        .map(Rule::name)
        .collect(Collectors.toList());
  }

  private static GenericErrorClassifier classifierFor(JsonNode vector) {
    String provider = vector.path("provider").asText();
    boolean known =
        Arrays.stream(ProviderType.values()).anyMatch(type -> type.wireName().equals(provider));
    return known
        ? new GenericErrorClassifier(() -> NOW, ProviderType.fromName(provider))
        : new GenericErrorClassifier(() -> NOW);
  }

  private static RawResponse toResponse(JsonNode vector) {
    Map<String, String> headers = new LinkedHashMap<>();
    vector
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    JsonNode body = vector.path("body");
    String text = body.isTextual() ? body.asText() : body.toString();
    return RawResponse.of(vector.path("status").asInt(), headers, text);
  }

  private static JsonNode load(String file) {
    try (InputStream in = RuleTableTest.class.getResourceAsStream(file)) {
      assertThat(in).as("test resource %s", file).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
