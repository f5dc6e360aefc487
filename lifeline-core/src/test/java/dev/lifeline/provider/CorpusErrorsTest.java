package dev.lifeline.provider;

import static dev.lifeline.provider.ProviderFailures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.anthropic.AnthropicFixture;
import dev.lifeline.provider.gemini.GeminiFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Anthropic and Gemini sample of the provider corpus ({@code corpus/errors.json}, the copy of
 * {@code shared/corpus/errors.json}, and {@code corpus/errors-extra.json} with the PROVIDERS.md
 * vectors), plus each adapter's own ({@code anthropic/errors.json}, {@code gemini/errors.json}),
 * served over HTTP to that adapter: each ends as the expected kind, with the expected wait where
 * the sample gives one, and never shows the key.
 */
class CorpusErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static LoopbackServer server;

  @BeforeAll
  static void start() {
    server = LoopbackServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<HttpAdapterFixture> adapters() {
    return Stream.of(new AnthropicFixture(), new GeminiFixture());
  }

  static List<Named<JsonNode>> samplesOf(HttpAdapterFixture adapter) {
    List<Named<JsonNode>> all = new ArrayList<>();
    for (String file :
        List.of("/corpus/errors.json", "/corpus/errors-extra.json", adapter.ownErrors())) {
      JsonNode samples = load(file);
      for (int i = 0; i < samples.size(); i++) {
        JsonNode sample = samples.get(i);
        if (sample.path("provider").asText().equals(adapter.corpusProvider())) {
          String name =
              String.format(
                  "%s #%d %d → %s",
                  file, i, sample.path("status").asInt(), sample.path("expect").asText());
          all.add(Named.of(name, sample));
        }
      }
    }
    return all;
  }

  static Stream<Arguments> samples() {
    return adapters()
        .flatMap(adapter -> samplesOf(adapter).stream().map(s -> Arguments.of(adapter, s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void theCorpusHasTheAdaptersSamples(HttpAdapterFixture adapter) {
    assertThat(samplesOf(adapter)).hasSizeGreaterThanOrEqualTo(adapter.minimumSamples());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samples")
  void eachSampleEndsAsItsKind(HttpAdapterFixture adapter, JsonNode sample) {
    Map<String, String> headers = new LinkedHashMap<>();
    sample
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    headers.putIfAbsent("content-type", "application/json");
    JsonNode body = sample.path("body");
    server.respond(
        sample.path("status").asInt(), headers, body.isTextual() ? body.asText() : body.toString());

    Failure failure;
    try (Provider provider =
        adapter.builder().baseUrl(server.baseUrl()).apiKey(adapter.key()).build()) {
      failure = failureOf(() -> provider.send(ChatRequest.of("q"), adapter.model()).join());
    }

    assertThat(failure.kind())
        .as("%s: %s", sample.path("source").asText(), failure)
        .isEqualTo(ErrorKind.valueOf(sample.path("expect").asText()));
    assertThat(failure.status()).isEqualTo(sample.path("status").asInt());
    if (sample.has("expectRetryAfterMs")) {
      assertThat(failure.retryAfter())
          .isEqualTo(Duration.ofMillis(sample.path("expectRetryAfterMs").asLong()));
    } else if (headers.containsKey("retry-after") && headers.get("retry-after").matches("\\d+")) {
      assertThat(failure.retryAfter())
          .isEqualTo(Duration.ofSeconds(Long.parseLong(headers.get("retry-after"))));
    }
    assertThat(failure.toString()).doesNotContain(adapter.key().reveal());
  }

  private static JsonNode load(String resource) {
    try (InputStream in = CorpusErrorsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
