package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static dev.lifeline.FakeProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyRule;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Each way a call ends without an answer has its own exception, named for what happened, with its
 * trace.
 */
class ExceptionFamilyTest {
  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider openai = new FakeProvider("openai", clock);
  private final FakeProvider anthropic = new FakeProvider("anthropic", clock);

  private SelfHealingEngine.Builder engine() {
    return SelfHealingEngine.builder()
        .provider(ProviderLadder.of(openai).model("gpt-4o", 8_000))
        .provider(ProviderLadder.of(anthropic).model("claude-sonnet-4", 8_000))
        .ticker(clock)
        .scheduler(clock)
        .random(new SplittableRandom(7))
        .deadline(Duration.ofSeconds(60));
  }

  private LifelineException failure(SelfHealingEngine engine, ChatRequest request) {
    CompletableFuture<ChatResponse> call = engine.callAsync(request);
    clock.runUntilIdle(Duration.ofHours(1));
    assertThat(call).isCompletedExceptionally();
    try {
      call.join();
      throw new AssertionError("answered");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(LifelineException.class);
      return (LifelineException) e.getCause();
    }
  }

  @Test
  void theFamilyIsSealedAndComplete() {
    assertThat(LifelineException.class.isSealed()).isTrue();
    assertThat(
            Arrays.stream(LifelineException.class.getPermittedSubclasses())
                .map(Class::getSimpleName))
        .containsExactlyInAnyOrder(
            "AllAttemptsFailedException",
            "NoDeploymentAvailableException",
            "FailFastException",
            "BadRequestException",
            "StreamInterruptedException",
            "DeadlineExceededException",
            "CallCancelledException");
  }

  @Test
  void aRequestNoDeploymentCanHoldIsNoDeploymentAvailableWithNoAttempt() {
    LifelineException error = failure(engine().build(), ChatRequest.of("word ".repeat(40_000)));

    assertThat(error).isInstanceOf(NoDeploymentAvailableException.class);
    assertThat(error.trace().attempts()).isEmpty();
    assertThat(error.getMessage())
        .contains("no deployment can serve this request")
        .contains("gpt-4o");
    assertThat(openai.calls()).isEmpty();
  }

  @Test
  void everyDeploymentFailingIsAllAttemptsFailedWithEveryAttempt() {
    openai.script(
        "gpt-4o",
        fail(ErrorKind.SERVER_ERROR),
        fail(ErrorKind.SERVER_ERROR),
        fail(ErrorKind.SERVER_ERROR));
    anthropic.script(
        "claude-sonnet-4",
        fail(ErrorKind.SERVER_ERROR),
        fail(ErrorKind.SERVER_ERROR),
        fail(ErrorKind.SERVER_ERROR));

    LifelineException error = failure(engine().build(), ChatRequest.of("q"));

    assertThat(error).isInstanceOf(AllAttemptsFailedException.class);
    assertThat(error.trace().attempts()).hasSize(6);
    assertThat(error.lastFailure())
        .get()
        .extracting(failure -> failure.kind())
        .isEqualTo(ErrorKind.SERVER_ERROR);
  }

  @Test
  void aKindWhoseRuleIsToFailIsFailFastAndTriesNothingElse() {
    openai.script("gpt-4o", fail(ErrorKind.CONTENT_FILTERED));
    anthropic.script("claude-sonnet-4", answer("never asked"));

    LifelineException error =
        failure(
            engine()
                .remedy(ErrorKind.CONTENT_FILTERED, RemedyRule.immediately(Remedy.FAIL))
                .build(),
            ChatRequest.of("q"));

    assertThat(error).isInstanceOf(FailFastException.class);
    assertThat(error.trace().attempts()).hasSize(1);
    assertThat(anthropic.calls()).isEmpty();
  }

  @Test
  void aRejectedRequestIsBadRequest() {
    openai.script("gpt-4o", fail(ErrorKind.BAD_REQUEST));

    LifelineException error = failure(engine().build(), ChatRequest.of("q"));

    assertThat(error).isInstanceOf(BadRequestException.class);
    assertThat(anthropic.calls()).isEmpty();
  }
}
