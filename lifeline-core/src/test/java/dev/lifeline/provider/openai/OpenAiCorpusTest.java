package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every OpenAI-family sample of the provider corpus ({@code corpus/errors.json} and {@code
 * corpus/errors-extra.json}, copied from {@code shared/corpus}) and of this adapter's own vectors
 * ({@code openai/errors-family.json}) is served over HTTP to the matching preset, and the call
 * fails with the expected kind (and, where a sample names them, the remedy hint and the parsed
 * wait).
 */
class OpenAiCorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FAMILY =
      Set.of(
          "openai",
          "azure",
          "deepseek",
          "groq",
          "mistral",
          "openrouter",
          "together",
          "ollama",
          "vllm");

  private static OpenAiTestServer server;

  @BeforeAll
  static void start() {
    server = OpenAiTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> samples() {
    List<Arguments> all = new ArrayList<>();
    for (String file :
        List.of("/corpus/errors.json", "/corpus/errors-extra.json", "/openai/errors-family.json")) {
      JsonNode samples = load(file);
      for (int i = 0; i < samples.size(); i++) {
        JsonNode sample = samples.get(i);
        String provider = sample.path("provider").asText();
        if (FAMILY.contains(provider)) {
          String name =
              String.format(
                  "%s #%d %s %d → %s",
                  file, i, provider, sample.path("status").asInt(), sample.path("expect").asText());
          all.add(Arguments.of(Named.of(name, sample)));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void failsWithTheExpectedKind(JsonNode sample) {
    server.enqueue(reply(sample));
    OpenAiProvider provider = preset(sample.path("provider").asText());

    Failure failure = Await.failure(provider.send(ChatRequest.of("hello"), "gpt-4o"));

    assertThat(failure.kind())
        .as("%s: %s", sample.path("source").asText(), failure)
        .isEqualTo(ErrorKind.valueOf(sample.path("expect").asText()));
    assertThat(failure.status()).isEqualTo(sample.path("status").asInt());
    if (sample.has("expectHint")) {
      JsonNode hint = sample.get("expectHint");
      assertThat(failure.remedyHint())
          .as("remedy hint: %s", failure)
          .isEqualTo(hint.isNull() ? null : Remedy.valueOf(hint.asText()));
    }
    if (sample.has("expectRetryAfterMs")) {
      assertThat(failure.retryAfter())
          .isEqualTo(Duration.ofMillis(sample.get("expectRetryAfterMs").asLong()));
    }
  }

  private static OpenAiProvider preset(String provider) {
    ApiKey key = ApiKey.of("test-key");
    switch (provider) {
      case "openai":
        return OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(key).build();
      case "azure":
        return OpenAiProvider.azure(server.root()).apiKey(key).build();
      case "deepseek":
        return OpenAiProvider.deepSeek().baseUrl(server.root()).apiKey(key).build();
      case "groq":
        return OpenAiProvider.groq().baseUrl(server.baseUrl()).apiKey(key).build();
      case "mistral":
        return OpenAiProvider.mistral().baseUrl(server.baseUrl()).apiKey(key).build();
      case "openrouter":
        return OpenAiProvider.openRouter().baseUrl(server.baseUrl()).apiKey(key).build();
      case "together":
        return OpenAiProvider.together().baseUrl(server.baseUrl()).apiKey(key).build();
      case "ollama":
        return OpenAiProvider.ollama().baseUrl(server.baseUrl()).build();
      case "vllm":
        return OpenAiProvider.vllm(server.baseUrl()).build();
      default:
        throw new IllegalArgumentException(provider);
    }
  }

  /** The sample as the server sends it: its status, its headers, its body as written. */
  private static Reply reply(JsonNode sample) {
    Map<String, String> headers = new LinkedHashMap<>();
    sample
        .path("headers")
        .properties()
        .forEach(entry -> headers.put(entry.getKey(), entry.getValue().asText()));
    JsonNode body = sample.path("body");
    String text = body.isTextual() ? body.asText() : body.toString();
    if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      headers.put("Content-Type", text.strip().startsWith("<") ? "text/html" : "application/json");
    }
    return Reply.body(sample.path("status").asInt(), headers, text);
  }

  private static JsonNode load(String resource) {
    try (InputStream in = OpenAiCorpusTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
