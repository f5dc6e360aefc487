package dev.lifeline.bench;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.Provider;
import java.util.concurrent.CompletableFuture;

/**
 * A provider that answers every request at once, on the caller's thread, with one prebuilt answer.
 *
 * <p>Its own cost is one completed future per call, so that whatever a benchmark measures above
 * {@link #send} is the engine's. The answer is a plain sentence with finish reason STOP, which
 * every default validator passes (a realistic answer, not one that short-circuits them).
 * Thread-safe.
 */
final class ImmediateProvider implements Provider {

  /** The provider's name in the engine. */
  static final String NAME = "instant";

  /** The one model it serves. */
  static final String MODEL = "instant-1";

  /** The answer every call gets: what the default validators see on the happy path. */
  static final String ANSWER =
      "Your refund of 42.00 EUR for order 1234 has been processed and will reach your card"
          + " within five business days.";

  private final String name;
  private final ChatResponse answer;

  /** The provider {@value #NAME}, answering as {@value #MODEL}. */
  ImmediateProvider() {
    this(NAME);
  }

  /** A provider called {@code name}, for engines with more than one provider. */
  ImmediateProvider(String name) {
    this.name = name;
    this.answer =
        ChatResponse.builder()
            .text(ANSWER)
            .finishReason(FinishReason.STOP)
            .usage(new Usage(24, 26))
            .provider(name)
            .model(MODEL)
            .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return CompletableFuture.completedFuture(answer);
  }
}
