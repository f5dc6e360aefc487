package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeFleetExtension;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.RecordedRequest;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One virtual clock for the fleet's servers, the adapters the fleet hands out and the engine: a
 * Retry-After, a cooldown and a latency play out when the test advances the clock, never by
 * sleeping. The only real waits are for loopback HTTP round trips.
 */
class OneClockTest {

  // An instance field: a fleet, and a clock, per test.
  @RegisterExtension
  final FakeFleetExtension fleetPerTest =
      FakeFleetExtension.builder().openAi("openai").anthropic("anthropic").virtualClock().build();

  /** Retries the engine has scheduled so far. */
  private final AtomicInteger retriesScheduled = new AtomicInteger();

  private SelfHealingEngine engine(FakeFleet fleet, String server, String model) {
    VirtualClock clock = fleet.virtualClock();
    return SelfHealingEngine.builder()
        .provider(fleet.ladder(server, model))
        .ticker(clock)
        .scheduler(clock)
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
        .listener(
            new EngineListener() {
              @Override
              public void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {
                retriesScheduled.incrementAndGet();
              }
            })
        .build();
  }

  /** Waits (in real time, for HTTP on loopback) until {@code condition} holds; 10 s at most. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waited 10 s for the fleet").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(2);
    }
  }

  /**
   * Waits until the engine has scheduled its retry after the 429 and that wait is the only timer
   * left. Counting timers alone once raced: the HTTP exchange's own 30 s timer is also a lone timer
   * from the answer's arrival until the exchange ends, which is after the engine acts on it.
   */
  private void awaitRetryScheduled(VirtualClock clock) throws InterruptedException {
    awaitTrue(() -> retriesScheduled.get() == 1 && clock.pendingTasks() == 1);
  }

  private static DeploymentHealth health(SelfHealingEngine engine) {
    return engine.health().get(0);
  }

  @Test
  void aRetryAfterIsWaitedOnTheVirtualClockAndTheCooldownEndsWithIt(
      FakeFleet fleet, VirtualClock clock) throws Exception {
    Instant start = clock.now();
    fleet.server("openai").enqueue(Fault.rateLimited(Duration.ofSeconds(30)));
    SelfHealingEngine engine = engine(fleet, "openai", "gpt-4o");

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("Refund order 1042?"));
    awaitRetryScheduled(clock);

    // The engine waits out the server's Retry-After, and cools the deployment down, on the clock.
    assertThat(clock.nextDue()).contains(Duration.ofSeconds(30));
    assertThat(health(engine).cooldownUntil()).isEqualTo(start.plusSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(call).isNotDone();
    assertThat(fleet.server("openai").requestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    ChatResponse response = call.get(10, TimeUnit.SECONDS);

    assertThat(response.text()).isEqualTo("Answer to: Refund order 1042?");
    assertThat(fleet.server("openai").requests())
        .extracting(RecordedRequest::receivedAt)
        .containsExactly(start, start.plusSeconds(30));
    assertThat(health(engine).cooldownUntil()).isNull();
  }

  @Test
  void anAnthropicResetDateIsReadOnTheClockTheServerWroteItWith(FakeFleet fleet, VirtualClock clock)
      throws Exception {
    Instant start = clock.now();
    fleet.server("anthropic").enqueue(Fault.rateLimited(Duration.ofSeconds(45)));
    SelfHealingEngine engine = engine(fleet, "anthropic", "claude-sonnet-4-20250514");

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("Refund order 1042?"));
    awaitRetryScheduled(clock);

    assertThat(fleet.server("anthropic").requests().get(0).receivedAt()).isEqualTo(start);
    assertThat(health(engine).cooldownUntil()).isEqualTo(start.plusSeconds(45));
    assertThat(clock.nextDue()).contains(Duration.ofSeconds(45));
    clock.advance(Duration.ofSeconds(45));
    assertThat(call.get(10, TimeUnit.SECONDS).provider()).isEqualTo("anthropic");
  }

  @Test
  void aLatencyEndsWhenTheClockPassesIt(FakeFleet fleet, VirtualClock clock) throws Exception {
    fleet.server("openai").enqueue(Fault.latency(Duration.ofMinutes(10)));

    CompletableFuture<?> answer =
        fleet.server("openai").provider().send(ChatRequest.of("slow?"), "gpt-4o");
    awaitTrue(() -> clock.pendingTasks() == 1); // the server's wait, on the clock
    clock.advance(Duration.ofMinutes(9));

    assertThat(answer).isNotDone();
    clock.advance(Duration.ofMinutes(1));
    assertThat(answer.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void eachRunOfTheExtensionHasAFreshClockThatTheFleetAndItsAdaptersShare(
      FakeFleet fleet, VirtualClock clock) {
    assertThat(fleet.ticker()).isSameAs(clock);
    assertThat(clock.now()).isEqualTo(new VirtualClock().now());
  }

  @Test
  void aFleetOnTheSystemClockSaysSoWhenAskedForAVirtualOne() {
    FakeFleet onSystemTime = FakeFleet.builder().openAi("openai").build();

    assertThat(onSystemTime.ticker()).isSameAs(dev.lifeline.time.Ticker.system());
    org.assertj.core.api.Assertions.assertThatThrownBy(onSystemTime::virtualClock)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a VirtualClock");
  }
}
