package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Recorded;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A key goes to its own base URL and nowhere else, over https unless the host is this machine. */
class OpenAiSecurityTest {

  // Deliberately not key-shaped, so only the provider's knowledge of its own key can hide it.
  private static final String KEY_A = "alpha-secret-value-1111";
  private static final String KEY_B = "bravo-secret-value-2222";
  private static final String OK =
      "{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

  private final OpenAiTestServer serverA = OpenAiTestServer.start();
  private final OpenAiTestServer serverB = OpenAiTestServer.start();

  @AfterEach
  void stop() {
    serverA.close();
    serverB.close();
  }

  @Test
  void eachKeyReachesOnlyItsOwnServer() {
    serverA.enqueue(Reply.json(200, OK)).enqueue(Reply.stream(OpenAiTestServer.Sse.of("ok")));
    serverB.enqueue(Reply.json(200, OK)).enqueue(Reply.stream(OpenAiTestServer.Sse.of("ok")));
    OpenAiProvider a =
        OpenAiProvider.openAi()
            .name("a")
            .baseUrl(serverA.baseUrl())
            .apiKey(ApiKey.of(KEY_A))
            .build();
    OpenAiProvider b =
        OpenAiProvider.azure(serverB.root()).name("b").apiKey(ApiKey.of(KEY_B)).build();

    Await.answer(a.send(ChatRequest.of("x"), "m"));
    Await.answer(b.send(ChatRequest.of("x"), "m"));
    Await.answer(a.stream(ChatRequest.of("x"), "m", delta -> {}));
    Await.answer(b.stream(ChatRequest.of("x"), "m", delta -> {}));

    assertThat(serverA.requests())
        .hasSize(2)
        .allSatisfy(request -> assertCarriesOnly(request, KEY_A, KEY_B));
    assertThat(serverB.requests())
        .hasSize(2)
        .allSatisfy(request -> assertCarriesOnly(request, KEY_B, KEY_A));
  }

  @Test
  void aRedirectIsNeverFollowedSoTheKeyIsNotReplayedElsewhere() {
    serverA.enqueue(Reply.redirect(serverB.baseUrl().resolve("/v1/chat/completions")));
    OpenAiProvider a =
        OpenAiProvider.openAi().baseUrl(serverA.baseUrl()).apiKey(ApiKey.of(KEY_A)).build();

    Failure failure = Await.failure(a.send(ChatRequest.of("x"), "m"));

    assertThat(failure.status()).isEqualTo(307);
    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(serverB.requests()).isEmpty();
  }

  @Test
  void aClientThatFollowsRedirectsIsRejected() {
    HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    assertThatThrownBy(() -> OpenAiProvider.openAi().httpClient(following))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Redirect.NEVER");
  }

  @Test
  void aClientThatFollowsNoRedirectsIsUsed() {
    serverA.enqueue(Reply.json(200, OK));
    HttpClient own = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    OpenAiProvider a =
        OpenAiProvider.openAi()
            .baseUrl(serverA.baseUrl())
            .apiKey(ApiKey.of(KEY_A))
            .httpClient(own)
            .build();

    assertThat(Await.answer(a.send(ChatRequest.of("x"), "m")).text()).isEqualTo("ok");
  }

  @Test
  void plainHttpIsRefusedForAHostThatIsNotThisMachine() {
    assertThatThrownBy(
            () -> OpenAiProvider.openAi().baseUrl(URI.create("http://api.example.com/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must use https");
    assertThatThrownBy(() -> OpenAiProvider.vllm(URI.create("http://10.0.0.7:8000/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must use https");
    assertThatThrownBy(() -> OpenAiProvider.azure(URI.create("http://res.openai.azure.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8000/v1",
        "http://127.0.0.1:8000/v1",
        "http://127.1.2.3/v1",
        "http://[::1]:8000/v1"
      })
  void plainHttpIsAllowedOnLoopback(String url) {
    assertThat(OpenAiProvider.vllm(URI.create(url)).build().baseUrl()).isEqualTo(URI.create(url));
  }

  @Test
  void httpsIsAllowedAnywhereAndATrailingSlashIsDropped() {
    OpenAiProvider vllm =
        OpenAiProvider.vllm(URI.create("https://gpu-box.internal:8000/v1/")).build();

    assertThat(vllm.baseUrl()).isEqualTo(URI.create("https://gpu-box.internal:8000/v1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://api.example.com",
        "api.example.com/v1",
        "https://user:pw@api.example.com/v1",
        "https://api.example.com/v1?x=1"
      })
  void aBaseUrlThatIsNotAPlainHttpsUrlIsRejected(String url) {
    assertThatThrownBy(() -> OpenAiProvider.builder().baseUrl(url))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialHeadersMustGoThroughTheApiKey() {
    assertThatThrownBy(() -> OpenAiProvider.openAi().header("Authorization", "Bearer " + KEY_A))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey(...)")
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(() -> OpenAiProvider.openAi().header("api-key", KEY_A))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiProvider.openAi().header("Content-Type", "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiProvider.openAi().header("Accept", "text/html"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiProvider.openAi().header("X-Evil", "a\r\nHost: b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeyIsInCredentialsButNeverInToString() {
    OpenAiProvider a = OpenAiProvider.openAi().apiKey(ApiKey.of(KEY_A)).build();

    assertThat(a.credentials()).extracting(ApiKey::reveal).containsExactly(KEY_A);
    assertThat(a.toString()).doesNotContain(KEY_A).contains("openai");
    assertThat(OpenAiProvider.ollama().build().credentials()).isEmpty();
  }

  @Test
  void aKeyEchoedBackInAnErrorIsScrubbedFromTheFailure() {
    serverA.enqueue(
        Reply.body(
            401,
            Map.of("Content-Type", "application/json", "x-request-id", "req_" + KEY_A),
            "{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY_A
                + ".\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}"));
    OpenAiProvider a =
        OpenAiProvider.openAi().baseUrl(serverA.baseUrl()).apiKey(ApiKey.of(KEY_A)).build();

    Failure failure = Await.failure(a.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(failure.toString()).doesNotContain(KEY_A);
    assertThat(failure.headers().toString()).doesNotContain(KEY_A);
    assertThat(failure.message()).contains("Incorrect API key provided");
  }

  private static void assertCarriesOnly(Recorded request, String own, String other) {
    String everything = request.headers() + request.body() + request.path() + request.query();
    assertThat(everything).contains(own).doesNotContain(other);
  }
}
