package dev.lifeline.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only Gemini's builder has: its defaults, and a derived copy that keeps them. The contract
 * every HTTP adapter keeps (timeouts, cancellation, limits, redirects, the shared settings) is
 * {@link dev.lifeline.provider.HttpAdapterContractTest}'s.
 */
@Timeout(10)
class GeminiProviderTest {

  private static final ApiKey KEY = ApiKey.of("AIzaSyD-builder-test-0123456789abcdefghijk");

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theBuilderHasDefaults() {
    GeminiProvider provider = GeminiProvider.builder().apiKey(KEY).build();

    assertThat(provider.name()).isEqualTo("gemini");
    assertThat(provider.baseUrl()).isEqualTo(GeminiProvider.DEFAULT_BASE_URL);
    assertThat(provider.credentials()).containsExactly(KEY);
    assertThat(provider.classifier()).isInstanceOf(GeminiErrorClassifier.class);
    assertThat(provider.toString()).doesNotContain(KEY.reveal());
  }

  @Test
  void toBuilderDerivesAProviderWithTheSameSettings() {
    server.respondJson(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]}}]}");
    GeminiProvider original =
        GeminiProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .header("x-goog-user-project", "p")
            .build();

    GeminiProvider derived = original.toBuilder().name("gemini-eu").build();
    derived.send(ChatRequest.of("q"), "gemini-2.5-flash").join();

    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(derived.name()).isEqualTo("gemini-eu");
    assertThat(original.name()).isEqualTo("gemini");
    assertThat(request.header("x-goog-api-key")).isEqualTo(KEY.reveal());
    assertThat(request.header("x-goog-user-project")).isEqualTo("p");
  }
}
