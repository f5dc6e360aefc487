package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyTable;
import dev.lifeline.retry.Jitter;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.FallbackStrategy;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The cascade's rules as a pure function: each guard clause, without futures or clocks. */
class CascadeDecisionTest {

  private static final Deployment GPT4O = Deployment.of("openai", "gpt-4o");
  private static final Deployment MINI = Deployment.of("openai", "gpt-4o-mini");
  private static final Deployment CLAUDE = Deployment.of("anthropic", "claude");
  private static final List<Deployment> PLAN = List.of(GPT4O, MINI, CLAUDE);
  private static final long SECOND = 1_000_000_000L;

  private final CascadeDecision decision =
      new CascadeDecision(
          RemedyTable.defaults(),
          RetryPolicy.builder()
              .baseDelay(Duration.ofSeconds(1))
              .maxDelay(Duration.ofSeconds(1))
              .jitter(Jitter.NONE)
              .build());

  /** At gpt-4o, no retry yet, 60 s left, budget left, every deployment a rescue. */
  private static CascadeDecision.Situation at(Failure failure) {
    return situation(
        failure, 0, 0, 60 * SECOND, true, deployment -> true, FallbackStrategy.CASCADE, false);
  }

  private static CascadeDecision.Situation situation(
      Failure failure,
      int index,
      int retries,
      long deadline,
      boolean budget,
      Predicate<Deployment> rescue,
      FallbackStrategy strategy,
      boolean committed) {
    return new CascadeDecision.Situation(
        PLAN.get(index),
        failure,
        PLAN,
        index,
        retries,
        null,
        strategy,
        committed,
        0,
        deadline,
        budget,
        rescue,
        100,
        new SplittableRandom(1));
  }

  private static Failure failure(ErrorKind kind) {
    return Failure.of(kind, "scripted");
  }

  @Test
  void aServerErrorIsRetriedAfterTheBackoffWithABudgetToken() {
    Step step = decision.decide(at(failure(ErrorKind.SERVER_ERROR)));

    assertThat(step)
        .isEqualTo(
            new Step.Retry(GPT4O, Duration.ofSeconds(1), "retry 1/2 after 1000 ms (backoff)"));
    assertThat(step.budgeted()).isTrue();
  }

  @Test
  void aTimeoutIsNotRetriedWhileAnotherDeploymentMayAnswer() {
    Step step = decision.decide(at(failure(ErrorKind.TIMEOUT)));

    assertThat(step).isInstanceOf(Step.Move.class);
    assertThat(((Step.Move) step).index()).isEqualTo(2); // FAILOVER: the other provider
    assertThat(step.reason())
        .startsWith("a hung deployment is not retried while another may answer");
  }

  @Test
  void aTimeoutOnTheLastDeploymentIsRetriedOnce() {
    Step first =
        decision.decide(
            situation(
                failure(ErrorKind.TIMEOUT),
                2,
                0,
                60 * SECOND,
                true,
                d -> true,
                FallbackStrategy.CASCADE,
                false));
    Step second =
        decision.decide(
            situation(
                failure(ErrorKind.TIMEOUT),
                2,
                1,
                60 * SECOND,
                true,
                d -> true,
                FallbackStrategy.CASCADE,
                false));

    assertThat(first).isInstanceOf(Step.Retry.class);
    assertThat(second).isInstanceOf(Step.Fail.class);
    assertThat(second.decision()).isEqualTo(Decision.EXHAUSTED);
    assertThat(second.reason()).isEqualTo("1 retries used; no deployment left");
  }

  @Test
  void anEmptyBudgetNeverRefusesTheRescueOfAnUntriedHealthyDeployment() {
    Step step =
        decision.decide(
            situation(
                failure(ErrorKind.SERVER_ERROR),
                0,
                0,
                60 * SECOND,
                false,
                d -> true,
                FallbackStrategy.CASCADE,
                false));

    assertThat(step)
        .isEqualTo(
            new Step.Move(
                2,
                Decision.FAILOVER,
                "retry budget exhausted: no retry; next: anthropic/claude",
                false));
  }

  @Test
  void anEmptyBudgetRefusesAMoveToADeploymentThatIsNotHealthy() {
    Step step =
        decision.decide(
            situation(
                failure(ErrorKind.SERVER_ERROR),
                0,
                0,
                60 * SECOND,
                false,
                d -> false,
                FallbackStrategy.CASCADE,
                false));

    assertThat(step.decision()).isEqualTo(Decision.EXHAUSTED);
    assertThat(step.reason()).endsWith("retry budget exhausted: no failover");
  }

  @Test
  void aMoveToADeploymentThatIsNotHealthySpendsAToken() {
    Step step =
        decision.decide(
            situation(
                failure(ErrorKind.AUTHENTICATION),
                0,
                0,
                60 * SECOND,
                true,
                d -> false,
                FallbackStrategy.CASCADE,
                false));

    assertThat(step.budgeted()).isTrue();
    assertThat(step.decision()).isEqualTo(Decision.FAILOVER);
  }

  @Test
  void aWaitThatWouldPassTheDeadlineEndsInDeadlineWhenNothingElseIsLeft() {
    Step step =
        decision.decide(
            situation(
                failure(ErrorKind.SERVER_ERROR),
                0,
                0,
                SECOND / 2,
                true,
                d -> true,
                FallbackStrategy.RETRY_ONLY,
                false));

    assertThat(step)
        .isEqualTo(
            new Step.Fail(
                Step.Ending.DEADLINE,
                Decision.DEADLINE,
                "a wait of 1000 ms would pass the deadline; strategy RETRY_ONLY tries no other deployment"));
  }

  @Test
  void aBadRequestFailsFast() {
    Step step = decision.decide(at(failure(ErrorKind.BAD_REQUEST)));

    assertThat(step)
        .isEqualTo(new Step.Fail(Step.Ending.BAD_REQUEST, Decision.FAIL, "BAD_REQUEST fails fast"));
  }

  @Test
  void anOverloadDegradesWithinTheProviderOnceItsRetriesAreUsed() {
    Step step =
        decision.decide(
            situation(
                failure(ErrorKind.OVERLOADED),
                0,
                2,
                60 * SECOND,
                true,
                d -> true,
                FallbackStrategy.CASCADE,
                false));

    assertThat(step)
        .isEqualTo(
            new Step.Move(1, Decision.DEGRADE, "2 retries used; next: openai/gpt-4o-mini", false));
  }

  @Test
  void aStreamThatReachedTheCallerIsNeverRestartedElsewhere() {
    Step step =
        decision.decide(
            situation(
                failure(ErrorKind.SERVER_ERROR),
                0,
                0,
                60 * SECOND,
                true,
                d -> true,
                FallbackStrategy.CASCADE,
                true));

    assertThat(step).isInstanceOf(Step.Fail.class);
    assertThat(((Step.Fail) step).ending()).isEqualTo(Step.Ending.STREAM_BROKEN);
  }

  @Test
  void aClassifierHintOverridesTheKindsRule() {
    Failure hinted =
        Failure.builder(ErrorKind.SERVER_ERROR).message("x").remedyHint(Remedy.DEGRADE).build();

    Step step = decision.decide(at(hinted));

    assertThat(step)
        .isEqualTo(new Step.Move(1, Decision.DEGRADE, "next: openai/gpt-4o-mini", false));
  }

  @Test
  void aProvidersWaitLongerThanMaxRetryAfterFailsOverAtOnce() {
    Failure limited =
        Failure.builder(ErrorKind.RATE_LIMITED)
            .status(429)
            .message("x")
            .retryAfter(Duration.ofMinutes(5))
            .build();

    Step step = decision.decide(at(limited));

    assertThat(step.decision()).isEqualTo(Decision.FAILOVER);
    assertThat(step.reason())
        .startsWith("provider asked to wait 300000 ms, more than maxRetryAfter");
  }
}
