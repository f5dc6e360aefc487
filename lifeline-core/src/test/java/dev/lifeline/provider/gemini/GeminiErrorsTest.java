package dev.lifeline.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import dev.lifeline.provider.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Gemini sample of the provider corpus ({@code corpus/errors.json}, the copy of {@code
 * shared/corpus/errors.json}, and {@code corpus/errors-extra.json} with the PROVIDERS.md vectors),
 * plus this adapter's own ({@code gemini/errors.json}), served over HTTP: each ends as the expected
 * kind, with the expected wait where the sample gives one.
 */
class GeminiErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "AIzaSyD-SECRETSECRETSECRETSECRET0123456";

  private static LoopbackServer server;
  private static GeminiProvider provider;

  @BeforeAll
  static void start() {
    server = LoopbackServer.start();
    provider = GeminiProvider.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of(KEY)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> samples() {
    List<Arguments> all = new ArrayList<>();
    for (String file :
        List.of("/corpus/errors.json", "/corpus/errors-extra.json", "/gemini/errors.json")) {
      JsonNode samples = load(file);
      for (int i = 0; i < samples.size(); i++) {
        JsonNode sample = samples.get(i);
        if (sample.path("provider").asText().equals("gemini")) {
          String name =
              String.format(
                  "%s #%d %d → %s",
                  file, i, sample.path("status").asInt(), sample.path("expect").asText());
          all.add(Arguments.of(Named.of(name, sample)));
        }
      }
    }
    return all.stream();
  }

  @Test
  void theCorpusHasGeminiSamples() {
    // errors.json has 4, errors-extra.json 16, ours more: a much smaller count means a file went
    // missing.
    assertThat(samples().count()).isGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void eachSampleEndsAsItsKind(JsonNode sample) {
    Map<String, String> headers = new LinkedHashMap<>();
    sample
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    headers.putIfAbsent("content-type", "application/json");
    JsonNode body = sample.path("body");
    server.respond(
        sample.path("status").asInt(), headers, body.isTextual() ? body.asText() : body.toString());

    Failure failure =
        failureOf(() -> provider.send(ChatRequest.of("q"), "gemini-2.5-flash").join());

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
    assertThat(failure.toString()).doesNotContain(KEY);
  }

  static Failure failureOf(Runnable call) {
    try {
      call.run();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(ProviderException.class);
      return ((ProviderException) e.getCause()).failure();
    }
    throw new AssertionError("expected a failure");
  }

  private static JsonNode load(String resource) {
    try (InputStream in = GeminiErrorsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
