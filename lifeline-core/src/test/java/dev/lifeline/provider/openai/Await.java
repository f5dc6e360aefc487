package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Failure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a provider's future, bounded, so that a hung exchange fails its test instead of the
 * build.
 */
final class Await {

  /** Longer than any timeout a test configures (5 s at most), far shorter than a stuck build. */
  private static final long LIMIT_SECONDS = 10;

  private Await() {}

  /** The answer; fails the test if the call failed or took too long. */
  static ChatResponse answer(CompletableFuture<ChatResponse> future) {
    try {
      return future.get(LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(
          "expected an answer, the call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + LIMIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The classified failure; fails the test if the call succeeded, took too long or failed
   * unclassified.
   */
  static Failure failure(CompletableFuture<?> future) {
    try {
      Object value = future.get(LIMIT_SECONDS, TimeUnit.SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).as("the call's exception").isInstanceOf(ProviderException.class);
      return ((ProviderException) e.getCause()).failure();
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within " + LIMIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
