package dev.lifeline.langchain4j;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;

/** Two fake OpenAI servers on loopback, a primary and a backup, and an engine over both. */
final class Fleet implements AutoCloseable {

  final FakeLlmServer primary = server("primary");
  final FakeLlmServer backup = server("backup");

  private static FakeLlmServer server(String name) {
    return FakeLlmServer.builder(WireFormat.OPENAI).name(name).build().start();
  }

  /** An engine that tries the primary's gpt-4o, then fails over to the backup's gpt-4o-mini. */
  SelfHealingEngine engine() {
    return SelfHealingEngine.builder()
        .provider(primary.provider(), "gpt-4o")
        .provider(backup.provider(), "gpt-4o-mini")
        .retryPolicy(fastRetries())
        .build();
  }

  /** Backoff of a few milliseconds, so a test of retries takes no time. */
  static RetryPolicy fastRetries() {
    return RetryPolicy.builder()
        .baseDelay(Duration.ofMillis(5))
        .maxDelay(Duration.ofMillis(10))
        .build();
  }

  @Override
  public void close() {
    primary.close();
    backup.close();
  }
}
