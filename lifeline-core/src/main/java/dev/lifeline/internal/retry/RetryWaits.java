package dev.lifeline.internal.retry;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.Failure;
import dev.lifeline.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The wait before a retry, as a {@link RetryPolicy} decides it. */
public final class RetryWaits {
  private RetryWaits() {}

  /**
   * How long to wait before retrying after {@code failure}.
   *
   * <p>The provider's own wait, read afresh from this failure, wins over backoff; it is honoured
   * exactly when it is at most the policy's {@code maxRetryAfter}. A longer one yields empty:
   * waiting that long is worse than another deployment. A negative wait counts as zero, so the
   * result is always in [0, {@link #maxRetryAfter()}] or [0, {@link Backoff#MAX_DELAY}].
   *
   * @param failure the failure being retried
   * @param retry 1 for the first retry of this deployment, 2 for the second, ...
   * @param previous the wait before the previous retry of this deployment, or null
   * @param random the random source for jitter
   * @return the wait, or empty when the provider's wait is too long to honour
   */
  public static Optional<RetryWait> waitBefore(
      RetryPolicy policy, Failure failure, int retry, Duration previous, RandomGenerator random) {
    Optional<Duration> asked = failure.retryAfterHint();
    if (asked.isPresent()) {
      // A custom classifier may hand over any wait; clamped, a negative one is "now", a huge one
      // too long.
      Duration wait = Durations.clamp(asked.get(), Duration.ZERO, RetryAfter.MAX);
      if (wait.compareTo(policy.maxRetryAfter()) > 0) {
        return Optional.empty();
      }
      return Optional.of(new RetryWait(wait, RetryWait.Source.PROVIDER));
    }
    return Optional.of(
        new RetryWait(
            new Backoff(policy.baseDelay(), policy.maxDelay(), policy.jitter())
                .delay(retry, previous, random),
            RetryWait.Source.BACKOFF));
  }
}
