package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Hedged requests on a virtual clock: the backup starts exactly at the delay, the first answer wins
 * and the other side is cancelled and noted in the trace, health hears only of the side that
 * answered, and the budget caps the hedges at their share of the calls.
 */
class HedgingTest {

  private final VirtualClock clock = new VirtualClock();

  /** A provider whose n-th call (from 0) answers after {@code latencyOf.apply(n)}. */
  private final class Timed implements Provider {
    private final String name;
    private final IntFunction<Duration> latencyOf;
    final List<Long> sentAtNanos = new ArrayList<>();
    final List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();

    Timed(String name, IntFunction<Duration> latencyOf) {
      this.name = name;
      this.latencyOf = latencyOf;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
      Duration latency = latencyOf.apply(calls.size());
      sentAtNanos.add(clock.nanos());
      calls.add(answer);
      clock.schedule(
          () ->
              answer.complete(
                  ChatResponse.builder()
                      .text("answer of " + name)
                      .provider(name)
                      .model(model)
                      .build()),
          latency);
      return answer;
    }

    long cancelled() {
      return calls.stream().filter(CompletableFuture::isCancelled).count();
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

  private ChatResponse settle(CompletableFuture<ChatResponse> call) {
    clock.runUntilIdle(Duration.ofHours(1));
    return call.join();
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void theBackupStartsExactlyAtTheDelayAnswersFirstAndThePrimaryIsCancelled() {
    // Two quick calls fill the budget (half a hedge each); the third is slow and gets hedged.
    Timed primary = new Timed("primary", n -> n < 2 ? millis(100) : millis(10_000));
    Timed backup = new Timed("backup", n -> millis(1_000));
    SelfHealingEngine engine =
        engine(primary, backup, HedgePolicy.after(millis(2_000)).withBudget(0.5));
    settle(engine.callAsync(ChatRequest.of("q")));
    settle(engine.callAsync(ChatRequest.of("q")));

    long start = clock.nanos();
    ChatResponse answer = settle(engine.callAsync(ChatRequest.of("q")));

    assertThat(backup.sentAtNanos).containsExactly(start + millis(2_000).toNanos());
    assertThat(answer.provider()).isEqualTo("backup");
    assertThat(answer.trace().elapsed()).isEqualTo(millis(3_000));
    assertThat(primary.calls.get(2)).isCancelled();
    // One attempt per request sent: the loser first, cancelled when the backup answered at 3 s.
    assertThat(answer.trace().attempts())
        .hasSize(2)
        .satisfiesExactly(
            loser -> {
              assertThat(loser.deployment().provider()).isEqualTo("primary");
              assertThat(loser.decision()).isEqualTo(Decision.HEDGE_LOST);
              assertThat(loser.failure()).isNull();
              assertThat(loser.latency()).isEqualTo(millis(3_000));
              assertThat(loser.reason()).contains("cancelled", "backup/b answered first");
            },
            winner -> {
              assertThat(winner.deployment().provider()).isEqualTo("backup");
              assertThat(winner.decision()).isEqualTo(Decision.ACCEPT);
              assertThat(winner.latency()).isEqualTo(millis(1_000));
            });
    assertThat(answer.trace().notes())
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("hedged on backup/b after 2000 ms", "primary/m cancelled"));
    // The loser's health heard nothing: two answers, no failure; the winner's one answer.
    assertThat(healthOf(engine, "primary").successes()).isEqualTo(2);
    assertThat(healthOf(engine, "primary").failures()).isZero();
    assertThat(healthOf(engine, "backup").successes()).isEqualTo(1);
  }

  @Test
  void whenThePrimaryAnswersFirstTheHedgeIsCancelled() {
    Timed primary = new Timed("primary", n -> n < 2 ? millis(100) : millis(3_000));
    Timed backup = new Timed("backup", n -> millis(5_000));
    SelfHealingEngine engine =
        engine(primary, backup, HedgePolicy.after(millis(2_000)).withBudget(0.5));
    settle(engine.callAsync(ChatRequest.of("q")));
    settle(engine.callAsync(ChatRequest.of("q")));

    ChatResponse answer = settle(engine.callAsync(ChatRequest.of("q")));

    assertThat(answer.provider()).isEqualTo("primary");
    assertThat(answer.trace().elapsed()).isEqualTo(millis(3_000));
    assertThat(backup.calls).singleElement().satisfies(c -> assertThat(c).isCancelled());
    assertThat(answer.trace().attempts())
        .extracting(attempt -> attempt.deployment().provider(), attempt -> attempt.decision())
        .containsExactly(tuple("backup", Decision.HEDGE_LOST), tuple("primary", Decision.ACCEPT));
    assertThat(answer.trace().attempts().get(0).latency()).isEqualTo(millis(1_000));
    assertThat(answer.trace().notes())
        .anySatisfy(
            note -> assertThat(note).contains("hedge on backup/b", "primary/m answered first"));
    assertThat(healthOf(engine, "backup").calls()).isZero();
  }

  @Test
  void withoutTheBudgetOrAMeasuredP95NoHedgeStarts() {
    Timed primary = new Timed("primary", n -> millis(5_000));
    Timed backup = new Timed("backup", n -> millis(100));
    // A fixed delay, but the budget starts empty: the first call is not hedged.
    SelfHealingEngine fixed = engine(primary, backup, HedgePolicy.after(millis(2_000)));
    assertThat(settle(fixed.callAsync(ChatRequest.of("q"))).provider()).isEqualTo("primary");
    // After its P95: no delay is known until the deployment has answered 20 times.
    SelfHealingEngine adaptive = engine(primary, backup, HedgePolicy.afterP95().withBudget(0.5));
    assertThat(settle(adaptive.callAsync(ChatRequest.of("q"))).provider()).isEqualTo("primary");
    assertThat(backup.calls).isEmpty();
  }

  @Test
  void afterTheP95TheHedgeStartsAtTheDeploymentsOwnP95() {
    // Twenty answers of 1 s (the last two, measured, each earn half a hedge, and answer within
    // their P95); then a hang, hedged at the measured P95.
    Timed primary = new Timed("primary", n -> n < 20 ? millis(1_000) : millis(60_000));
    Timed backup = new Timed("backup", n -> millis(100));
    SelfHealingEngine engine =
        engine(primary, backup, HedgePolicy.afterP95().withBudget(0.5).withMinSamples(18));
    for (int i = 0; i < 20; i++) {
      settle(engine.callAsync(ChatRequest.of("q")));
    }
    Duration p95 = healthOf(engine, "primary").p95();

    long start = clock.nanos();
    ChatResponse answer = settle(engine.callAsync(ChatRequest.of("q")));

    assertThat(p95).isBetween(millis(1_000), millis(1_010));
    assertThat(answer.provider()).isEqualTo("backup");
    assertThat(backup.sentAtNanos).containsExactly(start + p95.toNanos());
  }

  @Test
  void theBudgetCapsTheHedgesAtFivePercentOfTenThousandCalls() {
    Timed primary = new Timed("primary", n -> millis(3_000));
    Timed backup = new Timed("backup", n -> millis(100));
    SelfHealingEngine engine = engine(primary, backup, HedgePolicy.after(millis(1_000)));

    int byBackup = 0;
    long attempts = 0;
    for (int i = 0; i < 10_000; i++) {
      ChatResponse answer = settle(engine.callAsync(ChatRequest.of("q")));
      attempts += answer.trace().attemptCount();
      if (answer.provider().equals("backup")) {
        byBackup++;
      }
    }

    assertThat(backup.calls).hasSize(500); // every 20th call earns a whole hedge, and spends it
    assertThat(byBackup).isEqualTo(500);
    assertThat(primary.calls).hasSize(10_000);
    assertThat(primary.cancelled()).isEqualTo(500);
    // Every request sent is an attempt in its call's trace, the cancelled losers included.
    assertThat(attempts).isEqualTo(primary.calls.size() + backup.calls.size());
  }

  private SelfHealingEngine limited(
      Provider primary, Provider backup, DeploymentLimits backupLimits) {
    return SelfHealingEngine.builder()
        .provider(primary, "m")
        .provider(backup, "b")
        .ticker(clock)
        .scheduler(clock)
        .limits("backup/b", backupLimits)
        .hedging(HedgePolicy.after(millis(2_000)).withBudget(0.5))
        .build();
  }

  @Test
  void aBackupTakesARequestOfItsDeploymentsMinute() {
    // Calls 2 and 5 are slow; the quick ones earn the hedges.
    Timed primary = new Timed("primary", n -> n == 2 || n == 5 ? millis(10_000) : millis(100));
    Timed backup = new Timed("backup", n -> millis(1_000));
    SelfHealingEngine engine = limited(primary, backup, new DeploymentLimits(1, 0, 0));
    settle(engine.callAsync(ChatRequest.of("q")));
    settle(engine.callAsync(ChatRequest.of("q")));
    assertThat(settle(engine.callAsync(ChatRequest.of("q"))).provider()).isEqualTo("backup");
    settle(engine.callAsync(ChatRequest.of("q")));
    settle(engine.callAsync(ChatRequest.of("q")));

    // Within the same minute: backup/b's one request is spent, so no hedge starts.
    ChatResponse answer = settle(engine.callAsync(ChatRequest.of("q")));

    assertThat(answer.provider()).isEqualTo("primary");
    assertThat(backup.calls).hasSize(1);
  }

  @Test
  void aBackupHoldsAConcurrencySlotWhileItRunsAndGivesItBack() {
    // Calls 4 and 5 are slow and run together; so is call 8, later.
    Timed primary =
        new Timed("primary", n -> n == 4 || n == 5 || n == 8 ? millis(10_000) : millis(100));
    Timed backup = new Timed("backup", n -> millis(1_000));
    SelfHealingEngine engine = limited(primary, backup, new DeploymentLimits(0, 0, 1));
    for (int i = 0; i < 4; i++) {
      settle(engine.callAsync(ChatRequest.of("q")));
    }

    CompletableFuture<ChatResponse> first = engine.callAsync(ChatRequest.of("q"));
    CompletableFuture<ChatResponse> second = engine.callAsync(ChatRequest.of("q"));
    clock.runUntilIdle(Duration.ofHours(1));

    // Both want a hedge at 2 s; backup/b takes one call at a time.
    assertThat(List.of(first.join().provider(), second.join().provider()))
        .containsExactlyInAnyOrder("backup", "primary");
    assertThat(backup.calls).hasSize(1);
    settle(engine.callAsync(ChatRequest.of("q")));
    settle(engine.callAsync(ChatRequest.of("q")));
    assertThat(settle(engine.callAsync(ChatRequest.of("q"))).provider()).isEqualTo("backup");
    assertThat(backup.calls).hasSize(2);
  }

  @Test
  void badPoliciesNameTheArgumentAndItsRange() {
    assertThatThrownBy(() -> HedgePolicy.after(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must be in [PT0.001S, PT10M], was PT0S");
    assertThatThrownBy(() -> HedgePolicy.afterP95().withBudget(0.6))
        .hasMessage("budget must be in (0, 0.5], was 0.6");
    assertThatThrownBy(() -> HedgePolicy.afterP95().withMinSamples(0))
        .hasMessage("minSamples must be in [1, 10000], was 0");
    assertThat(HedgePolicy.off().enabled()).isFalse();
    assertThat(CallOptions.defaults().withHedging(HedgePolicy.off()).hedging())
        .contains(HedgePolicy.off());
  }

  private static DeploymentHealth healthOf(SelfHealingEngine engine, String provider) {
    return engine.health().stream()
        .filter(health -> health.deployment().provider().equals(provider))
        .findFirst()
        .orElseThrow();
  }
}
