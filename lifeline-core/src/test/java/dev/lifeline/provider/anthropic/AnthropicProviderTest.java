package dev.lifeline.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only Anthropic's builder has: its defaults, {@code defaultMaxTokens}, and a derived copy
 * that keeps them. The contract every HTTP adapter keeps (timeouts, cancellation, limits,
 * redirects, the shared settings) is {@link dev.lifeline.provider.HttpAdapterContractTest}'s.
 */
@Timeout(10)
class AnthropicProviderTest {

  private static final ApiKey KEY = ApiKey.of("sk-ant-api03-builder-test-0123456789");

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theBuilderHasDefaults() {
    AnthropicProvider provider = AnthropicProvider.builder().apiKey(KEY).build();

    assertThat(provider.name()).isEqualTo("anthropic");
    assertThat(provider.baseUrl()).isEqualTo(AnthropicProvider.DEFAULT_BASE_URL);
    assertThat(provider.credentials()).containsExactly(KEY);
    assertThat(provider.classifier()).isInstanceOf(AnthropicErrorClassifier.class);
    assertThat(provider.toString()).doesNotContain(KEY.reveal());
    assertThat(AnthropicProvider.builder().apiKey(KEY).name("claude-eu").build().name())
        .isEqualTo("claude-eu");

    assertThatThrownBy(() -> AnthropicProvider.builder().defaultMaxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void toBuilderDerivesAProviderWithTheSameSettings() throws Exception {
    server.respondJson(200, "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}");
    AnthropicProvider original =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .defaultMaxTokens(321)
            .header("anthropic-beta", "x")
            .build();

    AnthropicProvider derived = original.toBuilder().name("claude-2").build();
    derived.send(ChatRequest.of("q"), "m").join();

    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(derived.name()).isEqualTo("claude-2");
    assertThat(original.name()).isEqualTo("anthropic");
    assertThat(request.header("x-api-key")).isEqualTo(KEY.reveal());
    assertThat(request.header("anthropic-beta")).isEqualTo("x");
    assertThat(request.body()).contains("\"max_tokens\":321");
  }
}
