package dev.lifeline.provider;

import java.util.Objects;
import java.util.function.Function;

/**
 * A provider credential that never shows itself: {@link #toString()} is redacted, and only an
 * adapter building a request to the key's own base URL calls {@link #reveal()}.
 *
 * <p>Immutable and thread-safe. Equality is by identity, so that keys are never compared, hashed
 * into logs or used as map keys by accident.
 */
public final class ApiKey {

  private final String secret;
  private final String origin;

  private ApiKey(String secret, String origin) {
    this.secret = secret;
    this.origin = origin;
  }

  /**
   * A key given directly.
   *
   * @throws IllegalArgumentException if blank
   */
  public static ApiKey of(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("an API key must not be blank");
    }
    return new ApiKey(secret.strip(), "given");
  }

  /**
   * A key read from environment variable {@code variable}.
   *
   * @throws IllegalStateException if the variable is unset or blank, naming the variable
   */
  public static ApiKey fromEnv(String variable) {
    return fromEnv(variable, System::getenv);
  }

  /** A key read from {@code environment}; for tests and for configuration loaders. */
  public static ApiKey fromEnv(String variable, Function<String, String> environment) {
    Objects.requireNonNull(variable, "variable");
    String value = environment.apply(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + variable + " is not set");
    }
    return new ApiKey(value.strip(), "$" + variable);
  }

  /** The secret itself: for the adapter that sends it, and for redaction. Never log it. */
  public String reveal() {
    return secret;
  }

  /** Where the key came from ("given", or "$OPENAI_API_KEY"), safe to show. */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "ApiKey[" + origin + ", redacted]";
  }
}
