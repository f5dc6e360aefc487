package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.health.CircuitState;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The attempt timeout: fixed, adaptive, capped by the deadline's reserve, and for streams the first
 * token.
 */
class AttemptTimeoutTest {

  private final VirtualClock clock = new VirtualClock();

  /** Answers after {@code latency}; streaming, its first delta comes after {@code firstDelta}. */
  private Provider timed(String name, Duration firstDelta, Duration latency) {
    return new Provider() {
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
        CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
        clock.schedule(() -> onDelta.accept("answer of "), firstDelta);
        clock.schedule(
            () -> {
              onDelta.accept(name);
              answer.complete(
                  ChatResponse.builder()
                      .text("answer of " + name)
                      .provider(name)
                      .model(model)
                      .build());
            },
            latency);
        return answer;
      }
    };
  }

  private Provider hung(String name) {
    return timed(name, Duration.ofDays(1), Duration.ofDays(1));
  }

  private SelfHealingEngine engine(Provider primary, Provider backup) {
    return SelfHealingEngine.builder()
        .provider(primary, "m")
        .provider(backup, "b")
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  private ChatResponse settle(CompletableFuture<ChatResponse> call) {
    clock.runUntilIdle(Duration.ofHours(1));
    return call.join();
  }

  @Test
  void theLimitIsFixedUntilMeasuredThenAMultipleOfTheP99WithinItsBounds() {
    AttemptTimeout timeout = AttemptTimeout.defaults();

    assertThat(timeout.limitFor(null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(timeout.limitFor(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
    assertThat(timeout.limitFor(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(20));
    assertThat(timeout.limitFor(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(60));
    assertThat(timeout.limit(Duration.ofSeconds(4), null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(timeout.toBuilder().adaptive(false).build().limitFor(Duration.ofMillis(100)))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void badSettingsAreRejectedNamingTheArgumentAndItsRange() {
    assertThatThrownBy(() -> AttemptTimeout.builder().firstToken(Duration.ZERO))
        .hasMessage("firstToken must be in (0, 1 day], was PT0S");
    assertThatThrownBy(() -> AttemptTimeout.builder().firstToken(Duration.ofDays(365 * 300)))
        .hasMessageStartingWith("firstToken must be in (0, 1 day]");
    assertThatThrownBy(() -> AttemptTimeout.builder().reserve(1))
        .hasMessage("reserve must be in [0, 0.9], was 1.0");
    assertThatThrownBy(() -> AttemptTimeout.builder().multiple(0.5))
        .hasMessage("multiple must be in [1, 100], was 0.5");
    assertThatThrownBy(
            () -> AttemptTimeout.builder().bounds(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessage("floor PT5S is above ceiling PT1S");
  }

  @Test
  void aMeasuredFastDeploymentIsAbandonedAtItsFloorWhenItHangs() {
    Provider[] primary = {timed("fast", Duration.ofMillis(200), Duration.ofMillis(200))};
    SelfHealingEngine engine =
        engine(switching("fast", primary), timed("backup", Duration.ZERO, Duration.ZERO));
    for (int i = 0; i < 20; i++) {
      assertThat(settle(engine.callAsync(ChatRequest.of("q"))).provider()).isEqualTo("fast");
    }
    primary[0] = hung("fast");

    ChatResponse answer = settle(engine.callAsync(ChatRequest.of("q")));

    assertThat(answer.provider()).isEqualTo("backup");
    // 4 x P99 of 200 ms is below the 2 s floor: the hang is detected in 2 s, not the default 10 s.
    assertThat(answer.trace().attempts().get(0).latency()).isEqualTo(Duration.ofSeconds(2));
  }

  /** A provider named {@code name} whose behaviour is whatever {@code current[0]} does. */
  private static Provider switching(String name, Provider[] current) {
    return InProcessProvider.of(name, (request, model) -> current[0].send(request, model));
  }

  @Test
  void aMeasuredSlowDeploymentIsNotCutOffAtTheDefault() {
    Provider[] slow = {timed("slow", Duration.ofSeconds(6), Duration.ofSeconds(6))};
    SelfHealingEngine engine =
        engine(switching("slow", slow), timed("backup", Duration.ZERO, Duration.ZERO));
    CallOptions roomy = CallOptions.defaults().withDeadline(Duration.ofMinutes(5));
    // Its first calls take 6 s, within the 10 s default; then its P99 of 6 s allows it 24 s.
    for (int i = 0; i < 20; i++) {
      assertThat(settle(engine.callAsync(ChatRequest.of("q"), roomy)).provider()).isEqualTo("slow");
    }
    slow[0] = timed("slow", Duration.ofSeconds(15), Duration.ofSeconds(15));

    assertThat(settle(engine.callAsync(ChatRequest.of("q"), roomy)).provider()).isEqualTo("slow");

    SelfHealingEngine unmeasured =
        engine(switching("slow", slow), timed("backup", Duration.ZERO, Duration.ZERO));
    assertThat(settle(unmeasured.callAsync(ChatRequest.of("q"), roomy)).provider())
        .as("unmeasured, 15 s is past the 10 s default")
        .isEqualTo("backup");
  }

  @Test
  void aStreamIsTimedToItsFirstDeltaNotToItsEnd() {
    // First delta at 1 s, the end at 25 s: well past the 10 s first-token limit, and never cut.
    SelfHealingEngine engine =
        engine(
            timed("primary", Duration.ofSeconds(1), Duration.ofSeconds(25)),
            timed("backup", Duration.ZERO, Duration.ZERO));
    StringBuilder text = new StringBuilder();

    ChatResponse answer = settle(engine.stream(ChatRequest.of("q"), text::append));

    assertThat(answer.provider()).isEqualTo("primary");
    assertThat(text).hasToString("answer of primary");
    assertThat(answer.trace().elapsed()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void aStreamWithoutAFirstDeltaIsAbandonedForTheBackup() {
    SelfHealingEngine engine =
        engine(
            timed("primary", Duration.ofSeconds(12), Duration.ofSeconds(13)),
            timed("backup", Duration.ZERO, Duration.ZERO));
    StringBuilder text = new StringBuilder();

    ChatResponse answer = settle(engine.stream(ChatRequest.of("q"), text::append));

    assertThat(answer.provider()).isEqualTo("backup");
    assertThat(text)
        .hasToString("answer of backup"); // nothing of the abandoned attempt reached the caller
    assertThat(answer.trace().attempts().get(0).failure().message())
        .contains("no first token within 10000 ms");
  }

  @Test
  void aSustainedHangOpensTheCircuitSoLaterCallsGoStraightToTheBackup() {
    SelfHealingEngine engine =
        engine(hung("primary"), timed("backup", Duration.ZERO, Duration.ZERO));
    for (int i = 0; i < 5; i++) {
      settle(engine.callAsync(ChatRequest.of("q")));
    }
    assertThat(engine.health().get(0).circuitState()).isEqualTo(CircuitState.OPEN);

    ChatResponse later = settle(engine.callAsync(ChatRequest.of("q")));

    assertThat(later.trace().attempts())
        .singleElement()
        .satisfies(attempt -> assertThat(attempt.decision()).isEqualTo(Decision.ACCEPT));
    assertThat(later.trace().elapsed()).isZero();
    assertThat(later.trace().notes()).anyMatch(note -> note.contains("primary/m"));
    assertThat(engine.health().get(0).failuresByKind()).containsEntry(ErrorKind.TIMEOUT, 5L);
  }
}
