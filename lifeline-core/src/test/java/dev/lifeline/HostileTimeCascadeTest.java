package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.internal.retry.RateLimitHeaders;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RateLimits;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile header of issue 10, sent by an in-process provider in a 2xx answer and in a 429,
 * through {@link SelfHealingEngine#callAsync} (default retry policy) and {@link
 * SelfHealingEngine#call} on virtual time: the call ends — a bounded {@code get} proves it — with
 * an answer or a typed {@link LifelineException}, and the health state stays sane (a cooldown
 * within the longest configured one).
 */
class HostileTimeCascadeTest {

  /** The longest cooldown the default health settings start: quota and max cooldown, one hour. */
  private static final Duration LONGEST_DEFAULT_COOLDOWN = Duration.ofHours(1);

  private final VirtualClock clock = new VirtualClock();
  private final Instant start = clock.now();

  static List<HostileHeaders.Case> cases() {
    return HostileHeaders.all();
  }

  /** An in-process provider whose every send is {@code outcome} of the answer's raw headers. */
  private record Scripted(String name, Function<Instant, CompletableFuture<ChatResponse>> outcome)
      implements Provider {
    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      return outcome.apply(Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  private static Provider answering(String name, HostileHeaders.Case hostile) {
    return new Scripted(
        name,
        now ->
            CompletableFuture.completedFuture(
                ChatResponse.builder()
                    .text("Refund approved for order 1234.")
                    .rateLimits(
                        RateLimitHeaders.parse(RawResponse.of(200, hostile.headers(), ""), now))
                    .build()));
  }

  private static Provider rateLimited(String name, HostileHeaders.Case hostile) {
    return new Scripted(
        name,
        now -> {
          Failure failure =
              ErrorClassifier.generic()
                  .classify(
                      RawResponse.of(
                          429,
                          hostile.headers(),
                          "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"))
                  .orElseThrow();
          return CompletableFuture.failedFuture(new ProviderException(failure));
        });
  }

  private SelfHealingEngine engine(RetryPolicy policy, Provider... providers) {
    SelfHealingEngine.Builder builder =
        SelfHealingEngine.builder()
            .ticker(clock)
            .scheduler(clock)
            .random(new SplittableRandom(7))
            .retryPolicy(policy)
            .validators(List.of());
    for (Provider provider : providers) {
      builder.provider(ProviderLadder.of(provider).model("m", 128_000));
    }
    return builder.build();
  }

  /** Runs the call's waits on virtual time, then proves with a bounded get that it ended. */
  private Object outcome(CompletableFuture<ChatResponse> call) throws InterruptedException {
    clock.runUntilIdle(Duration.ofHours(2));
    try {
      return call.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the call never ended", e);
    }
  }

  private void assertSane(SelfHealingEngine engine) {
    for (DeploymentHealth health : engine.health()) {
      if (health.cooldownUntil() != null) {
        assertThat(health.cooldownUntil())
            .isBetween(start, clock.now().plus(LONGEST_DEFAULT_COOLDOWN));
      }
      if (health.circuitOpenUntil() != null) {
        assertThat(health.circuitOpenUntil())
            .isBetween(start, clock.now().plus(Duration.ofDays(1)));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aTwoHundredWithHostileHeadersIsAnswered(HostileHeaders.Case hostile) throws Exception {
    SelfHealingEngine engine = engine(RetryPolicy.defaults(), answering("openai", hostile));

    Object outcome = outcome(engine.callAsync(ChatRequest.of("refund?")));

    assertThat(outcome)
        .isInstanceOfSatisfying(ChatResponse.class, r -> assertThat(r.text()).startsWith("Refund"));
    assertSane(engine);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aFourTwentyNineWithHostileHeadersFailsOverAndEnds(HostileHeaders.Case hostile)
      throws Exception {
    SelfHealingEngine engine =
        engine(
            RetryPolicy.defaults(),
            rateLimited("openai", hostile),
            answering("anthropic", hostile));

    Object outcome = outcome(engine.callAsync(ChatRequest.of("refund?")));

    assertThat(outcome)
        .isInstanceOfSatisfying(ChatResponse.class, r -> assertThat(r.text()).startsWith("Refund"));
    assertSane(engine);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aFourTwentyNineEverywhereEndsTyped(HostileHeaders.Case hostile) throws Exception {
    SelfHealingEngine engine = engine(RetryPolicy.defaults(), rateLimited("openai", hostile));

    Object outcome = outcome(engine.callAsync(ChatRequest.of("refund?")));

    assertThat(outcome).isInstanceOf(LifelineException.class);
    assertSane(engine);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSyncFaceEndsTooWithoutWaits(HostileHeaders.Case hostile) throws Exception {
    SelfHealingEngine engine =
        engine(RetryPolicy.none(), rateLimited("openai", hostile), answering("anthropic", hostile));

    ChatResponse answer =
        CompletableFuture.supplyAsync(() -> engine.call(ChatRequest.of("refund?")))
            .get(5, TimeUnit.SECONDS);

    assertThat(answer.text()).startsWith("Refund");
    assertSane(engine);
  }

  @org.junit.jupiter.api.Test
  void anAnswerWhoseRateLimitsSayForeverIsAnsweredAndTheDeploymentComesBack() throws Exception {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    Provider provider =
        new Scripted(
            "openai",
            now ->
                CompletableFuture.completedFuture(
                    ChatResponse.builder()
                        .text("Refund approved.")
                        .rateLimits(new RateLimits(0, 100, 0, 1000, forever, forever))
                        .build()));
    SelfHealingEngine engine = engine(RetryPolicy.defaults(), provider);

    assertThat(outcome(engine.callAsync(ChatRequest.of("refund?"))))
        .isInstanceOf(ChatResponse.class);
    assertThat(outcome(engine.callAsync(ChatRequest.of("again?"))))
        .isInstanceOf(ChatResponse.class);
    assertSane(engine);
  }

  @org.junit.jupiter.api.Test
  void aCustomFailureAskingForeverIsTooLongToWaitAndCoolsDownOneHourAtMost() throws Exception {
    Provider provider =
        new Scripted(
            "openai",
            now ->
                CompletableFuture.failedFuture(
                    new ProviderException(
                        Failure.builder(ErrorKind.RATE_LIMITED)
                            .status(429)
                            .retryAfter(Duration.ofSeconds(Long.MAX_VALUE))
                            .build())));
    SelfHealingEngine engine = engine(RetryPolicy.defaults(), provider);

    Object outcome = outcome(engine.callAsync(ChatRequest.of("refund?")));

    assertThat(outcome).isInstanceOf(LifelineException.class);
    assertThat(engine.health())
        .singleElement()
        .satisfies(
            h -> assertThat(h.cooldownUntil()).isEqualTo(start.plus(LONGEST_DEFAULT_COOLDOWN)));
  }
}
