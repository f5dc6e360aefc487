package dev.lifeline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.internal.retry.RetryWait;
import dev.lifeline.internal.retry.RetryWaits;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(30)).jitter(Jitter.NONE).build();

  @Test
  void theProvidersWaitWinsOverBackoff() {
    Failure failure =
        Failure.builder(ErrorKind.RATE_LIMITED).retryAfter(Duration.ofSeconds(12)).build();

    assertThat(RetryWaits.waitBefore(policy, failure, 1, null, new SplittableRandom()))
        .contains(new RetryWait(Duration.ofSeconds(12), RetryWait.Source.PROVIDER));
  }

  @Test
  void aWaitLongerThanMaxRetryAfterIsNotHonoured() {
    Failure failure =
        Failure.builder(ErrorKind.RATE_LIMITED).retryAfter(Duration.ofSeconds(31)).build();

    assertThat(RetryWaits.waitBefore(policy, failure, 1, null, new SplittableRandom())).isEmpty();
  }

  @Test
  void withoutAProviderWaitBackoffApplies() {
    Failure failure = Failure.of(ErrorKind.SERVER_ERROR, "500");

    assertThat(RetryWaits.waitBefore(policy, failure, 3, null, new SplittableRandom()))
        .contains(new RetryWait(Duration.ofSeconds(2), RetryWait.Source.BACKOFF));
  }

  @Test
  void aNegativeProviderWaitMeansRetryNow() {
    Failure failure =
        Failure.builder(ErrorKind.RATE_LIMITED).retryAfter(Duration.ofSeconds(-5)).build();

    assertThat(
            RetryWaits.waitBefore(policy, failure, 1, null, new SplittableRandom())
                .orElseThrow()
                .delay())
        .isZero();
  }

  @Test
  void theBuilderRejectsAbsurdSettingsNamingTheValue() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessageContaining("was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofSeconds(-1)))
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .baseDelay(Duration.ofSeconds(10))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("must be >= baseDelay");
  }
}
