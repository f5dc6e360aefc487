package dev.lifeline.cli;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeLlmServer;
import java.time.Duration;

/**
 * The demo's providers: three fake servers on loopback that speak the OpenAI, Anthropic and (for
 * DeepSeek) OpenAI wire formats, and the adapters that talk to them over real HTTP.
 */
final class DemoFleet implements AutoCloseable {

  /**
   * Short waits so that the demo's outages play out in seconds; the logic is the production one.
   */
  static final RetryPolicy RETRY =
      RetryPolicy.builder()
          .baseDelay(Duration.ofMillis(200))
          .maxDelay(Duration.ofSeconds(1))
          .maxRetryAfter(Duration.ofSeconds(10))
          .build();

  private static final Timeouts TIMEOUTS =
      Timeouts.defaults()
          .withConnect(Duration.ofSeconds(2))
          .withFirstByte(Duration.ofSeconds(5))
          .withIdle(Duration.ofSeconds(5))
          .withTotal(Duration.ofSeconds(20));

  final FakeFleet fleet;

  DemoFleet() {
    fleet = FakeFleet.builder().openAi("openai").anthropic("anthropic").openAi("deepseek").build();
    fleet.start();
  }

  FakeLlmServer openai() {
    return fleet.server("openai");
  }

  FakeLlmServer anthropic() {
    return fleet.server("anthropic");
  }

  FakeLlmServer deepseek() {
    return fleet.server("deepseek");
  }

  /** Every server healthy, recordings cleared. */
  void reset() {
    fleet.reset();
  }

  /**
   * An engine over the three servers, ladder openai[gpt-4o, gpt-4o-mini] → anthropic → deepseek.
   */
  SelfHealingEngine.Builder engine() {
    return SelfHealingEngine.builder()
        .provider(
            ProviderLadder.of(
                    OpenAiProvider.openAi()
                        .baseUrl(openai().baseUrl())
                        .apiKey(ApiKey.of("sk-demo-openai-0000000000000000"))
                        .timeouts(TIMEOUTS)
                        .build())
                .model("gpt-4o", 128_000)
                .model("gpt-4o-mini", 128_000))
        .provider(
            ProviderLadder.of(
                    AnthropicProvider.builder()
                        .baseUrl(anthropic().baseUrl())
                        .apiKey(ApiKey.of("sk-ant-demo-000000000000000000"))
                        .timeouts(TIMEOUTS)
                        .build())
                .model("claude-sonnet-4-20250514", 200_000))
        .provider(
            ProviderLadder.of(
                    OpenAiProvider.deepSeek()
                        .baseUrl(deepseek().baseUrl())
                        .apiKey(ApiKey.of("sk-demo-deepseek-00000000000000"))
                        .timeouts(TIMEOUTS)
                        .build())
                .model("deepseek-chat", 64_000))
        .retryPolicy(RETRY)
        .deadline(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    fleet.close();
  }
}
