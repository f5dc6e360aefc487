package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.CallOptions;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.CallRouting;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.routing.RoutingRule;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeFleetExtension;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.RecordedRequest;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deployment groups, client-side limits, session affinity and per-call routing, over real HTTP
 * against two keys of one model ({@code east}, {@code west}) and a cheaper rung ({@code cheap}), on
 * one virtual clock: a minute's window passes when the test advances it.
 */
class BalancingOverFleetTest {

  private static final String EAST = "east/gpt-4o";
  private static final String WEST = "west/gpt-4o";

  @RegisterExtension
  final FakeFleetExtension fleetPerTest =
      FakeFleetExtension.builder()
          .openAi("east")
          .openAi("west")
          .openAi("cheap")
          .virtualClock()
          .build();

  private static SelfHealingEngine.Builder engine(FakeFleet fleet, Balancing balancing) {
    VirtualClock clock = fleet.virtualClock();
    return SelfHealingEngine.builder()
        .provider(fleet.ladder("east", "gpt-4o"))
        .provider(fleet.ladder("west", "gpt-4o"))
        .provider(fleet.ladder("cheap", "gpt-4o-mini"))
        .group(DeploymentGroup.of("gpt-4o", balancing).member(EAST, 1).member(WEST, 1))
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .deadline(Duration.ofMinutes(5))
        .ticker(clock)
        .scheduler(clock)
        .random(new SplittableRandom(11));
  }

  private static ChatResponse ask(SelfHealingEngine engine, String text, CallOptions options)
      throws Exception {
    return engine.callAsync(ChatRequest.of(text), options).get(10, TimeUnit.SECONDS);
  }

  /** Waits (in real time, for HTTP on loopback) until {@code condition} holds; 10 s at most. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waited 10 s for the fleet").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(2);
    }
  }

  @Test
  void aFailingMemberMovesToItsSiblingBeforeTheNextRung(FakeFleet fleet) throws Exception {
    fleet.server("east").always(Fault.serverError());
    SelfHealingEngine engine = engine(fleet, Balancing.WEIGHTED).build();

    List<ChatResponse> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(ask(engine, "Refund order " + i + "?", CallOptions.defaults()));
    }

    assertThat(answers).allSatisfy(answer -> assertThat(answer.provider()).isEqualTo("west"));
    assertThat(fleet.server("east").requestCount()).isPositive();
    assertThat(fleet.server("cheap").requestCount()).isZero();
    assertThat(answers)
        .anySatisfy(
            answer ->
                assertThat(answer.trace().attempts())
                    .extracting(attempt -> attempt.deployment().id())
                    .containsExactly(EAST, WEST));
  }

  @Test
  void weightsSpreadTheFirstTriesOfAGroup(FakeFleet fleet) throws Exception {
    SelfHealingEngine engine =
        engine(fleet, Balancing.WEIGHTED)
            .group(DeploymentGroup.of("mini", Balancing.WEIGHTED).member("cheap/gpt-4o-mini", 1))
            .build();

    for (int i = 0; i < 200; i++) {
      ask(engine, "q" + i, CallOptions.defaults());
    }

    assertThat(fleet.server("east").requestCount()).isBetween(70, 130);
    assertThat(fleet.server("west").requestCount())
        .isEqualTo(200 - fleet.server("east").requestCount());
  }

  @Test
  void atItsRequestLimitACallGoesToASiblingThenWaitsForTheWindowWithoutA429(
      FakeFleet fleet, VirtualClock clock) throws Exception {
    Instant start = clock.now();
    SelfHealingEngine engine =
        engine(fleet, Balancing.WEIGHTED)
            .limits(EAST, new DeploymentLimits(5, 0, 0))
            .limits(WEST, new DeploymentLimits(5, 0, 0))
            .build();

    for (int i = 0; i < 10; i++) {
      ask(engine, "q" + i, CallOptions.defaults());
    }
    CompletableFuture<ChatResponse> eleventh = engine.callAsync(ChatRequest.of("q10"));

    assertThat(fleet.server("east").requestCount()).isEqualTo(5);
    assertThat(fleet.server("west").requestCount()).isEqualTo(5);
    awaitTrue(() -> clock.pendingTasks() > 0);
    assertThat(eleventh).isNotDone();
    clock.advance(Duration.ofMinutes(1));
    ChatResponse late = eleventh.get(10, TimeUnit.SECONDS);

    assertThat(late.provider()).isIn("east", "west");
    assertThat(late.trace().notes()).anyMatch(note -> note.startsWith("waiting for room: "));
    assertThat(fleet.server("cheap").requestCount()).isZero();
    assertThat(fleet.server(late.provider()).requests())
        .extracting(RecordedRequest::receivedAt)
        .last()
        .isEqualTo(start.plus(Duration.ofMinutes(1)));
  }

  @Test
  void withTheNextRungPolicyACallAtTheLimitDegradesAtOnce(FakeFleet fleet) throws Exception {
    SelfHealingEngine engine =
        engine(fleet, Balancing.HEADROOM)
            .limits(EAST, new DeploymentLimits(2, 0, 0))
            .limits(WEST, new DeploymentLimits(2, 0, 0))
            .limitPolicy(LimitPolicy.NEXT_RUNG)
            .build();

    List<String> providers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      providers.add(ask(engine, "q" + i, CallOptions.defaults()).provider());
    }

    // Headroom alternates the two keys; past both limits the cheap rung answers.
    assertThat(providers.subList(0, 4)).containsExactlyInAnyOrder("east", "east", "west", "west");
    assertThat(providers.subList(4, 6)).containsExactly("cheap", "cheap");
  }

  @Test
  void aConcurrencyLimitSendsTheCallPastItToTheSibling(FakeFleet fleet, VirtualClock clock)
      throws Exception {
    fleet.server("east").always(Fault.latency(Duration.ofSeconds(5)));
    fleet.server("west").always(Fault.latency(Duration.ofSeconds(5)));
    SelfHealingEngine engine =
        engine(fleet, Balancing.LEAST_IN_FLIGHT)
            .limits(EAST, new DeploymentLimits(0, 0, 1))
            .limits(WEST, new DeploymentLimits(0, 0, 1))
            .limitPolicy(LimitPolicy.NEXT_RUNG)
            .build();

    CompletableFuture<ChatResponse> first = engine.callAsync(ChatRequest.of("one"));
    awaitTrue(() -> fleet.allRequests().size() == 1);
    CompletableFuture<ChatResponse> second = engine.callAsync(ChatRequest.of("two"));
    awaitTrue(() -> fleet.allRequests().size() == 2);
    ChatResponse third = ask(engine, "three", CallOptions.defaults());

    assertThat(third.provider()).isEqualTo("cheap");
    assertThat(third.trace().notes()).anyMatch(note -> note.contains("1 calls in flight"));
    // The two slow answers end as the clock passes their latency (under the attempt timeout).
    for (int step = 0; step < 40 && !(first.isDone() && second.isDone()); step++) {
      clock.advance(Duration.ofMillis(200));
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertThat(
            List.of(
                first.get(10, TimeUnit.SECONDS).provider(),
                second.get(10, TimeUnit.SECONDS).provider()))
        .containsExactlyInAnyOrder("east", "west");
  }

  @Test
  void conversationsStayOnTheKeyThatServedThemAndMoveOnceWhenItFails(FakeFleet fleet)
      throws Exception {
    SelfHealingEngine engine = engine(fleet, Balancing.WEIGHTED).build();
    Map<String, String> servedBy = new HashMap<>();
    int moves = 0;
    for (int turn = 0; turn < 5; turn++) {
      for (int c = 0; c < 40; c++) {
        String session = "conversation-" + c;
        String provider =
            ask(engine, session + " turn " + turn, CallOptions.defaults().withSessionKey(session))
                .provider();
        String before = servedBy.put(session, provider);
        if (before != null && !before.equals(provider)) {
          moves++;
        }
      }
    }
    assertThat(moves).isZero();
    assertThat(servedBy.values()).contains("east", "west");

    // East fails: its conversations move to west once, and stay there when east is back.
    fleet.server("east").always(Fault.serverError());
    ChatResponse moved = null;
    for (int c = 0; c < 40; c++) {
      String session = "conversation-" + c;
      ChatResponse answer =
          ask(engine, session + " turn 5", CallOptions.defaults().withSessionKey(session));
      assertThat(answer.provider()).isEqualTo("west");
      if (servedBy.get(session).equals("east")) {
        moved = answer;
      }
    }
    assertThat(moved).isNotNull();
    fleet.server("east").healthy();
    for (int c = 0; c < 40; c++) {
      String session = "conversation-" + c;
      assertThat(
              ask(engine, session + " turn 6", CallOptions.defaults().withSessionKey(session))
                  .provider())
          .isEqualTo("west");
    }
  }

  @Test
  void aCallRestrictsAndReordersItsLadderAndATagRuleSendsBatchToTheCheapRung(FakeFleet fleet)
      throws Exception {
    SelfHealingEngine engine =
        engine(fleet, Balancing.WEIGHTED)
            .routingRule(RoutingRule.whenTag("tier", "batch").prefer("cheap"))
            .build();

    ChatResponse batch =
        ask(
            engine,
            "summarise",
            CallOptions.defaults().withRouting(CallRouting.none().withTag("tier", "batch")));
    ChatResponse onlyWest =
        ask(engine, "q", CallOptions.defaults().withRouting(CallRouting.none().withOnly("west")));
    fleet.server("west").always(Fault.serverError());
    ChatResponse noEast =
        ask(
            engine,
            "q",
            CallOptions.defaults().withRouting(CallRouting.none().withExclude("east")));

    assertThat(batch.provider()).isEqualTo("cheap");
    assertThat(batch.trace().notes()).contains("routing rule tier=batch: [cheap] first");
    assertThat(onlyWest.provider()).isEqualTo("west");
    assertThat(noEast.trace().attempts())
        .extracting(Attempt::deployment)
        .extracting(deployment -> deployment.provider())
        .containsExactly("west", "cheap");
  }
}
