package dev.lifeline.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lifeline.BadRequestException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real calls through the engine over the testkit's fake servers, measured by Micrometer. */
class MicrometerListenerTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private FakeLlmServer openai;
  private FakeLlmServer anthropic;
  private SelfHealingEngine engine;

  @BeforeEach
  void start() {
    openai = FakeLlmServer.builder(WireFormat.OPENAI).name("openai").build().start();
    anthropic = FakeLlmServer.builder(WireFormat.ANTHROPIC).name("anthropic").build().start();
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(event.getName() + " " + event.getContextualName());
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    engine =
        SelfHealingEngine.builder()
            .provider(openai.provider(), "gpt-4o", "gpt-4o-mini")
            .provider(anthropic.provider(), "claude-sonnet-4-20250514")
            // No refill by time, so the budget's level depends on the calls alone.
            .health(
                HealthSettings.defaults()
                    .withRetryBudget(RetryBudgetSettings.defaults().withMinPerSecond(0)))
            .listener(MicrometerListener.builder(meters).observations(observations).build())
            .build();
    new LifelineGauges(engine).bindTo(meters);
  }

  @AfterEach
  void stop() {
    engine.close();
    openai.close();
    anthropic.close();
  }

  @Test
  void aCallThatRetriesAndFailsOverIsOneObservationWithAnEventPerAttempt() {
    openai.enqueue(Fault.rateLimited(Duration.ofMillis(10)), Fault.quotaExhausted());
    Observation caller = Observation.start("caller", observations);

    ChatResponse answer = caller.scoped(() -> engine.call("Refund order #1042?"));
    caller.stop();

    assertThat(answer.trace().attempts())
        .extracting(attempt -> attempt.decision())
        .containsExactly(Decision.RETRY, Decision.FAILOVER, Decision.ACCEPT);
    assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation", 1)
        .hasObservationWithNameEqualTo("gen_ai.client.operation")
        .that()
        .hasContextualNameEqualTo("chat gpt-4o")
        .hasBeenStarted()
        .hasBeenStopped()
        .hasParentObservationEqualTo(caller)
        .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "anthropic")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-4o")
        .hasLowCardinalityKeyValue("gen_ai.response.model", "claude-sonnet-4-20250514")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasLowCardinalityKeyValue("lifeline.outcome", "success")
        .hasLowCardinalityKeyValue("lifeline.decision", "accept")
        .hasHighCardinalityKeyValue("lifeline.attempts", "3");
    assertThat(events)
        .containsExactly(
            "lifeline.attempt attempt 1 openai/gpt-4o: rate_limited -> retry",
            "lifeline.attempt attempt 2 openai/gpt-4o: quota_exhausted -> failover",
            "lifeline.attempt attempt 3 anthropic/claude-sonnet-4-20250514: none -> accept");

    assertThat(attempts("openai", "gpt-4o", "rate_limited", "retry")).isEqualTo(1);
    assertThat(attempts("openai", "gpt-4o", "quota_exhausted", "failover")).isEqualTo(1);
    assertThat(attempts("anthropic", "claude-sonnet-4-20250514", "none", "accept")).isEqualTo(1);
    assertThat(meters.get("lifeline.attempts").counters()).hasSize(3);
    assertThat(
            meters
                .get("lifeline.failovers")
                .tag("gen_ai.provider.name", "openai")
                .tag("gen_ai.request.model", "gpt-4o")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(meters.find("lifeline.degrades").counters()).isEmpty();
    assertThat(meters.get("lifeline.attempt.duration").timers()).hasSize(3);

    var duration =
        meters
            .get("gen_ai.client.operation.duration")
            .tag("gen_ai.operation.name", "chat")
            .tag("gen_ai.provider.name", "anthropic")
            .tag("gen_ai.request.model", "gpt-4o")
            .tag("gen_ai.response.model", "claude-sonnet-4-20250514")
            .tag("error.type", "none")
            .tag("lifeline.outcome", "success")
            .timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo((double) answer.trace().elapsed().toNanos());
    assertThat(tokens("input")).isEqualTo(answer.usage().promptTokens()).isPositive();
    assertThat(tokens("output")).isEqualTo(answer.usage().completionTokens()).isPositive();

    // The spent quota cooled the whole provider down: counted, and on the gauges.
    assertThat(
            meters
                .get("lifeline.cooldowns")
                .tag("lifeline.cooldown.scope", "provider")
                .tag("lifeline.cooldown.target", "openai")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(gauge("lifeline.cooldown.active", "openai", "gpt-4o")).isEqualTo(1);
    assertThat(gauge("lifeline.cooldown.active", "anthropic", "claude-sonnet-4-20250514")).isZero();
    assertThat(gauge("lifeline.circuit.state", "anthropic", "claude-sonnet-4-20250514")).isZero();
    CircuitState openAiCircuit = engine.health().get(0).circuitState();
    assertThat(gauge("lifeline.circuit.state", "openai", "gpt-4o"))
        .isEqualTo(
            openAiCircuit == CircuitState.CLOSED ? 0 : openAiCircuit == CircuitState.OPEN ? 2 : 1);
    // A full bucket of 10 (the call's deposit overflows it), less the retry's token: the failover
    // onto an untried healthy deployment is free.
    assertThat(meters.get("lifeline.retry_budget.tokens").gauge().value())
        .isCloseTo(9, within(1e-9));
  }

  @Test
  void aRefusedAnswerCountsAValidationFailureAndADegrade() {
    openai.enqueue(Fault.refusal());

    ChatResponse answer = engine.call("Refund order #1042?");

    assertThat(answer.trace().attempts())
        .extracting(attempt -> attempt.deployment().id())
        .containsExactly("openai/gpt-4o", "openai/gpt-4o-mini");
    assertThat(
            meters
                .get("lifeline.validation.failures")
                .tag("lifeline.validator", "refusal")
                .tag("gen_ai.request.model", "gpt-4o")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(meters.get("lifeline.degrades").tag("gen_ai.request.model", "gpt-4o").counter())
        .satisfies(counter -> assertThat(counter.count()).isEqualTo(1));
    assertThat(attempts("openai", "gpt-4o", "validation_failed", "degrade")).isEqualTo(1);
  }

  @Test
  void aStreamRecordsItsTimeToFirstChunk() {
    List<String> deltas = new CopyOnWriteArrayList<>();

    engine.stream(ChatRequest.of("Refund order #1042?"), deltas::add).join();

    assertThat(deltas).isNotEmpty();
    var firstChunk =
        meters
            .get("gen_ai.client.operation.time_to_first_chunk")
            .tag("gen_ai.provider.name", "openai")
            .tag("gen_ai.request.model", "gpt-4o")
            .timer();
    assertThat(firstChunk.count()).isEqualTo(1);
  }

  @Test
  void aFailedCallStopsItsObservationWithTheError() {
    openai.always(Fault.badRequest());

    assertThatThrownBy(() -> engine.call("Refund order #1042?"))
        .isInstanceOf(BadRequestException.class);

    assertThat(observations)
        .hasSingleObservationThat()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai")
        .hasLowCardinalityKeyValue("error.type", "bad_request")
        .hasLowCardinalityKeyValue("lifeline.outcome", "failure")
        .hasLowCardinalityKeyValue("lifeline.decision", "fail")
        .assertThatError()
        .isInstanceOf(BadRequestException.class);
    assertThat(
            meters
                .get("gen_ai.client.operation.duration")
                .tag("error.type", "bad_request")
                .tag("lifeline.outcome", "failure")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(meters.find("gen_ai.client.token.usage").summaries()).isEmpty();
  }

  private double attempts(String provider, String model, String errorType, String decision) {
    return meters
        .get("lifeline.attempts")
        .tag("gen_ai.provider.name", provider)
        .tag("gen_ai.request.model", model)
        .tag("error.type", errorType)
        .tag("lifeline.decision", decision)
        .counter()
        .count();
  }

  private double tokens(String type) {
    return meters
        .get("gen_ai.client.token.usage")
        .tag("gen_ai.token.type", type)
        .summary()
        .totalAmount();
  }

  @Test
  void gaugesBoundTwiceAreRegisteredOnceWithoutAWarning() {
    int before = meters.getMeters().size();
    PrintStream original = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      // As in a Spring Boot application: the starter binds them, and Boot binds every binder.
      new LifelineGauges(engine).bindTo(meters);
    } finally {
      System.setErr(original);
    }
    assertThat(meters.getMeters()).hasSize(before);
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("already registered");
  }

  private double gauge(String name, String provider, String model) {
    return meters
        .get(name)
        .tag("gen_ai.provider.name", provider)
        .tag("gen_ai.request.model", model)
        .gauge()
        .value();
  }
}
