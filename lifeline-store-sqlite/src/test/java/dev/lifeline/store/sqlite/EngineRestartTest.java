package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.Playbook;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.state.StateStore;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an engine learned survives the engine, the store and the process, in an SQLite file. */
class EngineRestartTest {

  private static final ChatRequest LARGE =
      ChatRequest.of("clause ".repeat(12_000)); // ~21,000 tokens

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock();

  /** "alpha" cannot take prompts over 8,000 tokens; "beta" takes anything. */
  private static ScriptedProvider provider(String name, boolean smallContext) {
    ScriptedProvider.Builder builder = ScriptedProvider.builder(name);
    if (smallContext) {
      builder.contextWindow(8_000);
    }
    ScriptedProvider provider = builder.build();
    provider.script().answerText("summary: the clauses are fine");
    return provider;
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
    ScriptedProvider spent = ScriptedProvider.named("alpha").always(Fault.quotaExhausted());
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
      assertThat(spent.callCount()).isEqualTo(1);
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
