package dev.lifeline.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.Failure;
import java.util.concurrent.CompletionException;

/** The classified failure a provider call ends with, for tests of every adapter. */
public final class ProviderFailures {

  private ProviderFailures() {}

  /** The failure {@code call} (a {@code join}) ends with; fails the test if it ends otherwise. */
  public static Failure failureOf(Runnable call) {
    try {
      call.run();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(ProviderException.class);
      return ((ProviderException) e.getCause()).failure();
    }
    throw new AssertionError("expected a failure");
  }
}
