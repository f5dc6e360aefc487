package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PRIORITY's usual case costs the same for 200 deployments as for 2: the router remembers the last
 * list it checked and asks the tracker once whether all is clear. What it remembers must never hide
 * a change: the same list planned again still sees a circuit that opened, a cooldown, a prompt that
 * does not fit, a duplicate.
 */
class RouterFastPathTest {

  private static final Deployment GPT = new Deployment("openai", "gpt-4o", 128_000, 2.5, 10);
  private static final Deployment MINI =
      new Deployment("openai", "gpt-4o-mini", 128_000, 0.15, 0.6);
  private static final Deployment CLAUDE =
      new Deployment("anthropic", "claude-sonnet-4", 200_000, 3, 15);
  private static final Deployment LOCAL = Deployment.of("ollama", "llama3");
  private static final List<Deployment> FLEET = List.of(GPT, MINI, CLAUDE, LOCAL);
  private static final ChatRequest HELLO = ChatRequest.of("Hello");

  private final VirtualClock clock = new VirtualClock();
  private final HealthTracker tracker =
      HealthTracker.create(HealthSettings.defaults(), clock, EngineListener.NONE);
  private final Router router = Router.of(tracker);

  @Test
  void theSameListPlannedAgainSeesACircuitThatOpenedAndClosedSince() {
    assertThat(router.plan(HELLO, FLEET, RoutingMode.PRIORITY).deployments())
        .containsExactlyElementsOf(FLEET);

    for (int i = 0; i < 5; i++) {
      tracker.recordFailure(MINI, Failure.of(ErrorKind.SERVER_ERROR, "500"), Duration.ZERO);
    }
    Plan open = router.plan(HELLO, FLEET, RoutingMode.PRIORITY);

    assertThat(open.deployments()).containsExactly(GPT, CLAUDE, LOCAL, MINI);
    assertThat(open.isUnhealthy(MINI)).isTrue();

    clock.advance(Duration.ofSeconds(31));
    assertThat(tracker.tryAcquire(MINI)).isTrue();
    tracker.recordSuccess(MINI, Duration.ofMillis(200));

    assertThat(router.plan(HELLO, FLEET, RoutingMode.PRIORITY).deployments())
        .containsExactlyElementsOf(FLEET);
  }

  @Test
  void theSameListPlannedAgainSeesACooldown() {
    router.plan(HELLO, FLEET, RoutingMode.PRIORITY);
    tracker.recordFailure(
        GPT,
        Failure.builder(ErrorKind.RATE_LIMITED)
            .status(429)
            .retryAfter(Duration.ofSeconds(9))
            .build(),
        Duration.ZERO);

    Plan plan = router.plan(HELLO, FLEET, RoutingMode.PRIORITY);

    assertThat(plan.deployments()).containsExactly(MINI, CLAUDE, LOCAL, GPT);
    assertThat(plan.notes()).singleElement().asString().contains("cooling down");
  }

  @Test
  void theSameListPlannedAgainSkipsWhatABiggerPromptDoesNotFit() {
    router.plan(HELLO, FLEET, RoutingMode.PRIORITY);
    ChatRequest large = ChatRequest.of("x".repeat(600_000)); // ~150,000 tokens

    Plan plan = router.plan(large, FLEET, RoutingMode.PRIORITY);

    assertThat(plan.deployments()).containsExactly(CLAUDE, LOCAL);
    assertThat(plan.skipped()).extracting(Plan.Skip::deployment).containsExactly(GPT, MINI);
    assertThat(router.plan(HELLO, FLEET, RoutingMode.PRIORITY).deployments())
        .containsExactlyElementsOf(FLEET);
  }

  @Test
  void aListWithADuplicateIsPlannedOnceEveryTime() {
    List<Deployment> twice = List.of(GPT, MINI, GPT, LOCAL);

    for (int i = 0; i < 3; i++) {
      assertThat(router.plan(HELLO, twice, RoutingMode.PRIORITY).deployments())
          .containsExactly(GPT, MINI, LOCAL);
    }
  }

  @Test
  void twoListsPlannedInTurnAreEachPlannedAsTheyAre() {
    List<Deployment> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(Deployment.of("p" + i, "m"));
    }
    List<Deployment> fleet = List.copyOf(many);

    for (int i = 0; i < 3; i++) {
      assertThat(router.plan(HELLO, fleet, RoutingMode.PRIORITY).deployments())
          .containsExactlyElementsOf(fleet);
      assertThat(router.plan(HELLO, FLEET, RoutingMode.PRIORITY).deployments())
          .containsExactlyElementsOf(FLEET);
    }
  }
}
