package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static dev.lifeline.FakeProvider.failWithStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The engine with health: circuits skip a dead primary, the budget caps retry storms. Virtual time
 * only.
 */
class HealthRoutingTest {

  private final VirtualClock clock = new VirtualClock();

  /** Runs {@code calls} calls, one every {@code every}, each to its end, and returns them. */
  private List<CompletableFuture<ChatResponse>> load(
      SelfHealingEngine engine, int calls, Duration every) {
    List<CompletableFuture<ChatResponse>> results = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      results.add(engine.callAsync(ChatRequest.of("call " + i)));
      clock.runUntilIdle(Duration.ofMinutes(2));
      clock.advance(every);
    }
    return results;
  }

  @Test
  void anHourLongOutageOfThePrimaryCostsOnlyHalfOpenProbes() {
    AtomicBoolean primaryDown = new AtomicBoolean(true);
    FakeProvider primary = new FakeProvider("primary", clock);
    FakeProvider secondary =
        new FakeProvider("secondary", clock).script("b", answer("from secondary"));
    // The primary's script repeats its last outcome: decide per call from the flag.
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(
                ProviderLadder.of(new SwitchableProvider("primary", primaryDown, primary))
                    .models("a"))
            .provider(ProviderLadder.of(secondary).models("b"))
            .health(
                HealthSettings.defaults()
                    .withCircuit(
                        CircuitSettings.defaults()
                            .withOpenDuration(Duration.ofSeconds(30))
                            .withHalfOpenProbes(1)))
            .ticker(clock)
            .scheduler(clock)
            .build();

    List<CompletableFuture<ChatResponse>> hour = load(engine, 3_600, Duration.ofSeconds(1));

    assertThat(hour).allSatisfy(call -> assertThat(call.join().text()).isEqualTo("from secondary"));
    int primaryAttempts = primary.calls().size();
    // Before the circuit opens: 5 calls × 3 attempts; then one probe per 30 s open period, retried
    // at most
    // as often as the retry policy allows when the probe fails.
    assertThat(primaryAttempts).isLessThanOrEqualTo(15 + (3_600 / 30) * 3);
    assertThat(primaryAttempts).isLessThan(3_600 / 5); // against 10,800 without circuits
    DeploymentHealth health = engine.health().get(0);
    assertThat(health.circuitState()).isNotEqualTo(CircuitState.CLOSED);

    primaryDown.set(false);
    int before = primary.calls().size();
    List<CompletableFuture<ChatResponse>> recovery = load(engine, 40, Duration.ofSeconds(1));

    // Within one open period (30 s) a probe finds the primary healthy, and it takes the traffic
    // back.
    assertThat(recovery.subList(31, 40))
        .allSatisfy(call -> assertThat(call.join().provider()).isEqualTo("primary"));
    assertThat(primary.calls().size() - before).isGreaterThanOrEqualTo(9);
  }

  @Test
  void theRetryBudgetCapsAFullOutageAtAboutOneAndAFifthAttemptsPerCall() {
    double withBudget = amplificationInFullOutage(true);
    double withoutBudget = amplificationInFullOutage(false);

    assertThat(withBudget).isLessThanOrEqualTo(1.2);
    assertThat(withoutBudget).isGreaterThanOrEqualTo(5.5); // 3 attempts on each of 2 providers
  }

  /**
   * Attempts per call after warm-up, every provider failing with 500s, circuits off to isolate the
   * budget.
   */
  private double amplificationInFullOutage(boolean budget) {
    FakeProvider a =
        new FakeProvider("a", clock).script("m", failWithStatus(ErrorKind.SERVER_ERROR, 500, null));
    FakeProvider b =
        new FakeProvider("b", clock).script("m", failWithStatus(ErrorKind.SERVER_ERROR, 500, null));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(a, "m")
            .provider(b, "m")
            .health(
                HealthSettings.defaults()
                    .withCircuit(CircuitSettings.disabled())
                    .withRetryBudget(RetryBudgetSettings.defaults().withEnabled(budget)))
            .ticker(clock)
            .scheduler(clock)
            .build();
    load(engine, 200, Duration.ofMillis(10)); // warm-up: spends the initial burst
    int before = a.calls().size() + b.calls().size();

    List<CompletableFuture<ChatResponse>> calls = load(engine, 2_000, Duration.ofMillis(10));

    assertThat(calls).allSatisfy(call -> assertThat(call).isCompletedExceptionally());
    return (a.calls().size() + b.calls().size() - before) / 2_000.0;
  }

  @Test
  void aSingleDeploymentIsCooledDownToo_liteLlm40405() {
    FakeProvider only =
        new FakeProvider("only", clock)
            .script("m", failWithStatus(ErrorKind.SERVER_ERROR, 503, null));
    SelfHealingEngine engine =
        SelfHealingEngine.builder().provider(only, "m").ticker(clock).scheduler(clock).build();

    List<CompletableFuture<ChatResponse>> calls = load(engine, 20, Duration.ofMillis(100));

    // The circuit opens after 5 consecutive failures (2 calls); later calls fail at once, with no
    // attempt.
    assertThat(only.calls().size()).isLessThanOrEqualTo(6);
    assertThat(calls.get(19)).isCompletedExceptionally();
    assertThat(catchCause(calls.get(19)))
        .hasMessageContaining("every deployment is unavailable")
        .hasMessageContaining("circuit open");
  }

  @Test
  void theCallersOwnDeadlineNeverOpensACircuit_liteLlm41223() {
    FakeProvider slow =
        new FakeProvider("slow", clock).script("m", answer("late").after(Duration.ofSeconds(10)));
    SelfHealingEngine engine =
        SelfHealingEngine.builder().provider(slow, "m").ticker(clock).scheduler(clock).build();

    for (int i = 0; i < 20; i++) {
      engine.callAsync(
          ChatRequest.of("q"), CallOptions.defaults().withDeadline(Duration.ofSeconds(1)));
      clock.runUntilIdle(Duration.ofMinutes(1));
    }

    DeploymentHealth health = engine.health().get(0);
    assertThat(health.circuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(health.failures()).isZero();
    assertThat(slow.calls()).hasSize(20);
  }

  @Test
  void costRoutingTriesTheCheapestDeploymentFirst() {
    FakeProvider dear = new FakeProvider("dear", clock).script("big", answer("dear"));
    FakeProvider cheap = new FakeProvider("cheap", clock).script("small", answer("cheap"));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(ProviderLadder.of(dear).model(new Deployment("dear", "big", 128_000, 5, 15)))
            .provider(
                ProviderLadder.of(cheap)
                    .model(new Deployment("cheap", "small", 128_000, 0.15, 0.6)))
            .routing(RoutingMode.COST)
            .ticker(clock)
            .scheduler(clock)
            .build();

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("q"));
    clock.runUntilIdle(Duration.ofMinutes(1));

    assertThat(call.join().text()).isEqualTo("cheap");
    assertThat(dear.calls()).isEmpty();
  }

  @Test
  void aPromptTooLargeForADeploymentsWindowNeverReachesIt() {
    FakeProvider small = new FakeProvider("small", clock).script("s", answer("small"));
    FakeProvider large = new FakeProvider("large", clock).script("l", answer("large"));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(ProviderLadder.of(small).model("s", 8_000))
            .provider(ProviderLadder.of(large).model("l", 1_000_000))
            .ticker(clock)
            .scheduler(clock)
            .build();

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("word ".repeat(50_000)));
    clock.runUntilIdle(Duration.ofMinutes(1));

    assertThat(call.join().text()).isEqualTo("large");
    assertThat(small.calls()).isEmpty();
    assertThat(call.join().trace().notes())
        .anySatisfy(note -> assertThat(note).contains("small/s").contains("context window"));
  }

  @Test
  void aDeploymentAboutToRunDryIsAskedAfterTheOthersBeforeItAnswers429() {
    FakeProvider nearlySpent =
        new FakeProvider("primary", clock).script("a", answer("from primary"));
    FakeProvider backup = new FakeProvider("backup", clock).script("b", answer("from backup"));
    dev.lifeline.provider.Provider reporting =
        new dev.lifeline.provider.Provider() {
          @Override
          public String name() {
            return "primary";
          }

          @Override
          public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
            // The provider says: 1 request of 500 left, refilling in 20 s.
            return nearlySpent
                .send(request, model)
                .thenApply(
                    response ->
                        response.toBuilder()
                            .rateLimits(
                                new dev.lifeline.model.RateLimits(
                                    1, 500, -1, -1, Duration.ofSeconds(20), null))
                            .build());
          }
        };
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(reporting, "a")
            .provider(backup, "b")
            .ticker(clock)
            .scheduler(clock)
            .build();

    List<CompletableFuture<ChatResponse>> calls = load(engine, 3, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(20));
    List<CompletableFuture<ChatResponse>> later = load(engine, 1, Duration.ofSeconds(1));

    assertThat(calls)
        .extracting(call -> call.join().provider())
        .containsExactly("primary", "backup", "backup");
    assertThat(calls.get(1).join().trace().notes())
        .anySatisfy(note -> assertThat(note).contains("rate-limit budget nearly spent"));
    assertThat(later.get(0).join().provider()).isEqualTo("primary"); // the budget refilled
  }

  private static Throwable catchCause(CompletableFuture<?> future) {
    try {
      future.join();
      throw new AssertionError("expected a failure");
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }

  /** Delegates to {@code healthy} answers or to a 503 while {@code down} is set. */
  private static final class SwitchableProvider implements dev.lifeline.provider.Provider {
    private final String name;
    private final AtomicBoolean down;
    private final FakeProvider recorder;

    SwitchableProvider(String name, AtomicBoolean down, FakeProvider recorder) {
      this.name = name;
      this.down = down;
      this.recorder = recorder;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      recorder.script(
          model,
          down.get() ? failWithStatus(ErrorKind.OVERLOADED, 503, null) : answer("from primary"));
      return recorder
          .send(request, model)
          .thenApply(response -> response.toBuilder().provider(name).build());
    }
  }
}
