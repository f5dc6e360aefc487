package dev.lifeline.internal.util;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers carry credentials, and the mask that replaces a secret. The scrubbing itself is
 * {@link SecretScrubber}'s alone; the text methods here are shorthands for it. Not API.
 */
public final class Redaction {

  /** What a removed secret is replaced with. */
  public static final String MASK = "[REDACTED]";

  private static final Set<String> SECRET_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "api-key",
          "x-goog-api-key",
          "cookie",
          "set-cookie",
          "openai-organization",
          "openai-project");

  private Redaction() {}

  /** Whether a header of this name is masked wherever it is kept (credentials and account ids). */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether a header of this name is itself a credential, which only an adapter's {@code apiKey}
   * may set. Account ids such as {@code OpenAI-Organization} are masked in traces but may be set by
   * hand.
   */
  public static boolean isCredentialHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return isSecretHeader(lower)
        && !lower.equals("openai-organization")
        && !lower.equals("openai-project");
  }

  /**
   * A copy of {@code headers} with every credential header's value masked and every other value
   * scrubbed.
   */
  public static Map<String, String> redactHeaders(Map<String, String> headers) {
    return SecretScrubber.withoutKeys().scrubHeaders(headers);
  }

  /**
   * {@code text} with control characters, masked key echoes, bearer tokens, key query parameters
   * and key-shaped strings removed: {@link SecretScrubber#scrub(String)} of the scrubber that knows
   * no key.
   */
  public static String redactText(String text) {
    return SecretScrubber.withoutKeys().scrub(text);
  }
}
