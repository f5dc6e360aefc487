package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static dev.lifeline.FakeProvider.failWithStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A rate limit's cooldown keeps other calls away, never the retry its own wait was for. */
class RateLimitCooldownTest {

  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider openai = new FakeProvider("openai", clock);

  private SelfHealingEngine engine() {
    return SelfHealingEngine.builder()
        .provider(ProviderLadder.of(openai).model("gpt-4o", 128_000))
        .ticker(clock)
        .scheduler(clock)
        .random(new SplittableRandom(42))
        .deadline(Duration.ofSeconds(60))
        .build();
  }

  private ChatResponse run(CompletableFuture<ChatResponse> call) {
    clock.runUntilIdle(Duration.ofHours(1));
    assertThat(call).isDone();
    return call.join();
  }

  @Test
  void aSingleDeploymentWaitsTheRetryAfterAndRetries() {
    openai.script(
        "gpt-4o",
        failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(2))
            .after(Duration.ofMillis(120)),
        answer("ok"));

    ChatResponse response = run(engine().callAsync(ChatRequest.of("hello")));

    assertThat(response.text()).isEqualTo("ok");
    assertThat(response.trace().attempts())
        .extracting(Attempt::decision)
        .containsExactly(Decision.RETRY, Decision.ACCEPT);
    assertThat(response.trace().attempts().get(1).waitBefore()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aSingleDeploymentRetriesAfterARateLimitWithoutRetryAfter() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.RATE_LIMITED, 429, null), answer("ok"));

    ChatResponse response = run(engine().callAsync(ChatRequest.of("hello")));

    assertThat(response.text()).isEqualTo("ok");
    List<Attempt> attempts = response.trace().attempts();
    assertThat(attempts)
        .extracting(Attempt::decision)
        .containsExactly(Decision.RETRY, Decision.ACCEPT);
    // The wait the trace announces is the wait taken.
    assertThat(attempts.get(0).reason())
        .contains("after " + CascadeDecision.millis(attempts.get(1).waitBefore()));
    assertThat(attempts.get(1).start()).isEqualTo(attempts.get(1).waitBefore());
  }

  @Test
  void aSingleDeploymentRetriesWhenItsOwnProbeOpensTheCircuit() {
    // The 429's cooldown ends in a probe; the probe's 500 opens the circuit. That keeps other calls
    // away, but this call has no other deployment: its own retry still runs.
    openai.script(
        "gpt-4o",
        failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(2)),
        failWithStatus(ErrorKind.SERVER_ERROR, 500, null),
        answer("ok"));

    ChatResponse response = run(engine().callAsync(ChatRequest.of("hello")));

    assertThat(response.text()).isEqualTo("ok");
    assertThat(response.trace().attempts())
        .extracting(Attempt::decision)
        .containsExactly(Decision.RETRY, Decision.RETRY, Decision.ACCEPT);
  }

  @Test
  void theCooldownStillKeepsOtherCallsAway() {
    FakeProvider anthropic = new FakeProvider("anthropic", clock);
    openai.script(
        "gpt-4o", failWithStatus(ErrorKind.RATE_LIMITED, 429, null), answer("ok"), answer("ok"));
    anthropic.script("claude", answer("from claude"));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(ProviderLadder.of(openai).model("gpt-4o", 128_000))
            .provider(ProviderLadder.of(anthropic).model("claude", 200_000))
            .ticker(clock)
            .scheduler(clock)
            .random(new SplittableRandom(42))
            .deadline(Duration.ofSeconds(60))
            .build();

    assertThat(run(engine.callAsync(ChatRequest.of("first"))).text()).isEqualTo("ok");
    ChatResponse second = run(engine.callAsync(ChatRequest.of("second")));

    assertThat(second.text()).isEqualTo("from claude");
    assertThat(second.trace().notes())
        .anyMatch(note -> note.startsWith("skipped openai/gpt-4o: cooling down"));
  }

  @Test
  void aRetryFoundClosedShowsItsWaitBeforeTheNextDeployment() {
    FakeProvider anthropic = new FakeProvider("anthropic", clock);
    openai.script("gpt-4o", FakeProvider.fail(ErrorKind.SERVER_ERROR));
    anthropic.script("claude", answer("ok"));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(ProviderLadder.of(openai).model("gpt-4o", 128_000))
            .provider(ProviderLadder.of(anthropic).model("claude", 200_000))
            .health(
                HealthSettings.defaults()
                    .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(1)))
            .ticker(clock)
            .scheduler(clock)
            .random(new SplittableRandom(42))
            .deadline(Duration.ofSeconds(60))
            .build();

    ChatResponse response = run(engine.callAsync(ChatRequest.of("hello")));

    List<Attempt> attempts = response.trace().attempts();
    assertThat(attempts)
        .extracting(Attempt::decision)
        .containsExactly(Decision.RETRY, Decision.ACCEPT);
    Duration waited = attempts.get(1).start().minus(attempts.get(0).start());
    assertThat(waited).isPositive();
    assertThat(attempts.get(1).waitBefore()).isEqualTo(waited);
    assertThat(attempts.get(0).reason()).contains(CascadeDecision.millis(waited));
    assertThat(response.trace().notes()).anyMatch(note -> note.startsWith("skipped openai/gpt-4o"));
  }
}
