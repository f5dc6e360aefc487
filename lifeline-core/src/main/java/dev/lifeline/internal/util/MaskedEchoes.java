package dev.lifeline.internal.util;

/**
 * Finds a provider's masked echo of a key: a run of key characters with a mask in it, such as
 * OpenAI's {@code sk-proj-****...wxyz}, {@code sk-abc***…1234} or {@code ****...abcd}. The visible
 * ends are a key's real prefix and suffix, so the whole run goes. Stateless.
 *
 * <p>A run is masked when it holds at least one key character and either three or more mask stars
 * in a row ({@code *}, {@code •}, {@code ●}), or an ellipsis ({@code …} or {@code ...}) between a
 * part that looks like a key prefix (it has a digit, {@code -} or {@code _}) and at least two key
 * characters: "wait...then" and "**bold**" are left alone.
 */
final class MaskedEchoes {

  private static final int MIN_STARS = 3;

  private MaskedEchoes() {}

  /**
   * {@code text} with every masked echo replaced by {@code mask}; the same instance when it holds
   * none.
   */
  static String remove(String text, String mask) {
    if (!mayHoldMask(text)) {
      return text; // the usual case: no star or ellipsis at all
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      if (!isRunChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && isRunChar(text.charAt(i))) {
        i++;
      }
      int end = i;
      // A sentence's full stop after a masked key ("...wxyz. You can find") is not part of it.
      while (end - start > 1 && text.charAt(end - 1) == '.' && isKeyChar(text.charAt(end - 2))) {
        end--;
      }
      if (isMasked(text, start, end)) {
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, copied, start).append(mask);
        copied = end;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static boolean mayHoldMask(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isStar(c) || c == '…' || c == '.') {
        return true;
      }
    }
    return false;
  }

  private static boolean isMasked(String text, int start, int end) {
    boolean keyChars = false;
    int stars = 0;
    int maxStars = 0;
    boolean prefixLike = false; // a digit, '-' or '_' seen before the current position
    int keyCharsBefore = 0;
    boolean ellipsisBetween = false;
    int i = start;
    while (i < end) {
      char c = text.charAt(i);
      if (isStar(c)) {
        stars++;
        maxStars = Math.max(maxStars, stars);
        i++;
        continue;
      }
      stars = 0;
      int ellipsis = ellipsisLength(text, i, end);
      if (ellipsis > 0) {
        int after = i + ellipsis;
        int tail = 0;
        while (after + tail < end && isKeyChar(text.charAt(after + tail))) {
          tail++;
        }
        ellipsisBetween |= prefixLike && keyCharsBefore > 0 && tail >= 2;
        i = after;
        continue;
      }
      if (isKeyChar(c)) {
        keyChars = true;
        keyCharsBefore++;
        prefixLike |= Character.isDigit(c) || c == '-' || c == '_';
      }
      i++;
    }
    return keyChars && (maxStars >= MIN_STARS || ellipsisBetween);
  }

  /**
   * The length of an ellipsis ({@code …} or three or more dots) at {@code i}; 0 when there is none.
   */
  private static int ellipsisLength(String text, int i, int end) {
    if (text.charAt(i) == '…') {
      return 1;
    }
    int dots = 0;
    while (i + dots < end && text.charAt(i + dots) == '.') {
      dots++;
    }
    return dots >= 3 ? dots : 0;
  }

  private static boolean isRunChar(char c) {
    return isKeyChar(c) || isStar(c) || c == '…' || c == '.';
  }

  private static boolean isStar(char c) {
    return c == '*' || c == '•' || c == '●';
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
