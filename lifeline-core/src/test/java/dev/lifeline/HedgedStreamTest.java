package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Message;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Hedged streams on a virtual clock: a stream without its first delta after the delay gets a
 * backup, the side whose first delta comes first is the one the caller hears, whole and alone, and
 * the other is cancelled and traced as the loser; a stream that has begun is never hedged; a backup
 * that breaks after claiming the stream is continued like any broken stream.
 */
class HedgedStreamTest {

  private final VirtualClock clock = new VirtualClock();

  /** How one stream of a {@link Streamer} goes: first delta after ttft, then a delta per 100 ms. */
  private record Script(Duration ttft, List<String> deltas, boolean breaksAtEnd) {
    static Script of(long ttftMillis, String... deltas) {
      return new Script(Duration.ofMillis(ttftMillis), List.of(deltas), false);
    }

    Script breaking() {
      return new Script(ttft, deltas, true);
    }
  }

  /** A streaming provider whose n-th stream (from 0) follows {@code scriptOf.apply(n)}. */
  private final class Streamer implements Provider {
    private final String name;
    private final IntFunction<Script> scriptOf;
    final List<Long> sentAtNanos = new ArrayList<>();
    final List<ChatRequest> requests = new ArrayList<>();
    final List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();

    Streamer(String name, IntFunction<Script> scriptOf) {
      this.name = name;
      this.scriptOf = scriptOf;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      return stream(request, model, delta -> {});
    }

    @Override
    public CompletableFuture<ChatResponse> stream(
        ChatRequest request, String model, Consumer<String> onDelta) {
      Script script = scriptOf.apply(calls.size());
      CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
      sentAtNanos.add(clock.nanos());
      requests.add(request);
      calls.add(answer);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < script.deltas().size(); i++) {
        String delta = script.deltas().get(i);
        clock.schedule(
            () -> {
              if (!answer.isDone()) {
                text.append(delta);
                onDelta.accept(delta);
              }
            },
            script.ttft().plusMillis(100L * i));
      }
      clock.schedule(
          () -> {
            if (script.breaksAtEnd()) {
              answer.completeExceptionally(new IllegalStateException("stream cut: 500"));
            } else {
              answer.complete(
                  ChatResponse.builder().text(text.toString()).provider(name).model(model).build());
            }
          },
          script.ttft().plusMillis(100L * script.deltas().size()));
      return answer;
    }
  }

  private SelfHealingEngine engine(Provider primary, Provider backup, HedgePolicy hedging) {
    return SelfHealingEngine.builder()
        .provider(primary, "m")
        .provider(backup, "b")
        .ticker(clock)
        .scheduler(clock)
        .hedging(hedging)
        .build();
  }

  /** Streams {@code request} to the end; returns the answer and what the caller received. */
  private Streamed stream(SelfHealingEngine engine, ChatRequest request) {
    StringBuilder heard = new StringBuilder();
    CompletableFuture<ChatResponse> call = engine.stream(request, heard::append);
    clock.runUntilIdle(Duration.ofHours(1));
    return new Streamed(call.join(), heard.toString());
  }

  private record Streamed(ChatResponse answer, String heard) {}

  private static HedgePolicy afterTwoSeconds() {
    return HedgePolicy.after(Duration.ofMillis(2_000)).withBudget(0.5);
  }

  /** Two quick streams each earn half a hedge of the budget. */
  private void earnAHedge(SelfHealingEngine engine) {
    stream(engine, ChatRequest.of("warm"));
    stream(engine, ChatRequest.of("warm"));
  }

  @Test
  void aStreamWithoutItsFirstDeltaGetsABackupAtTheDelayWhoseTextAloneReachesTheCaller() {
    Streamer primary =
        new Streamer(
            "primary", n -> n < 2 ? Script.of(100, "ok") : Script.of(10_000, "slow ", "text"));
    Streamer backup = new Streamer("backup", n -> Script.of(500, "Fast ", "answer ", "here."));
    SelfHealingEngine engine = engine(primary, backup, afterTwoSeconds());
    earnAHedge(engine);

    long start = clock.nanos();
    Streamed streamed = stream(engine, ChatRequest.of("q"));

    assertThat(backup.sentAtNanos).containsExactly(start + Duration.ofMillis(2_000).toNanos());
    assertThat(streamed.heard()).isEqualTo("Fast answer here.");
    assertThat(streamed.answer().text()).isEqualTo("Fast answer here.");
    assertThat(streamed.answer().provider()).isEqualTo("backup");
    // The primary is cancelled when the backup's first delta comes, at 2.5 s, not when it ends.
    assertThat(primary.calls.get(2)).isCancelled();
    assertThat(streamed.answer().trace().attempts())
        .satisfiesExactly(
            loser -> {
              assertThat(loser.deployment().provider()).isEqualTo("primary");
              assertThat(loser.decision()).isEqualTo(Decision.HEDGE_LOST);
              assertThat(loser.failure()).isNull();
              assertThat(loser.latency()).isEqualTo(Duration.ofMillis(2_500));
            },
            winner -> {
              assertThat(winner.deployment().provider()).isEqualTo("backup");
              assertThat(winner.decision()).isEqualTo(Decision.ACCEPT);
            });
    assertThat(streamed.answer().trace().notes())
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains(
                        "hedged on backup/b after 2000 ms without a first delta",
                        "backup/b streamed first",
                        "primary/m cancelled"));
    // The cancelled primary is neither a success nor a failure; the backup's time to first token
    // is counted from its own start.
    assertThat(healthOf(engine, "primary").failures()).isZero();
    assertThat(healthOf(engine, "primary").successes()).isEqualTo(2);
    assertThat(healthOf(engine, "backup").successes()).isEqualTo(1);
  }

  @Test
  void thePrimarysFirstDeltaAfterTheBackupStartedWinsAndTheBackupIsCancelledAtOnce() {
    Streamer primary =
        new Streamer(
            "primary", n -> n < 2 ? Script.of(100, "ok") : Script.of(2_300, "Primary ", "text."));
    Streamer backup = new Streamer("backup", n -> Script.of(1_000, "Backup ", "text."));
    SelfHealingEngine engine = engine(primary, backup, afterTwoSeconds());
    earnAHedge(engine);

    Streamed streamed = stream(engine, ChatRequest.of("q"));

    assertThat(backup.calls).hasSize(1);
    assertThat(backup.calls.get(0)).isCancelled();
    assertThat(streamed.heard()).isEqualTo("Primary text.");
    assertThat(streamed.answer().text()).isEqualTo("Primary text.");
    assertThat(streamed.answer().trace().attempts())
        .satisfiesExactly(
            loser -> {
              assertThat(loser.deployment().provider()).isEqualTo("backup");
              assertThat(loser.decision()).isEqualTo(Decision.HEDGE_LOST);
              // Sent at 2 s, cancelled at 2.3 s by the primary's first delta.
              assertThat(loser.latency()).isEqualTo(Duration.ofMillis(300));
            },
            winner -> assertThat(winner.decision()).isEqualTo(Decision.ACCEPT));
    assertThat(streamed.answer().trace().notes())
        .anySatisfy(note -> assertThat(note).contains("primary/m streamed first"));
    assertThat(healthOf(engine, "backup").failures()).isZero();
  }

  @Test
  void aStreamWhoseFirstDeltaCameBeforeTheDelayIsNeverHedgedHoweverLongItRuns() {
    Streamer primary =
        new Streamer(
            "primary",
            n ->
                n < 2
                    ? Script.of(100, "ok")
                    : new Script(Duration.ofMillis(1_000), words(60), false));
    Streamer backup = new Streamer("backup", n -> Script.of(100, "Backup."));
    SelfHealingEngine engine = engine(primary, backup, afterTwoSeconds());
    earnAHedge(engine);

    Streamed streamed = stream(engine, ChatRequest.of("q"));

    // The stream runs 7 s, far past the delay, but its first delta came at 1 s.
    assertThat(backup.calls).isEmpty();
    assertThat(streamed.heard()).isEqualTo(String.join("", words(60)));
    assertThat(streamed.answer().trace().attempts()).hasSize(1);
  }

  @Test
  void aBackupThatBreaksAfterClaimingTheStreamIsContinuedWithoutRepeatingItsText() {
    Streamer primary =
        new Streamer(
            "primary",
            n ->
                switch (n) {
                  case 0, 1 -> Script.of(100, "ok");
                  case 2 -> Script.of(10_000, "never ", "heard");
                  // The continuation: asked to go on from "The quick brown ".
                  default -> Script.of(100, "fox ", "jumps.");
                });
    Streamer backup =
        new Streamer("backup", n -> Script.of(200, "The ", "quick ", "brown ").breaking());
    SelfHealingEngine engine = engine(primary, backup, afterTwoSeconds());
    earnAHedge(engine);

    Streamed streamed = stream(engine, ChatRequest.of("q"));

    assertThat(streamed.heard()).isEqualTo("The quick brown fox jumps.");
    assertThat(streamed.answer().text()).isEqualTo("The quick brown fox jumps.");
    ChatRequest continuation = primary.requests.get(3);
    assertThat(continuation.messages())
        .extracting(Message::content)
        .contains("The quick brown ", StreamContinuation.CONTINUE_TURN);
    assertThat(streamed.answer().trace().attempts())
        .extracting(attempt -> attempt.deployment().provider(), attempt -> attempt.decision())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("primary", Decision.HEDGE_LOST),
            org.assertj.core.groups.Tuple.tuple("backup", Decision.RETRY),
            org.assertj.core.groups.Tuple.tuple("primary", Decision.ACCEPT));
    // The retry after the backup's 500 is at the plan's position, the primary, and says so.
    assertThat(streamed.answer().trace().attempts().get(1).reason())
        .contains("on primary/m (backup/b was the hedge's backup)", "the stream broke");
    assertThat(healthOf(engine, "backup").failures()).isEqualTo(1);
    assertThat(healthOf(engine, "primary").failures()).isZero();
  }

  @Test
  void aHedgedContinuationSendsBothSidesThePartialAnswerAndTellsTheCallerOnce() {
    Streamer primary =
        new Streamer(
            "primary",
            n ->
                switch (n) {
                  case 0, 1 -> Script.of(100, "ok");
                  case 2 -> Script.of(100, "The ", "quick ").breaking();
                  default -> Script.of(10_000, "never heard");
                });
    Streamer backup = new Streamer("backup", n -> Script.of(100, "brown ", "fox."));
    SelfHealingEngine engine = engine(primary, backup, afterTwoSeconds());
    earnAHedge(engine);

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream =
        engine.streamEvents(ChatRequest.of("q"), CallOptions.defaults(), OnStreamBreak.CONTINUE)) {
      clock.runUntilIdle(Duration.ofHours(1));
      stream.forEachRemaining(events::add);
    }

    // The retry on the primary is slow to its first delta: hedged, and the backup continues.
    assertThat(events).filteredOn(StreamEvent.Continued.class::isInstance).hasSize(1);
    assertThat(events)
        .filteredOn(StreamEvent.TextDelta.class::isInstance)
        .extracting(event -> ((StreamEvent.TextDelta) event).text())
        .containsExactly("The ", "quick ", "brown ", "fox.");
    StreamEvent.Completed done = (StreamEvent.Completed) events.get(events.size() - 1);
    assertThat(done.answer().text()).isEqualTo("The quick brown fox.");
    for (ChatRequest sent : List.of(primary.requests.get(3), backup.requests.get(0))) {
      assertThat(sent.messages())
          .extracting(Message::content)
          .contains("The quick ", StreamContinuation.CONTINUE_TURN);
    }
    assertThat(primary.calls.get(3)).isCancelled();
    assertThat(done.trace().attempts())
        .extracting(attempt -> attempt.deployment().provider(), attempt -> attempt.decision())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("primary", Decision.RETRY),
            org.assertj.core.groups.Tuple.tuple("primary", Decision.HEDGE_LOST),
            org.assertj.core.groups.Tuple.tuple("backup", Decision.ACCEPT));
  }

  @Test
  void afterP95TheStreamIsHedgedAtItsOwnP95TimeToFirstDelta() {
    // Eighteen streams with a first delta at 100..1000 ms make a P95 of about 1 s; two quick ones
    // then each earn half a hedge.
    Streamer primary =
        new Streamer(
            "primary",
            n ->
                n < 18
                    ? Script.of(100L * (n % 10 + 1), "ok")
                    : Script.of(n < 20 ? 100 : 10_000, "ok"));
    Streamer backup = new Streamer("backup", n -> Script.of(100, "Backup."));
    SelfHealingEngine engine =
        engine(primary, backup, HedgePolicy.afterP95().withBudget(0.5).withMinSamples(18));
    for (int i = 0; i < 20; i++) {
      stream(engine, ChatRequest.of("warm"));
    }
    assertThat(backup.calls).isEmpty();
    Duration p95 = healthOf(engine, "primary").ttftP95();

    long start = clock.nanos();
    Streamed streamed = stream(engine, ChatRequest.of("q"));

    assertThat(p95).isBetween(Duration.ofMillis(900), Duration.ofMillis(1_010));
    assertThat(backup.sentAtNanos).containsExactly(start + p95.toNanos());
    assertThat(streamed.heard()).isEqualTo("Backup.");
  }

  @Test
  void theBudgetCapsStreamHedgesAtFivePercentOfTenThousandStreams() {
    Streamer primary = new Streamer("primary", n -> Script.of(3_000, "Slow ", "answer."));
    Streamer backup = new Streamer("backup", n -> Script.of(100, "Fast ", "answer."));
    SelfHealingEngine engine = engine(primary, backup, HedgePolicy.after(Duration.ofMillis(1_000)));

    int byBackup = 0;
    long attempts = 0;
    for (int i = 0; i < 10_000; i++) {
      Streamed streamed = stream(engine, ChatRequest.of("q"));
      attempts += streamed.answer().trace().attemptCount();
      assertThat(streamed.heard()).isEqualTo(streamed.answer().text());
      if (streamed.answer().provider().equals("backup")) {
        byBackup++;
      }
    }

    assertThat(backup.calls).hasSize(500); // every 20th stream earns a whole hedge, and spends it
    assertThat(byBackup).isEqualTo(500);
    assertThat(primary.calls.stream().filter(CompletableFuture::isCancelled)).hasSize(500);
    assertThat(attempts).isEqualTo(primary.calls.size() + backup.calls.size());
  }

  private static List<String> words(int count) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      words.add("w" + i + " ");
    }
    return words;
  }

  private static DeploymentHealth healthOf(SelfHealingEngine engine, String provider) {
    return engine.health().stream()
        .filter(health -> health.deployment().provider().equals(provider))
        .findFirst()
        .orElseThrow();
  }
}
