package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.Playbook;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderException;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an engine learned survives the engine, the store and the process, in an SQLite file. */
class EngineRestartTest {

  private static final ChatRequest LARGE =
      ChatRequest.of("clause ".repeat(12_000)); // ~21,000 tokens

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock();

  /** "alpha" cannot take prompts over 8,000 tokens; "beta" takes anything. */
  private static Provider provider(String name, boolean smallContext) {
    return new Provider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
        if (smallContext && request.estimatedPromptTokens() > 8_000) {
          return CompletableFuture.failedFuture(
              new ProviderException(
                  Failure.builder(ErrorKind.CONTEXT_LENGTH_EXCEEDED)
                      .status(400)
                      .providerCode("context_length_exceeded")
                      .build()));
        }
        return CompletableFuture.completedFuture(
            ChatResponse.builder()
                .text("summary: the clauses are fine")
                .finishReason(FinishReason.STOP)
                .provider(name)
                .model(model)
                .build());
      }
    };
  }

  private SelfHealingEngine engine(StateStore store) {
    return SelfHealingEngine.builder()
        .provider(provider("alpha", true), "a")
        .provider(provider("beta", false), "b")
        .stateStore(store)
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  @Test
  void aRestartedEngineStartsFromWhatTheLastOneLearned() {
    Path file = dir.resolve("lifeline.db");
    // Closing the write-behind queue drains it into the file, as closing the engine will.
    try (WriteBehindStateStore store = WriteBehindStateStore.wrap(SqliteStateStore.open(file))) {
      SelfHealingEngine first = engine(store);
      assertThat(first.call(LARGE).trace().attemptCount()).isEqualTo(2);
      assertThat(first.call(LARGE).trace().attemptCount()).isEqualTo(2);
      assertThat(first.call(LARGE).trace().attemptCount()).isEqualTo(1);
    }

    try (WriteBehindStateStore reopened = WriteBehindStateStore.wrap(SqliteStateStore.open(file))) {
      SelfHealingEngine second = engine(reopened);
      ChatResponse answer = second.call(LARGE);

      assertThat(answer.trace().attemptCount()).isEqualTo(1);
      assertThat(answer.provider()).isEqualTo("beta");
      assertThat(answer.trace().notes())
          .anySatisfy(note -> assertThat(note).contains("learned from 2 CONTEXT_LENGTH_EXCEEDED"));
      assertThat(second.playbook().entries()).hasSize(1);
      assertThat(reopened.all(Playbook.NAMESPACE).values())
          .allSatisfy(value -> assertThat(value).doesNotContain("clause"));
    }
  }

  @Test
  void aRestartedEngineSkipsAProviderWhoseQuotaWasSpent() {
    Path file = dir.resolve("holds.db");
    int[] alphaCalls = {0};
    Provider spent =
        new Provider() {
          @Override
          public String name() {
            return "alpha";
          }

          @Override
          public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
            alphaCalls[0]++;
            return CompletableFuture.failedFuture(
                new ProviderException(
                    Failure.builder(ErrorKind.QUOTA_EXHAUSTED)
                        .status(429)
                        .providerCode("insufficient_quota")
                        .build()));
          }
        };
    try (WriteBehindStateStore store = WriteBehindStateStore.wrap(SqliteStateStore.open(file))) {
      SelfHealingEngine first =
          SelfHealingEngine.builder()
              .provider(spent, "a")
              .provider(provider("beta", false), "b")
              .stateStore(store)
              .ticker(clock)
              .scheduler(clock)
              .build();
      assertThat(first.call("q").provider()).isEqualTo("beta");
    }
    clock.advance(Duration.ofMinutes(5));

    try (WriteBehindStateStore reopened = WriteBehindStateStore.wrap(SqliteStateStore.open(file))) {
      SelfHealingEngine second =
          SelfHealingEngine.builder()
              .provider(spent, "a")
              .provider(provider("beta", false), "b")
              .stateStore(reopened)
              .ticker(clock)
              .scheduler(clock)
              .build();
      ChatResponse answer = second.call("q");

      assertThat(answer.trace().attemptCount()).isEqualTo(1);
      assertThat(alphaCalls[0]).isEqualTo(1);
      assertThat(answer.trace().notes())
          .anySatisfy(
              note ->
                  assertThat(note).contains("provider alpha cooling down").contains("restored"));
    }
  }

  @Test
  void anEngineOnACorruptFileKeepsWorkingOnMemory() throws Exception {
    Path file = dir.resolve("corrupt.db");
    Files.write(
        file,
        "this is not a database, but it is long enough to look like one to a careless reader"
            .repeat(20)
            .getBytes(StandardCharsets.UTF_8));
    dev.lifeline.internal.state.FailSafeStateStore store =
        dev.lifeline.internal.state.FailSafeStateStore.open(() -> SqliteStateStore.open(file));
    assertThat(store.degraded()).isTrue();

    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(provider("alpha", true), "a")
            .provider(provider("beta", false), "b")
            .stateStore(store)
            .ticker(clock)
            .scheduler(clock)
            .build();
    for (int i = 0; i < 2; i++) {
      assertThat(engine.call(LARGE).provider()).isEqualTo("beta");
    }
    assertThat(engine.call(LARGE).trace().attemptCount()).isEqualTo(1); // learned in memory
    clock.advance(Duration.ofSeconds(1));
  }
}
