package dev.lifeline.bench.chaos;

import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers' own requests-per-minute limits ({@link DeploymentSpec#rpm()}): a request past a
 * deployment's limit in the last 60 seconds is answered 429 with the Retry-After until the oldest
 * leaves the window, as a provider's key would. Requests answered 429 do not count. One per run, on
 * its clock's thread only (virtual time); not thread-safe.
 */
final class ProviderQuota {

  private static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

  private final List<DeploymentSpec> specs;
  private final List<ArrayDeque<Long>> sent = new ArrayList<>();

  ProviderQuota(List<DeploymentSpec> specs) {
    this.specs = List.copyOf(specs);
    specs.forEach(spec -> sent.add(new ArrayDeque<>()));
  }

  /** Whether deployment {@code d} would refuse a request at {@code nanos}. */
  boolean full(int d, long nanos) {
    int rpm = specs.get(d).rpm();
    if (rpm == 0) {
      return false;
    }
    ArrayDeque<Long> window = sent.get(d);
    while (!window.isEmpty() && window.peekFirst() + WINDOW_NANOS <= nanos) {
      window.removeFirst();
    }
    return window.size() >= rpm;
  }

  /**
   * The share of deployment {@code d}'s quota used in the minute before {@code nanos}, 0 to 1; 0
   * for a deployment without a quota.
   */
  double used(int d, long nanos) {
    int rpm = specs.get(d).rpm();
    if (rpm == 0 || full(d, nanos)) {
      return rpm == 0 ? 0 : 1;
    }
    return (double) sent.get(d).size() / rpm;
  }

  /**
   * The 429 deployment {@code d} answers at {@code nanos}, or null when the request is within its
   * limit (and is then counted).
   */
  Failure take(int d, long nanos) {
    if (full(d, nanos)) {
      long wait = sent.get(d).peekFirst() + WINDOW_NANOS - nanos;
      return Failure.builder(ErrorKind.RATE_LIMITED)
          .status(429)
          .retryAfter(Duration.ofSeconds(Math.max(1, (wait + 999_999_999L) / 1_000_000_000L)))
          .message("rate limit reached: " + specs.get(d).rpm() + " requests per minute")
          .build();
    }
    if (specs.get(d).rpm() > 0) {
      sent.get(d).addLast(nanos);
    }
    return null;
  }
}
