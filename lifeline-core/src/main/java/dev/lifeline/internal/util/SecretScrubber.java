package dev.lifeline.internal.util;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place that makes provider text safe to keep: every failure message, body excerpt, kept
 * header value, hold reason and trace note passes through it before it is stored, traced, thrown or
 * logged. Not API.
 *
 * <p>In this order, it:
 *
 * <ol>
 *   <li>removes control characters and terminal escape sequences, and turns tab, CR and LF into
 *       spaces;
 *   <li>replaces every configured key, and every piece of one at least {@value
 *       KeyFragments#MIN_FRAGMENT} characters long, by {@link Redaction#MASK}, so an echo cut
 *       anywhere leaves nothing usable;
 *   <li>replaces a provider's masked echo of a key ({@code sk-proj-****...wxyz}) by the mask;
 *   <li>masks bearer tokens, {@code key=} query parameters and key-shaped strings ({@code sk-...},
 *       {@code sk-ant-...}, {@code AIza...}, {@code gsk_...}) that no configured key explains.
 * </ol>
 *
 * <p>{@link #excerpt} scrubs <em>before</em> it cuts: a key straddling the cut is masked whole
 * instead of leaving a prefix that no rule recognises any more. Every method is total: it accepts
 * null and never throws. Immutable and thread-safe; scrubbing only runs on failures, never on a
 * successful answer.
 */
public final class SecretScrubber {

  private static final SecretScrubber WITHOUT_KEYS = new SecretScrubber(List.of());

  /**
   * How much of a text is read before it is scrubbed and cut. Longer bodies are junk for a log
   * line, and the regular expressions stay linear on a bounded input; 16 KiB leaves room for a
   * whole HTML page's head.
   */
  private static final int MAX_SCAN_CHARS = 16 * 1024;

  // Bearer tokens, key= / api_key= query parameters, and key-shaped strings (sk-..., sk-ant-...,
  // AIza...).
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern KEY_PARAM =
      Pattern.compile("(?i)((?:[?&;\\s]|^)(?:key|api[_-]?key|access_token)=)[^&\\s\"']+");
  private static final Pattern KEY_SHAPED =
      Pattern.compile(
          "\\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,})");

  private final KeyFragments keys;

  /**
   * A scrubber for {@code keys} (their revealed values), beside the rules for keys it was not told
   * about; null entries are ignored.
   */
  public SecretScrubber(Collection<String> keys) {
    this.keys =
        KeyFragments.of(
            keys == null ? List.of() : keys.stream().filter(Objects::nonNull).distinct().toList());
  }

  /**
   * The scrubber that knows no key: only the rules for control characters, masks and key shapes.
   */
  public static SecretScrubber withoutKeys() {
    return WITHOUT_KEYS;
  }

  /** A scrubber for {@code key} alone; {@link #withoutKeys()} when it is null. */
  public static SecretScrubber forKey(String key) {
    return key == null ? WITHOUT_KEYS : new SecretScrubber(List.of(key));
  }

  /**
   * {@code text} made safe to keep (see the class comment); null stays null. Text beyond {@value
   * #MAX_SCAN_CHARS} characters is dropped first, at a word boundary, so no piece of a key is left
   * at the cut.
   */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    try {
      String result = ControlCharacters.strip(bounded(text, MAX_SCAN_CHARS));
      result = keys.remove(result, Redaction.MASK);
      result = MaskedEchoes.remove(result, Redaction.MASK);
      // Each rule runs only where its cheap precondition holds: most error bodies match none of
      // them.
      if (containsIgnoreCase(result, "bearer")) {
        result = BEARER.matcher(result).replaceAll("$1" + Redaction.MASK);
      }
      if (result.indexOf('=') >= 0) {
        result = KEY_PARAM.matcher(result).replaceAll("$1" + Redaction.MASK);
      }
      if (result.contains("sk-") || result.contains("AIza") || result.contains("gsk_")) {
        result = KEY_SHAPED.matcher(result).replaceAll(Redaction.MASK);
      }
      return result;
    } catch (RuntimeException | StackOverflowError e) {
      // A scrubber bug must not let the text through: nothing of it is kept.
      return Redaction.MASK;
    }
  }

  /**
   * A one-line excerpt of {@code text} at most {@code maxChars} long: scrubbed first, then spaces
   * collapsed, then cut (with "…" when cut, never inside a surrogate pair). Null and blank give "".
   *
   * @param maxChars the longest excerpt; values below 2 are taken as 2
   */
  public String excerpt(String text, int maxChars) {
    String clean = scrub(text);
    if (clean == null) {
      return "";
    }
    String flat = collapse(clean);
    int max = Math.max(2, maxChars);
    if (flat.length() <= max) {
      return flat;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(flat.charAt(end - 1))) {
      end--;
    }
    return flat.substring(0, end) + "…";
  }

  /**
   * A copy of {@code headers} fit to keep: credential headers ({@link Redaction#isSecretHeader})
   * masked whole, every other value scrubbed; null names are dropped, null values become "".
   */
  public Map<String, String> scrubHeaders(Map<String, String> headers) {
    Map<String, String> copy = new LinkedHashMap<>();
    if (headers == null) {
      return copy;
    }
    headers.forEach(
        (name, value) -> {
          if (name != null) {
            copy.put(
                name,
                Redaction.isSecretHeader(name)
                    ? Redaction.MASK
                    : Objects.requireNonNullElse(scrub(value), ""));
          }
        });
    return copy;
  }

  /** Whether this scrubber was told of any key. */
  public boolean knowsKeys() {
    return !keys.isEmpty();
  }

  /**
   * {@code text} cut to at most {@code max} characters; when the cut would split a word (a run of
   * letters, digits and {@code -_.~+/=}), the whole word goes, so the cut never leaves a piece of a
   * key.
   */
  private static String bounded(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    while (end > 0 && isWordChar(text.charAt(end - 1)) && isWordChar(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || "-_.~+/=*•…".indexOf(c) >= 0;
  }

  private static boolean containsIgnoreCase(String text, String word) {
    for (int i = 0; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  private static String collapse(String text) {
    StringBuilder out = null;
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      boolean repeated = c == ' ' && text.charAt(i - 1) == ' ';
      if (repeated && out == null) {
        out = new StringBuilder(end - start).append(text, start, i);
      }
      if (out != null && !repeated) {
        out.append(c);
      }
    }
    return out != null ? out.toString() : text.substring(start, end);
  }
}
