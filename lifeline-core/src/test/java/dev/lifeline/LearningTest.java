package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.health.CircuitSettings;
import dev.lifeline.internal.learning.PlaybookMemory;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * L4 over a fake ticker: the playbook skips straight to what worked, decays, and cannot be poisoned
 * far.
 */
class LearningTest {

  private static final String LARGE = "x".repeat(40_000); // about 10,000 tokens
  private final VirtualClock clock = new VirtualClock();

  /**
   * A provider whose every answer is decided by a rule of (model, request), after a fixed latency.
   */
  private final class WorldProvider implements Provider {
    private final String name;
    private final Duration latency;
    private volatile BiFunction<String, ChatRequest, Failure> rule;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    WorldProvider(String name, Duration latency, BiFunction<String, ChatRequest, Failure> rule) {
      this.name = name;
      this.latency = latency;
      this.rule = rule;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      calls.add(model);
      Failure failure = rule.apply(model, request);
      CompletableFuture<ChatResponse> future = new CompletableFuture<>();
      clock.schedule(
          () -> {
            if (failure != null) {
              future.completeExceptionally(new ProviderException(failure));
            } else {
              future.complete(
                  ChatResponse.builder()
                      .text("an answer from " + name + "/" + model + " to your request")
                      .finishReason(FinishReason.STOP)
                      .provider(name)
                      .model(model)
                      .build());
            }
          },
          latency);
      return future;
    }
  }

  private static Failure contextLength() {
    return Failure.builder(ErrorKind.CONTEXT_LENGTH_EXCEEDED)
        .status(400)
        .providerCode("context_length_exceeded")
        .message("This model's maximum context length is 8192 tokens")
        .build();
  }

  private static Failure serverError() {
    return Failure.builder(ErrorKind.SERVER_ERROR).status(500).message("internal error").build();
  }

  private static BiFunction<String, ChatRequest, Failure> smallContext() {
    return (model, request) -> request.estimatedPromptTokens() > 8_000 ? contextLength() : null;
  }

  private static BiFunction<String, ChatRequest, Failure> healthy() {
    return (model, request) -> null;
  }

  private ChatResponse call(SelfHealingEngine engine, ChatRequest request) {
    CompletableFuture<ChatResponse> future = engine.callAsync(request);
    clock.runUntilIdle(Duration.ofMinutes(5));
    return future.join();
  }

  private SelfHealingEngine engine(
      Provider alpha, Provider beta, LearningSettings learning, StateStore store) {
    SelfHealingEngine.Builder builder =
        SelfHealingEngine.builder()
            .provider(alpha, "a1", "a2")
            .provider(beta, "b")
            .learning(learning)
            .ticker(clock)
            .scheduler(clock);
    if (store != null) {
      builder.stateStore(store);
    }
    return builder.build();
  }

  /**
   * Wasted attempts and latencies of 1,000 large requests, every 10 s, against small-context models
   * first.
   */
  private List<ChatResponse> recurringContextFailure(LearningSettings learning) {
    WorldProvider alpha = new WorldProvider("alpha", Duration.ofMillis(300), smallContext());
    WorldProvider beta = new WorldProvider("beta", Duration.ofMillis(800), healthy());
    SelfHealingEngine engine = engine(alpha, beta, learning, null);
    List<ChatResponse> answers = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      answers.add(call(engine, ChatRequest.of(LARGE + " request " + i)));
      clock.advance(Duration.ofSeconds(10));
    }
    return answers;
  }

  private static double wastedPerRequest(List<ChatResponse> answers) {
    return answers.stream()
        .mapToInt(answer -> answer.trace().attemptCount() - 1)
        .average()
        .orElseThrow();
  }

  private static long p95Millis(List<ChatResponse> answers) {
    List<Long> millis =
        new ArrayList<>(
            answers.stream().map(answer -> answer.trace().elapsed().toMillis()).toList());
    Collections.sort(millis);
    return millis.get((int) Math.ceil(0.95 * millis.size()) - 1);
  }

  @Test
  void aRecurringContextLengthFailureIsSkippedAfterTheFirstFewOccurrences() {
    List<ChatResponse> learning = recurringContextFailure(LearningSettings.defaults());
    List<ChatResponse> without = recurringContextFailure(LearningSettings.off());

    double wastedWith = wastedPerRequest(learning.subList(10, 1_000));
    double wastedWithout = wastedPerRequest(without.subList(10, 1_000));
    System.out.printf(
        "recurring context-length failure: wasted attempts/request %.3f with learning, %.3f without (-%.0f%%);"
            + " P95 %d ms with, %d ms without%n",
        wastedWith,
        wastedWithout,
        100 * (1 - wastedWith / wastedWithout),
        p95Millis(learning),
        p95Millis(without));

    assertThat(wastedWithout).isEqualTo(2.0); // a1, then a2 (larger context, maybe), then beta
    assertThat(wastedWith).isLessThanOrEqualTo(0.2 * wastedWithout);
    assertThat(p95Millis(learning)).isLessThan(p95Millis(without));
    assertThat(learning).allSatisfy(answer -> assertThat(answer.provider()).isEqualTo("beta"));
    // The trace says why alpha was not asked first.
    assertThat(learning.get(500).trace().notes())
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith("tried alpha/a1 later: learned from ")
                    .contains(
                        "CONTEXT_LENGTH_EXCEEDED failures (prompts under 16,384 tokens), confidence 0.")
                    .contains("beta/b answered instead"));
  }

  @Test
  void smallRequestsStillGoToTheDeploymentThatFailsLargeOnes() {
    WorldProvider alpha = new WorldProvider("alpha", Duration.ofMillis(300), smallContext());
    WorldProvider beta = new WorldProvider("beta", Duration.ofMillis(800), healthy());
    SelfHealingEngine engine = engine(alpha, beta, LearningSettings.defaults(), null);
    for (int i = 0; i < 5; i++) {
      call(engine, ChatRequest.of(LARGE + i));
    }

    ChatResponse small = call(engine, ChatRequest.of("a short question"));

    assertThat(small.provider()).isEqualTo("alpha");
    assertThat(small.trace().attemptCount()).isEqualTo(1);
  }

  @Test
  void aDeploymentThatRecoversGetsItsTrafficBackWithinTheHalfLife() {
    Duration halfLife = Duration.ofMinutes(10);
    LearningSettings learning =
        LearningSettings.builder().halfLife(ErrorKind.CONTEXT_LENGTH_EXCEEDED, halfLife).build();
    WorldProvider alpha = new WorldProvider("alpha", Duration.ofMillis(300), smallContext());
    WorldProvider beta = new WorldProvider("beta", Duration.ofMillis(800), healthy());
    SelfHealingEngine engine = engine(alpha, beta, learning, null);
    for (int i = 0; i < 50; i++) {
      call(engine, ChatRequest.of(LARGE + i));
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(call(engine, ChatRequest.of(LARGE + "learned")).trace().attemptCount()).isEqualTo(1);

    alpha.rule = healthy(); // alpha's models now take large prompts
    Duration recoveredAt = clock.elapsed();
    Duration backAt = null;
    for (int i = 0; i < 200 && backAt == null; i++) {
      ChatResponse answer = call(engine, ChatRequest.of(LARGE + " after " + i));
      if (answer.provider().equals("alpha")) {
        backAt = clock.elapsed();
      }
      clock.advance(Duration.ofSeconds(10));
    }

    assertThat(backAt).as("alpha answers again").isNotNull();
    assertThat(backAt.minus(recoveredAt)).isLessThanOrEqualTo(halfLife);
  }

  @Test
  void aPoisonedOrderCostsAtMostOneExtraAttemptPerCall() {
    // Poison: the playbook is sure a1 (the only healthy deployment) fails, and that beta (down)
    // fixes it.
    WorldProvider alpha =
        new WorldProvider(
            "alpha",
            Duration.ofMillis(300),
            (model, request) -> model.equals("a1") ? null : serverError());
    WorldProvider beta =
        new WorldProvider("beta", Duration.ofMillis(300), (model, request) -> serverError());
    StateStore store = new InMemoryStateStore();
    List<Integer> extra = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      poison(store, ErrorKind.QUOTA_EXHAUSTED); // lasting and provider-wide: beta is asked first
      WriteBehindStateStore writes = WriteBehindStateStore.wrap(store, 64);
      SelfHealingEngine poisoned = engine(alpha, beta, LearningSettings.defaults(), writes);
      SelfHealingEngine clean = engine(alpha, beta, LearningSettings.off(), null);

      ChatResponse withPoison = call(poisoned, ChatRequest.of("question " + i));
      ChatResponse withoutPoison = call(clean, ChatRequest.of("question " + i));

      assertThat(withPoison.provider()).isEqualTo("alpha");
      extra.add(withPoison.trace().attemptCount() - withoutPoison.trace().attemptCount());
      assertThat(writes.shutdown(Duration.ofSeconds(10)))
          .as("what it learned is stored before the next round")
          .isTrue();
      clock.advance(Duration.ofMinutes(5)); // circuits close again between rounds
    }
    assertThat(extra).allSatisfy(more -> assertThat(more).isBetween(0, 1)).contains(1);
  }

  @Test
  void aPoisonedRemedyCostsAtMostOneExtraAttemptPerCall() {
    // a1 fails each request's first send with a 500 and answers the retry; the poisoned playbook
    // says
    // "after a 500 on a1, go to beta", and beta is down.
    Set<String> seen = Collections.synchronizedSet(new HashSet<>());
    WorldProvider alpha =
        new WorldProvider(
            "alpha",
            Duration.ofMillis(300),
            (model, request) -> seen.add(model + request.lastUserText()) ? serverError() : null);
    WorldProvider beta =
        new WorldProvider("beta", Duration.ofMillis(300), (model, request) -> serverError());
    StateStore store = new InMemoryStateStore();
    for (int i = 0; i < 20; i++) {
      poison(store, ErrorKind.SERVER_ERROR);
      WriteBehindStateStore writes = WriteBehindStateStore.wrap(store, 64);
      SelfHealingEngine poisoned = engine(alpha, beta, LearningSettings.defaults(), writes);
      Playbook playbook = poisoned.playbook();
      assertThat(playbook.entries()).isNotEmpty();

      ChatResponse answer = call(poisoned, ChatRequest.of("question " + i));

      // Without the playbook: a1 500, a1 again answers: two attempts. With it: one more, on beta.
      assertThat(answer.provider()).isEqualTo("alpha");
      assertThat(answer.trace().attemptCount()).isBetween(2, 3);
      assertThat(writes.shutdown(Duration.ofSeconds(10)))
          .as("what it learned is stored before the next round")
          .isTrue();
      clock.advance(Duration.ofMinutes(5));
    }
  }

  /**
   * Teaches the store's playbook, through its public door, that a1's {@code kind} is ended by
   * beta/b.
   */
  private void poison(StateStore store, ErrorKind kind) {
    PlaybookMemory playbook = PlaybookMemory.create(LearningSettings.defaults(), clock, store);
    Deployment a1 = Deployment.of("alpha", "a1");
    Deployment b = Deployment.of("beta", "b");
    Failure failure = Failure.builder(kind).status(500).message("poison").build();
    for (int i = 0; i < 20; i++) {
      CallTrace trace =
          new CallTrace(
              List.of(
                  new Attempt(
                      1,
                      a1,
                      Duration.ZERO,
                      Duration.ofMillis(10),
                      Duration.ZERO,
                      failure,
                      Decision.FAILOVER,
                      "",
                      List.of()),
                  new Attempt(
                      2,
                      b,
                      Duration.ofMillis(10),
                      Duration.ofMillis(10),
                      Duration.ZERO,
                      null,
                      Decision.ACCEPT,
                      "",
                      List.of())),
              Duration.ofMillis(20));
      playbook.learn(ChatRequest.of("question"), false, trace);
    }
    PlaybookEntry entry = playbook.entries().get(0);
    assertThat(entry.signature().deployment()).isEqualTo("alpha/a1");
    assertThat(playbook.confidence(entry)).isGreaterThan(0.9);
  }

  @Test
  void whatWasLearnedSurvivesANewEngineOnTheSameStore() {
    StateStore store = new InMemoryStateStore();
    WorldProvider alpha = new WorldProvider("alpha", Duration.ofMillis(300), smallContext());
    WorldProvider beta = new WorldProvider("beta", Duration.ofMillis(800), healthy());
    WriteBehindStateStore firstWrites = WriteBehindStateStore.wrap(store, 64);
    SelfHealingEngine first = engine(alpha, beta, LearningSettings.defaults(), firstWrites);
    for (int i = 0; i < 2; i++) { // two failures of each small model: enough to act on
      assertThat(call(first, ChatRequest.of(LARGE + i)).trace().attemptCount()).isEqualTo(3);
    }
    assertThat(firstWrites.shutdown(Duration.ofSeconds(10)))
        .as("drained, as when the engine closes")
        .isTrue();

    WriteBehindStateStore secondWrites = WriteBehindStateStore.wrap(store, 64);
    SelfHealingEngine second = engine(alpha, beta, LearningSettings.defaults(), secondWrites);
    ChatResponse answer = call(second, ChatRequest.of(LARGE + " after a restart"));
    assertThat(secondWrites.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(answer.trace().attemptCount()).isEqualTo(1);
    assertThat(answer.provider()).isEqualTo("beta");
    assertThat(store.all(Playbook.NAMESPACE).values())
        .allSatisfy(value -> assertThat(value).doesNotContain("xxxx").doesNotContain("request"));
  }

  @Test
  void aKnownFailureGoesAtOnceToWhatEndedItBefore() {
    WorldProvider alpha =
        new WorldProvider("alpha", Duration.ofMillis(300), (model, request) -> serverError());
    WorldProvider beta = new WorldProvider("beta", Duration.ofMillis(300), healthy());
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(alpha, "a1")
            .provider(beta, "b")
            // Circuits off: this test isolates the playbook from the health tracker.
            .health(
                dev.lifeline.health.HealthSettings.defaults()
                    .withCircuit(CircuitSettings.disabled()))
            .ticker(clock)
            .scheduler(clock)
            .build();

    ChatResponse first = call(engine, ChatRequest.of("q1"));
    ChatResponse later = call(engine, ChatRequest.of("q2"));

    assertThat(first.trace().attemptCount()).isEqualTo(4); // a1, two retries, then beta
    assertThat(later.trace().attemptCount()).isEqualTo(2); // a1, then straight to beta
    Attempt detour = later.trace().attempts().get(0);
    assertThat(detour.decision()).isEqualTo(Decision.FAILOVER);
    assertThat(detour.reason())
        .startsWith(
            "learned from 3 SERVER_ERROR failures (any request), confidence 0.75; beta/b answered instead")
        .contains("trying beta/b first (else: RETRY");
    assertThat(later.trace().elapsed()).isLessThan(first.trace().elapsed());
  }

  @Test
  void learningOffWalksTheConfiguredCascadeEveryTime() {
    WorldProvider alpha = new WorldProvider("alpha", Duration.ofMillis(300), smallContext());
    WorldProvider beta = new WorldProvider("beta", Duration.ofMillis(800), healthy());
    SelfHealingEngine engine = engine(alpha, beta, LearningSettings.off(), null);
    for (int i = 0; i < 5; i++) {
      assertThat(call(engine, ChatRequest.of(LARGE + i)).trace().attemptCount()).isEqualTo(3);
    }
    assertThat(engine.playbook().entries()).isEmpty();
  }
}
