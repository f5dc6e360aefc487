package dev.lifeline.testkit.it;

import dev.lifeline.provider.Provider;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;

/** Lifeline's adapters pointed at a fake server of their wire format, with short timeouts. */
final class Adapters {

  static final Timeouts SHORT =
      Timeouts.defaults()
          .withConnect(Duration.ofSeconds(2))
          .withFirstByte(Duration.ofSeconds(2))
          .withIdle(Duration.ofSeconds(2))
          .withTotal(Duration.ofSeconds(10));

  private Adapters() {}

  /** The model each format's tests ask for. */
  static String model(WireFormat format) {
    return switch (format) {
      case OPENAI -> "gpt-4o";
      case ANTHROPIC -> "claude-sonnet-4-20250514";
      case GEMINI -> "gemini-2.5-flash";
    };
  }

  /** The adapter of {@code server}'s format, named after the server, with {@code key}. */
  static Provider adapterFor(FakeLlmServer server, String key, Timeouts timeouts) {
    return server.provider(key, timeouts);
  }

  static Provider adapterFor(FakeLlmServer server, String key) {
    return adapterFor(server, key, SHORT);
  }
}
