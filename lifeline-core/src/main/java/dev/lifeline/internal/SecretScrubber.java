package dev.lifeline.internal;

import dev.lifeline.failure.Failure;
import dev.lifeline.provider.ApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes every configured credential from failures before the engine keeps them: a provider that echoes
 * a key in an error message ("Incorrect API key provided: sk-...") must not put it in a trace. Not API.
 */
public final class SecretScrubber {

  private final List<String> secrets;

  /** A scrubber for {@code keys}. */
  public SecretScrubber(List<ApiKey> keys) {
    this.secrets = keys.stream().map(ApiKey::reveal).distinct().toList();
  }

  /** {@code text} with every secret masked. */
  public String scrub(String text) {
    String result = text;
    for (String secret : secrets) {
      result = Redaction.redactSecret(result, secret);
    }
    return Redaction.redactText(result);
  }

  /** {@code failure} with every secret masked in its message and headers. */
  public Failure scrub(Failure failure) {
    if (secrets.isEmpty()) {
      return failure;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    failure.headers().forEach((name, value) -> headers.put(name, scrub(value)));
    return new Failure(
        failure.kind(),
        failure.status(),
        failure.providerCode() == null ? null : scrub(failure.providerCode()),
        scrub(failure.message()),
        failure.retryAfter(),
        failure.remedyHint(),
        headers);
  }
}
