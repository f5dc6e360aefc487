package dev.lifeline.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Keys of the five shapes an audit found leaking, and the check that no 8+ character piece of one
 * survives.
 */
public final class LeakKeys {

  private static final String BASE62 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String URL_SAFE = BASE62 + "-_";

  private LeakKeys() {}

  /** OpenAI project key: {@code sk-proj-} and 156 more characters, 164 in all. */
  public static final String OPENAI = "sk-proj-" + draw(156, URL_SAFE, 1);

  /** Anthropic: {@code sk-ant-api03-}, 95 characters, {@code AA}. */
  public static final String ANTHROPIC = "sk-ant-api03-" + draw(95, URL_SAFE, 2) + "AA";

  /** Gemini: {@code AIza} and 35 characters, 39 in all. */
  public static final String GEMINI = "AIza" + draw(35, URL_SAFE, 3);

  /** Azure OpenAI: 32 lower-case hex digits, no prefix. */
  public static final String AZURE = draw(32, "0123456789abcdef", 4);

  /** A custom gateway token: 40 random base62 characters, no prefix. */
  public static final String GATEWAY = draw(40, BASE62, 5);

  /** The five keys. */
  public static List<String> all() {
    return List.of(OPENAI, ANTHROPIC, GEMINI, AZURE, GATEWAY);
  }

  /** Every piece of {@code key} of exactly 8 characters (any longer piece holds one). */
  public static List<String> pieces(String key) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i + 8 <= key.length(); i++) {
      pieces.add(key.substring(i, i + 8));
    }
    return pieces;
  }

  /** The first 8-character piece of {@code key} found in {@code text}; null when none is. */
  public static String leakedPiece(String text, String key) {
    if (text == null) {
      return null;
    }
    for (String piece : pieces(key)) {
      if (text.contains(piece)) {
        return piece;
      }
    }
    return null;
  }

  private static String draw(int length, String alphabet, long seed) {
    Random random = new Random(seed);
    StringBuilder key = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      key.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return key.toString();
  }
}
