package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.health.HealthSettings;
import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

  // Prices per million tokens (input, output), roughly as listed by the providers in 2025.
  private static final Deployment GPT = new Deployment("openai", "gpt-4o", 128_000, 2.5, 10);
  private static final Deployment MINI =
      new Deployment("openai", "gpt-4o-mini", 128_000, 0.15, 0.6);
  private static final Deployment CLAUDE =
      new Deployment("anthropic", "claude-sonnet-4", 200_000, 3, 15);
  private static final Deployment FLASH =
      new Deployment("gemini", "gemini-2.5-flash", 1_048_576, 0.3, 2.5);
  private static final Deployment LOCAL = Deployment.of("ollama", "llama3");
  private static final List<Deployment> FLEET = List.of(GPT, MINI, CLAUDE, FLASH, LOCAL);

  private static final ChatRequest HELLO = ChatRequest.of("Hello");

  private final VirtualClock clock = new VirtualClock();
  private final HealthTracker tracker =
      HealthTracker.create(HealthSettings.defaults(), clock, EngineListener.NONE);
  private final Router router = Router.of(tracker);

  private void calls(Deployment deployment, int successes, int failures, Duration latency) {
    for (int i = 0; i < successes; i++) {
      tracker.recordSuccess(deployment, latency);
    }
    for (int i = 0; i < failures; i++) {
      tracker.recordFailure(
          deployment, Failure.of(ErrorKind.VALIDATION_FAILED, "refusal"), latency);
    }
  }

  private void openCircuit(Deployment deployment) {
    for (int i = 0; i < 5; i++) {
      tracker.recordFailure(
          deployment, Failure.of(ErrorKind.SERVER_ERROR, "500"), Duration.ofMillis(50));
    }
  }

  @Test
  void priorityKeepsTheConfiguredOrder() {
    Plan plan = router.plan(HELLO, FLEET, RoutingMode.PRIORITY);

    assertThat(plan.deployments()).containsExactlyElementsOf(FLEET);
    assertThat(plan.healthy()).containsExactlyElementsOf(FLEET);
    assertThat(plan.unhealthy()).isEmpty();
    assertThat(plan.skipped()).isEmpty();
  }

  @Test
  void priorityMovesOpenCircuitsAndCooldownsLastInConfiguredOrder() {
    openCircuit(CLAUDE);
    openCircuit(GPT);
    tracker.recordFailure(
        FLASH,
        Failure.builder(ErrorKind.RATE_LIMITED)
            .status(429)
            .retryAfter(Duration.ofSeconds(12))
            .build(),
        Duration.ZERO);

    Plan plan = router.plan(HELLO, FLEET, RoutingMode.PRIORITY);

    assertThat(plan.deployments()).containsExactly(MINI, LOCAL, GPT, CLAUDE, FLASH);
    assertThat(plan.healthy()).containsExactly(MINI, LOCAL);
    assertThat(plan.isUnhealthy(GPT)).isTrue();
    assertThat(plan.notes())
        .containsExactly(
            "skipped openai/gpt-4o: circuit open until 00:00:30Z: 5 failures in a row, last SERVER_ERROR",
            "skipped anthropic/claude-sonnet-4: circuit open until 00:00:30Z: 5 failures in a row, last SERVER_ERROR",
            "skipped gemini/gemini-2.5-flash: cooling down until 00:00:12Z: RATE_LIMITED 429 (retry after 12000 ms)");
  }

  @Test
  void aHalfOpenCircuitWithAFreeProbeSlotIsTriedInItsPlace() {
    openCircuit(GPT);
    clock.advance(Duration.ofSeconds(30));

    assertThat(router.plan(HELLO, FLEET, RoutingMode.PRIORITY).deployments())
        .containsExactlyElementsOf(FLEET);

    assertThat(tracker.tryAcquire(GPT)).isTrue(); // the probe is in flight
    Plan plan = router.plan(HELLO, FLEET, RoutingMode.PRIORITY);
    assertThat(plan.deployments()).containsExactly(MINI, CLAUDE, FLASH, LOCAL, GPT);
    assertThat(plan.notes())
        .containsExactly("skipped openai/gpt-4o: circuit half-open, 1 probe(s) in flight");
  }

  @Test
  void aPromptThatDoesNotFitAContextWindowNeverGoesThere() {
    ChatRequest large = ChatRequest.of("x".repeat(600_000)); // 150,004 estimated tokens

    Plan plan = router.plan(large, FLEET, RoutingMode.PRIORITY);

    assertThat(plan.deployments()).containsExactly(CLAUDE, FLASH, LOCAL);
    assertThat(plan.notes())
        .containsExactly(
            "skipped openai/gpt-4o: context window 128000 < 150004 estimated tokens",
            "skipped openai/gpt-4o-mini: context window 128000 < 150004 estimated tokens");
  }

  @Test
  void aPromptThatFitsNowhereGivesAnEmptyPlanThatSaysWhy() {
    Plan plan =
        router.plan(ChatRequest.of("x".repeat(600_000)), List.of(GPT, MINI), RoutingMode.COST);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.skipped()).extracting(Plan.Skip::deployment).containsExactly(GPT, MINI);
  }

  @Test
  void healthiestOrdersByTheDocumentedScore() {
    calls(GPT, 10, 0, Duration.ofMillis(1_000)); // 1000 / 1.0² = 1000
    calls(MINI, 7, 3, Duration.ofMillis(600)); // 600 / 0.7² = 1224
    calls(CLAUDE, 7, 3, Duration.ofMillis(400)); // 400 / 0.7² = 816
    calls(FLASH, 10, 0, Duration.ofMillis(1_200)); // 1200

    Plan plan = router.plan(HELLO, FLEET, RoutingMode.HEALTHIEST);

    assertThat(plan.deployments()).containsExactly(LOCAL, CLAUDE, GPT, FLASH, MINI);
  }

  @Test
  void healthiestPutsUnhealthyLastWhateverTheirScore() {
    calls(GPT, 10, 0, Duration.ofMillis(1_000));
    calls(MINI, 10, 0, Duration.ofMillis(2_000));
    openCircuit(CLAUDE);

    Plan plan = router.plan(HELLO, List.of(CLAUDE, MINI, GPT), RoutingMode.HEALTHIEST);

    assertThat(plan.deployments()).containsExactly(GPT, MINI, CLAUDE);
  }

  @Test
  void latencyOrdersByP95WithUnmeasuredFirstInConfiguredOrder() {
    calls(GPT, 20, 0, Duration.ofMillis(900));
    calls(MINI, 20, 0, Duration.ofMillis(300));
    calls(CLAUDE, 20, 0, Duration.ofMillis(1_500));

    Plan plan = router.plan(HELLO, FLEET, RoutingMode.LATENCY);

    assertThat(plan.deployments()).containsExactly(FLASH, LOCAL, MINI, GPT, CLAUDE);
  }

  @Test
  void latencyIsDecidedByTheTailNotTheMedian() {
    calls(GPT, 90, 0, Duration.ofMillis(200));
    calls(GPT, 10, 0, Duration.ofSeconds(5));
    calls(MINI, 100, 0, Duration.ofMillis(700));

    assertThat(router.plan(HELLO, List.of(GPT, MINI), RoutingMode.LATENCY).deployments())
        .containsExactly(MINI, GPT);
  }

  @Test
  void tiesKeepTheConfiguredOrderInEveryMode() {
    Deployment a = new Deployment("a", "m", 0, 1, 1);
    Deployment b = new Deployment("b", "m", 0, 1, 1);
    Deployment c = new Deployment("c", "m", 0, 1, 1);
    for (Deployment deployment : List.of(a, b, c)) {
      calls(deployment, 10, 1, Duration.ofMillis(500));
    }

    for (RoutingMode mode : RoutingMode.values()) {
      assertThat(router.plan(HELLO, List.of(c, a, b), mode).deployments())
          .as(mode.name())
          .containsExactly(c, a, b);
      assertThat(router.plan(HELLO, List.of(b, c, a), mode).deployments())
          .as(mode.name())
          .containsExactly(b, c, a);
    }
  }

  @Test
  void costOrdersByEstimatedPriceWithUnknownPricesLast() {
    Plan plan = router.plan(HELLO, FLEET, RoutingMode.COST);

    assertThat(plan.deployments()).containsExactly(MINI, FLASH, GPT, CLAUDE, LOCAL);
  }

  @Test
  void costWeighsThePromptAgainstTheCompletion() {
    Deployment cheapInput = new Deployment("a", "reader", 0, 0.1, 20);
    Deployment cheapOutput = new Deployment("b", "writer", 0, 5, 1);
    ChatRequest longPromptShortAnswer =
        ChatRequest.builder()
            .user("y".repeat(40_000))
            .maxTokens(10)
            .build(); // 10,004 tokens in, 10 out
    ChatRequest shortPromptLongAnswer =
        ChatRequest.of("Write an essay"); // 7 tokens in, 500 assumed out

    assertThat(
            router
                .plan(longPromptShortAnswer, List.of(cheapOutput, cheapInput), RoutingMode.COST)
                .deployments())
        .containsExactly(cheapInput, cheapOutput);
    assertThat(
            router
                .plan(shortPromptLongAnswer, List.of(cheapInput, cheapOutput), RoutingMode.COST)
                .deployments())
        .containsExactly(cheapOutput, cheapInput);
  }

  @Test
  void aDeploymentListedTwiceIsPlannedOnce() {
    Plan plan = router.plan(HELLO, List.of(GPT, MINI, GPT), RoutingMode.PRIORITY);

    assertThat(plan.deployments()).containsExactly(GPT, MINI);
  }

  @Test
  void theAssumedCompletionSizeIsValidated() {
    assertThatThrownBy(() -> Router.of(tracker, 0))
        .hasMessage("assumedCompletionTokens must be in [1, 10000000], was 0");
  }

  @Test
  void aPlanRejectsAnUnhealthyDeploymentThatIsNotInIt() {
    assertThatThrownBy(
            () -> new Plan(List.of(GPT), List.of(new Plan.Skip(MINI, "down")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
