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
 * What only Anthropic's builder has: {@code defaultMaxTokens}, checked and kept by {@code
 * toBuilder}. The contract every HTTP adapter keeps (defaults, timeouts, cancellation, limits,
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
  void defaultMaxTokensIsCheckedAndKeptByToBuilder() {
    assertThatThrownBy(() -> AnthropicProvider.builder().defaultMaxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    server.respondJson(200, "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}");
    AnthropicProvider original =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .defaultMaxTokens(321)
            .build();

    original.toBuilder().name("claude-2").build().send(ChatRequest.of("q"), "m").join();

    assertThat(server.takeRequest().body()).contains("\"max_tokens\":321");
  }
}
