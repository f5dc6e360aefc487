package dev.lifeline.failure;

import dev.lifeline.model.Failure;
import dev.lifeline.provider.Provider;
import java.util.Objects;

/**
 * How a {@link Provider} reports a failed send: the failure, already classified by the provider's
 * own rules. The engine takes the failure as it is; any other exception is classified generically.
 */
public class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  /** A provider failure. */
  public ProviderException(Failure failure) {
    this(failure, null);
  }

  /** A provider failure caused by {@code cause}. */
  public ProviderException(Failure failure, Throwable cause) {
    super(Objects.requireNonNull(failure, "failure").toString(), cause);
    this.failure = failure;
  }

  /** The classified failure. */
  public Failure failure() {
    return failure;
  }
}
