package dev.lifeline.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.internal.http.HttpProvider;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.anthropic.AnthropicFixture;
import dev.lifeline.provider.gemini.GeminiFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings every HTTP adapter's builder shares, whatever its wire format: defaults, a derived
 * copy, and what it refuses because it would send the key elsewhere or in clear text.
 */
@Timeout(10)
class HttpAdapterBuilderTest {

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<HttpAdapterFixture> adapters() {
    return Stream.of(new AnthropicFixture(), new GeminiFixture());
  }

  private static URI baseUrlOf(Provider provider) {
    return ((HttpProvider<?, ?>) provider).baseUrl();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void httpsIsRequiredUnlessTheHostIsLoopback(HttpAdapterFixture adapter) {
    assertThatThrownBy(() -> adapter.builder().baseUrl(adapter.insecureBaseUrl()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https")
        .hasMessageContaining(adapter.insecureBaseUrl());
    for (String lookalike :
        new String[] {"http://127.0.0.1.evil.example", "http://localhost.evil.example"}) {
      assertThatThrownBy(() -> adapter.builder().baseUrl(lookalike))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> adapter.builder().baseUrl("ftp://127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.builder().baseUrl("https://user:hunter2@proxy.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> adapter.builder().baseUrl("https://proxy.example/?key=AIzaSyD-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("AIzaSyD-secret");

    for (String local :
        new String[] {
          "http://localhost:8080",
          "http://127.0.0.1",
          "http://127.0.0.2:1234",
          "http://[::1]:9000",
          "http://[::1]"
        }) {
      assertThat(baseUrlOf(adapter.builder().baseUrl(local).apiKey(adapter.key()).build()))
          .isEqualTo(URI.create(local));
    }
    assertThat(
            baseUrlOf(
                adapter
                    .builder()
                    .apiKey(adapter.key())
                    .baseUrl("https://gateway.example/llm/")
                    .build()))
        .isEqualTo(URI.create("https://gateway.example/llm"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void theBuilderHasDefaults(HttpAdapterFixture adapter) {
    Provider provider = adapter.builder().apiKey(adapter.key()).build();

    assertThat(provider.name()).isEqualTo(adapter.defaultName());
    assertThat(baseUrlOf(provider)).isEqualTo(adapter.defaultBaseUrl());
    assertThat(provider.credentials()).containsExactly(adapter.key());
    assertThat(provider.classifier()).isInstanceOf(adapter.classifierType());
    assertThat(provider.toString()).doesNotContain(adapter.key().reveal());
    assertThat(adapter.builder().apiKey(adapter.key()).name("custom-eu").build().name())
        .isEqualTo("custom-eu");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void toBuilderDerivesAProviderWithTheSameSettings(HttpAdapterFixture adapter) {
    server.respondJson(200, adapter.answer("ok"));
    HttpProvider<?, ?> original =
        (HttpProvider<?, ?>)
            adapter
                .builder()
                .baseUrl(server.baseUrl())
                .apiKey(adapter.key())
                .header(adapter.extraHeader(), "p")
                .build();

    Provider derived = original.toBuilder().name("derived").build();
    derived.send(ChatRequest.of("q"), adapter.model()).join();

    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(derived.name()).isEqualTo("derived");
    assertThat(original.name()).isEqualTo(adapter.defaultName());
    assertThat(request.header(adapter.keyHeader())).isEqualTo(adapter.key().reveal());
    assertThat(request.header(adapter.extraHeader())).isEqualTo("p");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void theBuilderRejectsWhatWouldLeakTheKey(HttpAdapterFixture adapter) {
    assertThatThrownBy(() -> adapter.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
    for (HttpClient.Redirect redirect :
        new HttpClient.Redirect[] {HttpClient.Redirect.NORMAL, HttpClient.Redirect.ALWAYS}) {
      assertThatThrownBy(
              () ->
                  adapter
                      .builder()
                      .httpClient(HttpClient.newBuilder().followRedirects(redirect).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redirect");
    }
    assertThatThrownBy(() -> adapter.builder().header(adapter.keyHeader(), "other-key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> adapter.builder().header("Authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.builder().header("host", "elsewhere"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.builder().header("Content-Type", "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.builder().header("x-trace", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.builder().maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> adapter.builder().maxBodyBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
