package dev.lifeline.model;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.internal.util.SecretScrubber;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One classified failure: what went wrong with one attempt, and what the provider said about it.
 *
 * <p>Immutable. The provider code, message and headers are kept only after scrubbing: no control
 * character, nothing that looks like a credential or a masked echo of one; so a failure can be
 * logged, traced and stored as it is.
 *
 * @param kind what went wrong
 * @param status the HTTP status, or 0 when there was no HTTP answer (a timeout, a reset connection)
 * @param providerCode the provider's own error code or type ("insufficient_quota",
 *     "overloaded_error"); null when it gave none
 * @param message a human-readable description, never null
 * @param retryAfter how long the provider asked us to wait, already parsed; null when it said
 *     nothing; clamped to [0, 30 days] whoever built the failure, so no wait can overflow time
 *     arithmetic downstream
 * @param remedyHint a remedy that the classifier knows better than the kind's default (a 429
 *     "request too large" will never pass on this deployment, so it is not retried); null to use
 *     the default
 * @param headers the response's headers that matter for diagnosis, redacted; empty when none
 */
public record Failure(
    ErrorKind kind,
    int status,
    String providerCode,
    String message,
    Duration retryAfter,
    Remedy remedyHint,
    Map<String, String> headers) {

  /**
   * Checks the kind; clamps the wait to [0, 30 days]; scrubs the code, message and headers of
   * control characters, masked key echoes and anything key-shaped ({@link
   * SecretScrubber#withoutKeys()}). The engine scrubs its configured keys on top.
   */
  public Failure {
    Objects.requireNonNull(kind, "kind");
    retryAfter =
        retryAfter == null
            ? null
            : Durations.clamp(retryAfter, Duration.ZERO, Durations.MAX_PROVIDER_WAIT);
    SecretScrubber scrubber = SecretScrubber.withoutKeys();
    providerCode = scrubber.scrub(providerCode);
    message = message == null ? "" : scrubber.scrub(message);
    headers =
        headers == null ? Map.of() : Map.copyOf(new TreeMap<>(scrubber.scrubHeaders(headers)));
  }

  /** A failure of {@code kind} with a message and nothing else. */
  public static Failure of(ErrorKind kind, String message) {
    return new Failure(kind, 0, null, message, null, null, Map.of());
  }

  /** A new builder for a failure of {@code kind}. */
  public static Builder builder(ErrorKind kind) {
    return new Builder(kind);
  }

  /** The wait the provider asked for, if it asked. */
  public Optional<Duration> retryAfterHint() {
    return Optional.ofNullable(retryAfter);
  }

  /** This failure with another kind, keeping everything else. */
  public Failure withKind(ErrorKind newKind) {
    return new Failure(newKind, status, providerCode, message, retryAfter, remedyHint, headers);
  }

  /** This failure with another remedy hint. */
  public Failure withRemedyHint(Remedy hint) {
    return new Failure(kind, status, providerCode, message, retryAfter, hint, headers);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(kind.name());
    if (status != 0) {
      text.append(' ').append(status);
    }
    if (providerCode != null) {
      text.append(" [").append(providerCode).append(']');
    }
    if (!message.isEmpty()) {
      text.append(": ").append(message);
    }
    if (retryAfter != null) {
      text.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
    }
    return text.toString();
  }

  /** Builds a {@link Failure}; not thread-safe. */
  public static final class Builder {
    private final ErrorKind kind;
    private int status;
    private String providerCode;
    private String message;
    private Duration retryAfter;
    private Remedy remedyHint;
    private Map<String, String> headers = Map.of();

    private Builder(ErrorKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Sets the HTTP status. */
    public Builder status(int status) {
      this.status = status;
      return this;
    }

    /** Sets the provider's error code. */
    public Builder providerCode(String providerCode) {
      this.providerCode = providerCode;
      return this;
    }

    /** Sets the message. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** Sets the wait the provider asked for. */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /** Sets a remedy that overrides the kind's default. */
    public Builder remedyHint(Remedy remedyHint) {
      this.remedyHint = remedyHint;
      return this;
    }

    /** Sets the headers (they are redacted on build). */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /** Builds the failure. */
    public Failure build() {
      return new Failure(kind, status, providerCode, message, retryAfter, remedyHint, headers);
    }
  }
}
