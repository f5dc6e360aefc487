package dev.lifeline.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials from headers and text before they are kept anywhere: traces, exceptions, logs,
 * state stores. Not API.
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

  // Bearer tokens, key= / api_key= query parameters, and key-shaped strings (sk-..., sk-ant-..., AIza...).
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern KEY_PARAM =
      Pattern.compile("(?i)((?:[?&;\\s]|^)(?:key|api[_-]?key|access_token)=)[^&\\s\"']+");
  private static final Pattern KEY_SHAPED =
      Pattern.compile("\\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,})");

  private Redaction() {}

  /** Whether a header of this name is masked wherever it is kept (credentials and account ids). */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether a header of this name is itself a credential, which only an adapter's {@code apiKey} may
   * set. Account ids such as {@code OpenAI-Organization} are masked in traces but may be set by hand.
   */
  public static boolean isCredentialHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return isSecretHeader(lower) && !lower.equals("openai-organization") && !lower.equals("openai-project");
  }

  /** A copy of {@code headers} with every credential header's value masked. */
  public static Map<String, String> redactHeaders(Map<String, String> headers) {
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (name != null) {
            copy.put(name, isSecretHeader(name) ? MASK : redactText(value == null ? "" : value));
          }
        });
    return copy;
  }

  /** {@code text} with bearer tokens, key query parameters and key-shaped strings masked. */
  public static String redactText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = BEARER.matcher(text).replaceAll("$1" + MASK);
    result = KEY_PARAM.matcher(result).replaceAll("$1" + MASK);
    return KEY_SHAPED.matcher(result).replaceAll(MASK);
  }

  /** {@code secret} masked, and also removed wherever it occurs verbatim in {@code text}. */
  public static String redactSecret(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return redactText(text);
    }
    return redactText(text.replace(secret, MASK));
  }
}
