package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static dev.lifeline.FakeProvider.fail;
import static dev.lifeline.FakeProvider.failWithStatus;
import static dev.lifeline.FakeProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyRule;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.retry.Jitter;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Every remedy path of the cascade, on virtual time: no test here sleeps. */
class CascadeTest {

  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider openai = new FakeProvider("openai", clock);
  private final FakeProvider anthropic = new FakeProvider("anthropic", clock);

  private SelfHealingEngine.Builder engine() {
    return SelfHealingEngine.builder()
        .provider(ProviderLadder.of(openai).model("gpt-4o", 128_000).model("gpt-4o-mini", 128_000))
        .provider(ProviderLadder.of(anthropic).model("claude-sonnet-4", 200_000))
        .ticker(clock)
        .scheduler(clock)
        .random(new SplittableRandom(42))
        .deadline(Duration.ofSeconds(60));
  }

  /** Runs the call to its end on virtual time and returns its outcome. */
  private ChatResponse run(CompletableFuture<ChatResponse> call) {
    clock.runUntilIdle(Duration.ofHours(2));
    assertThat(call).isDone();
    try {
      return call.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  /**
   * Runs the scenario through call, callAsync and stream on fresh engines from {@code builder},
   * checks they agree, and returns the outcome (the fakes keep the last run's calls).
   */
  private ChatResponse call(SelfHealingEngine.Builder builder, FakeProvider... more) {
    EveryMode.Result result =
        EveryMode.run(
            clock,
            () -> {
              openai.rewind();
              anthropic.rewind();
              for (FakeProvider fake : more) {
                fake.rewind();
              }
            },
            () -> builder.random(new SplittableRandom(42)).build(), // the same jitter in every face
            ChatRequest.of("Process this customer refund request"),
            CallOptions.defaults());
    if (result.exception() != null) {
      throw result.exception();
    }
    return result.response();
  }

  private ChatResponse call(SelfHealingEngine engine) {
    return run(engine.callAsync(ChatRequest.of("Process this customer refund request")));
  }

  @Test
  void answersOnTheFirstAttemptWithATraceOfOne() {
    openai.script("gpt-4o", answer("Refund approved"));

    ChatResponse response = call(engine());

    assertThat(response.text()).isEqualTo("Refund approved");
    assertThat(response.trace().attempts())
        .singleElement()
        .satisfies(
            attempt -> {
              assertThat(attempt.decision()).isEqualTo(Decision.ACCEPT);
              assertThat(attempt.failure()).isNull();
            });
  }

  @Test
  void rateLimitWaitsExactlyTheRetryAfterOnTheTicker() {
    openai.script(
        "gpt-4o", failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(7)), answer("ok"));

    ChatResponse response = call(engine());

    List<Attempt> attempts = response.trace().attempts();
    assertThat(attempts)
        .extracting(Attempt::decision)
        .containsExactly(Decision.RETRY, Decision.ACCEPT);
    assertThat(attempts.get(1).waitBefore()).isEqualTo(Duration.ofSeconds(7));
    assertThat(attempts.get(1).start()).isEqualTo(Duration.ofSeconds(7));
    assertThat(response.trace().elapsed()).isEqualTo(Duration.ofSeconds(7));
    assertThat(openai.calls()).containsExactly("gpt-4o", "gpt-4o");
  }

  @Test
  void readsTheWaitAfreshFromEveryFailure_liteLlm20722() {
    openai.script(
        "gpt-4o",
        failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(1)),
        failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(3)),
        answer("ok"));

    ChatResponse response = call(engine());

    assertThat(response.trace().attempts())
        .extracting(Attempt::waitBefore)
        .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3));
  }

  @Test
  void retryAfterBeyondTheDeadlineFailsOverAtOnce() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(50)));
    anthropic.script("claude-sonnet-4", answer("from claude"));

    ChatResponse response =
        run(
            engine()
                .build()
                .callAsync(
                    ChatRequest.of("q"),
                    CallOptions.defaults().withDeadline(Duration.ofSeconds(30))));

    assertThat(response.text()).isEqualTo("from claude");
    assertThat(response.trace().attempts().get(0).decision()).isEqualTo(Decision.FAILOVER);
    assertThat(response.trace().attempts().get(0).reason()).contains("would pass the deadline");
    assertThat(response.trace().attempts().get(1).start()).isEqualTo(Duration.ZERO);
    assertThat(openai.calls()).containsExactly("gpt-4o");
  }

  @Test
  void retryAfterAboveMaxRetryAfterFailsOverAtOnce() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(20)));
    anthropic.script("claude-sonnet-4", answer("from claude"));
    SelfHealingEngine.Builder engine =
        engine().retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).build());

    ChatResponse response = call(engine);

    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.trace().attempts().get(0).reason()).contains("more than maxRetryAfter");
    assertThat(clock.elapsed()).isZero();
  }

  @Test
  void serverErrorsAreRetriedWithJitteredBackoffWithinBoundsThenFailOver() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.SERVER_ERROR, 500, null));
    anthropic.script("claude-sonnet-4", answer("ok"));
    SelfHealingEngine.Builder engine =
        engine()
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(4)
                    .baseDelay(Duration.ofMillis(500))
                    .maxDelay(Duration.ofSeconds(8))
                    .jitter(Jitter.FULL)
                    .build());

    ChatResponse response = call(engine);

    List<Attempt> attempts = response.trace().attempts();
    assertThat(attempts)
        .extracting(Attempt::decision)
        .containsExactly(
            Decision.RETRY, Decision.RETRY, Decision.RETRY, Decision.FAILOVER, Decision.ACCEPT);
    for (int retry = 1; retry <= 3; retry++) {
      Duration ceiling = Duration.ofMillis(500L << (retry - 1));
      assertThat(attempts.get(retry).waitBefore()).isBetween(Duration.ZERO, ceiling);
    }
    // Jitter: the three waits are not all the ceiling, which plain exponential backoff would give.
    assertThat(attempts.subList(1, 4))
        .extracting(Attempt::waitBefore)
        .isNotEqualTo(
            List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)));
    // Failover goes to the next provider, skipping gpt-4o-mini of the same provider.
    assertThat(openai.calls()).containsOnly("gpt-4o");
  }

  @Test
  void authenticationFailsOverWithoutRetry() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.AUTHENTICATION, 401, null));
    anthropic.script("claude-sonnet-4", answer("ok"));

    ChatResponse response = call(engine());

    assertThat(openai.calls()).containsExactly("gpt-4o");
    assertThat(response.trace().attempts())
        .extracting(Attempt::decision)
        .containsExactly(Decision.FAILOVER, Decision.ACCEPT);
  }

  @Test
  void badRequestFailsFastWithOneAttempt() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.BAD_REQUEST, 400, null));
    anthropic.script("claude-sonnet-4", answer("never"));

    assertThatThrownBy(() -> call(engine()))
        .isInstanceOf(BadRequestException.class)
        .satisfies(
            error -> {
              LifelineException lifeline = (LifelineException) error;
              assertThat(lifeline.trace().attempts()).hasSize(1);
              assertThat(lifeline.trace().attempts().get(0).decision()).isEqualTo(Decision.FAIL);
              assertThat(lifeline.lastFailure()).get().extracting(Failure::status).isEqualTo(400);
            });
    assertThat(anthropic.calls()).isEmpty();
  }

  @Test
  void contextLengthGoesToADeploymentWithALargerWindow() {
    FakeProvider big = new FakeProvider("google", clock);
    openai.script("gpt-4o", fail(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
    anthropic.script("claude-sonnet-4", fail(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
    big.script("gemini-2.5-pro", answer("read it all"));
    SelfHealingEngine.Builder engine =
        engine().provider(ProviderLadder.of(big).model("gemini-2.5-pro", 1_000_000));

    ChatResponse response = call(engine, big);

    // gpt-4o-mini has the same window as gpt-4o: skipped; Claude's 200k is larger: tried; then
    // Gemini.
    assertThat(openai.calls()).containsExactly("gpt-4o");
    assertThat(response.trace().attempts())
        .extracting(attempt -> attempt.deployment().model())
        .containsExactly("gpt-4o", "claude-sonnet-4", "gemini-2.5-pro");
    assertThat(response.trace().attempts().get(0).decision()).isEqualTo(Decision.LARGER_CONTEXT);
  }

  @Test
  void contextLengthWithNoLargerWindowFails() {
    openai.script("gpt-4o", fail(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
    anthropic.script("claude-sonnet-4", fail(ErrorKind.CONTEXT_LENGTH_EXCEEDED));

    assertThatThrownBy(() -> call(engine()))
        .isInstanceOf(AllAttemptsFailedException.class)
        .satisfies(
            error ->
                assertThat(((LifelineException) error).trace().last().orElseThrow().reason())
                    .contains("no deployment with a larger context window"));
  }

  @Test
  void overloadDegradesToTheNextModelOfTheSameProvider() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.OVERLOADED, 529, null));
    openai.script("gpt-4o-mini", answer("mini"));

    ChatResponse response =
        call(engine().retryPolicy(RetryPolicy.builder().maxAttempts(2).build()));

    assertThat(response.model()).isEqualTo("gpt-4o-mini");
    assertThat(response.trace().attempts())
        .extracting(Attempt::decision)
        .containsExactly(Decision.RETRY, Decision.DEGRADE, Decision.ACCEPT);
  }

  @Test
  void modelNotFoundDegrades() {
    openai.script("gpt-4o", fail(ErrorKind.MODEL_NOT_FOUND));
    openai.script("gpt-4o-mini", answer("mini"));

    ChatResponse response = call(engine());

    assertThat(response.model()).isEqualTo("gpt-4o-mini");
    assertThat(openai.calls()).containsExactly("gpt-4o", "gpt-4o-mini");
  }

  @Test
  void everyProviderDownThrowsWithEveryAttempt() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.SERVER_ERROR, 502, null));
    openai.script("gpt-4o-mini", failWithStatus(ErrorKind.SERVER_ERROR, 502, null));
    anthropic.script("claude-sonnet-4", failWithStatus(ErrorKind.OVERLOADED, 529, null));

    assertThatThrownBy(() -> call(engine()))
        .isInstanceOf(AllAttemptsFailedException.class)
        .satisfies(
            error -> {
              var trace = ((LifelineException) error).trace();
              // 3 on gpt-4o (server error fails over past gpt-4o-mini), then 3 on claude.
              assertThat(trace.attempts()).hasSize(6);
              assertThat(trace.failures()).hasSize(6);
              assertThat(trace.attempts())
                  .allSatisfy(attempt -> assertThat(attempt.failure()).isNotNull());
              assertThat(trace.last().orElseThrow().decision()).isEqualTo(Decision.EXHAUSTED);
              assertThat(error.getMessage()).contains("all 6 attempts failed");
            });
    assertThat(openai.calls()).hasSize(3);
    assertThat(anthropic.calls()).hasSize(3);
  }

  @Test
  void deadlinePassingDuringAHungAttemptCancelsItAndBlamesNoProvider_liteLlm41223() {
    // The only deployment: no attempt limit applies, so the attempt has the whole deadline.
    openai.script("gpt-4o", hang());
    CompletableFuture<ChatResponse> call =
        engine()
            .strategy(FallbackStrategy.RETRY_ONLY)
            .build()
            .callAsync(
                ChatRequest.of("q"), CallOptions.defaults().withDeadline(Duration.ofSeconds(5)));

    clock.advance(Duration.ofSeconds(4));
    assertThat(call).isNotDone();
    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> run(call))
        .isInstanceOf(DeadlineExceededException.class)
        .satisfies(
            error -> {
              Attempt attempt = ((LifelineException) error).trace().attempts().get(0);
              assertThat(attempt.decision()).isEqualTo(Decision.DEADLINE);
              assertThat(attempt.failure()).isNull();
              assertThat(attempt.latency()).isEqualTo(Duration.ofSeconds(5));
            });
    assertThat(openai.cancelledCount()).isEqualTo(1);
  }

  @Test
  void aWaitThatWouldCrossTheDeadlineFailsAtOnceInsteadOfSleeping() {
    // A provider answering slowly leaves the last retry wait crossing the deadline mid-way.
    openai.script(
        "gpt-4o",
        failWithStatus(ErrorKind.SERVER_ERROR, 500, null).after(Duration.ofSeconds(2)),
        answer("too late"));
    SelfHealingEngine engine =
        engine()
            .strategy(FallbackStrategy.RETRY_ONLY)
            .retryPolicy(
                RetryPolicy.builder()
                    .baseDelay(Duration.ofSeconds(1))
                    .maxDelay(Duration.ofSeconds(1))
                    .jitter(Jitter.NONE)
                    .build())
            .build();
    CompletableFuture<ChatResponse> call =
        engine.callAsync(
            ChatRequest.of("q"), CallOptions.defaults().withDeadline(Duration.ofMillis(2_500)));

    clock.advance(Duration.ofSeconds(2)); // the failure arrives at 2 s; a 1 s wait would end at 3 s
    assertThatThrownBy(() -> run(call))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("no time to retry");
    assertThat(clock.elapsed())
        .isEqualTo(Duration.ofSeconds(2)); // failed at once, did not sit out the wait
    assertThat(openai.calls()).hasSize(1);
  }

  @Test
  void cancellingDuringAWaitCancelsTheWaitAndStopsTheCall() {
    openai.script(
        "gpt-4o",
        failWithStatus(ErrorKind.RATE_LIMITED, 429, Duration.ofSeconds(10)),
        answer("ok"));
    CompletableFuture<ChatResponse> call = engine().build().callAsync(ChatRequest.of("q"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(clock.pendingTasks())
        .isEqualTo(1); // the retry wait: the wait fits the deadline, so no timer

    call.cancel(true);

    assertThat(clock.pendingTasks()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(openai.calls()).hasSize(1);
    assertThat(call).isCancelled();
  }

  @Test
  void cancellingDuringAnAttemptCancelsTheAttempt() {
    openai.script("gpt-4o", hang());
    CompletableFuture<ChatResponse> call = engine().build().callAsync(ChatRequest.of("q"));

    call.cancel(true);

    assertThat(openai.cancelledCount()).isEqualTo(1);
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void retryOnlyNeverLeavesTheFirstDeployment() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.SERVER_ERROR, 500, null));
    anthropic.script("claude-sonnet-4", answer("never"));

    assertThatThrownBy(
            () ->
                run(
                    engine()
                        .build()
                        .callAsync(
                            ChatRequest.of("q"),
                            CallOptions.defaults().withStrategy(FallbackStrategy.RETRY_ONLY))))
        .isInstanceOf(AllAttemptsFailedException.class);
    assertThat(openai.calls()).containsExactly("gpt-4o", "gpt-4o", "gpt-4o");
    assertThat(anthropic.calls()).isEmpty();
  }

  @Test
  void noDegradeSkipsTheCheaperModel() {
    openai.script("gpt-4o", fail(ErrorKind.MODEL_NOT_FOUND));
    anthropic.script("claude-sonnet-4", answer("claude"));

    ChatResponse response =
        run(
            engine()
                .build()
                .callAsync(
                    ChatRequest.of("q"),
                    CallOptions.defaults().withStrategy(FallbackStrategy.NO_DEGRADE)));

    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(openai.calls()).containsExactly("gpt-4o");
    assertThat(response.trace().attempts().get(0).decision()).isEqualTo(Decision.FAILOVER);
  }

  @Test
  void failoverOnlyMakesOneAttemptPerProvider() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.SERVER_ERROR, 500, null));
    anthropic.script("claude-sonnet-4", answer("claude"));

    ChatResponse response = call(engine().strategy(FallbackStrategy.FAILOVER_ONLY));

    assertThat(openai.calls()).containsExactly("gpt-4o");
    assertThat(response.trace().attempts()).hasSize(2);
  }

  @Test
  void theSeedApiTakesAStrategyPerCall() {
    openai.script("gpt-4o", fail(ErrorKind.QUOTA_EXHAUSTED));
    anthropic.script("claude-sonnet-4", answer("claude"));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(openai, "gpt-4o", "gpt-4o-mini")
            .provider(anthropic, "claude-sonnet-4")
            .build(); // the system clock: this call waits on nothing

    ChatResponse response = engine.call("Process this customer refund request");

    assertThat(response.text()).isEqualTo("claude");
  }

  @Test
  void aRemedyCanBeOverriddenPerKind() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.SERVER_ERROR, 500, null));
    openai.script("gpt-4o-mini", answer("mini"));

    ChatResponse response =
        call(engine().remedy(ErrorKind.SERVER_ERROR, RemedyRule.immediately(Remedy.DEGRADE)));

    assertThat(response.model()).isEqualTo("gpt-4o-mini");
    assertThat(openai.calls()).containsExactly("gpt-4o", "gpt-4o-mini");
  }

  @Test
  void aClassifierRemedyHintOverridesTheKindsRetries() {
    Failure refused =
        Failure.builder(ErrorKind.NETWORK)
            .message("Connection refused")
            .remedyHint(Remedy.FAILOVER)
            .build();
    openai.script("gpt-4o", fail(refused));
    anthropic.script("claude-sonnet-4", answer("claude"));

    call(engine());

    assertThat(openai.calls()).containsExactly("gpt-4o");
  }

  @Test
  void aProviderThatThrowsIsClassifiedLikeAnyFailure() {
    openai.script("gpt-4o", FakeProvider.raise(new IllegalStateException("adapter bug")));
    anthropic.script("claude-sonnet-4", answer("claude"));

    ChatResponse response = call(engine().retryPolicy(RetryPolicy.none()));

    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.trace().failures())
        .singleElement()
        .extracting(Failure::message)
        .asString()
        .contains("adapter bug");
  }

  @Test
  void aThrowingListenerNeverBreaksACall() {
    openai.script("gpt-4o", failWithStatus(ErrorKind.SERVER_ERROR, 500, null), answer("ok"));
    List<Attempt> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    SelfHealingEngine engine =
        engine()
            .listener(
                new dev.lifeline.trace.EngineListener() {
                  @Override
                  public void onAttempt(Attempt attempt) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .listener(
                new dev.lifeline.trace.EngineListener() {
                  @Override
                  public void onAttempt(Attempt attempt) {
                    heard.add(attempt);
                  }
                })
            .build();

    ChatResponse response = call(engine);

    assertThat(response.text()).isEqualTo("ok");
    assertThat(heard).hasSize(2);
  }

  @Test
  void builderRejectsBadConfigurationWithClearMessages() {
    assertThatThrownBy(() -> SelfHealingEngine.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one provider");
    assertThatThrownBy(() -> SelfHealingEngine.builder().provider(ProviderLadder.of(openai)))
        .hasMessageContaining("needs at least one model");
    assertThatThrownBy(
            () -> SelfHealingEngine.builder().provider(openai, "a").provider(openai, "b"))
        .hasMessageContaining("already used");
    assertThatThrownBy(() -> SelfHealingEngine.builder().deadline(Duration.ZERO))
        .hasMessageContaining("deadline must be positive");
  }
}
