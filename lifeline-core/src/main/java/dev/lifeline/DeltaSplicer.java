package dev.lifeline;

/**
 * Joins a continuation to the text the caller already has: passes on only what extends it, trimming
 * the span a backup model repeats. Not API; not thread-safe (its stream's lock guards it).
 *
 * <p>A backup asked to continue may do so exactly, repeat the last few words, or start the whole
 * answer again. While the continuation so far could still be the start of a repeated span, it is
 * held back; once it cannot, the longest repeated span found is dropped and the rest passes on. A
 * span counts as repeated when it is a tail of the caller's text that the continuation begins with,
 * and it is the whole text, or only whitespace, or at least {@value #MIN_OVERLAP} characters that
 * begin and end on word boundaries, so that a continuation that merely begins like the text's last
 * word ("the" before "then") is not cut.
 */
final class DeltaSplicer {
  /** The shortest tail, in characters, trimmed as a repeat unless it is the whole text. */
  static final int MIN_OVERLAP = 4;

  private final String prefix;
  private final StringBuilder held = new StringBuilder();
  private boolean decided;
  private int trimmed;

  /** A splicer for a continuation of {@code prefix}, the text the caller has. */
  DeltaSplicer(String prefix) {
    this.prefix = prefix;
    this.decided = prefix.isEmpty();
  }

  /** The part of {@code delta} to pass on now; empty while it may still be a repeat. */
  String accept(String delta) {
    if (decided) {
      return delta;
    }
    held.append(delta);
    return mayStillRepeat() ? "" : decide(false);
  }

  /** What is still held back, once the continuation ended. */
  String finish() {
    return decided ? "" : decide(true);
  }

  /** The characters dropped as a repeat of the caller's text. */
  int trimmed() {
    return trimmed;
  }

  private boolean mayStillRepeat() {
    for (int start = 0; start < prefix.length(); start++) {
      if (prefix.length() - start >= held.length()
          && allowedStart(start)
          && prefix.startsWith(held.toString(), start)) {
        return true;
      }
    }
    return false;
  }

  private String decide(boolean ended) {
    decided = true;
    String text = held.toString();
    held.setLength(0);
    for (int start = 0; start < prefix.length(); start++) {
      int length = prefix.length() - start;
      if (allowedStart(start)
          && text.startsWith(prefix.substring(start))
          && endsOnBoundary(text, length, ended || start == 0)) {
        trimmed = length;
        return text.substring(length);
      }
    }
    return text;
  }

  /** Whether a repeat may begin at {@code start} of the caller's text. */
  private boolean allowedStart(int start) {
    if (start == 0 || prefix.substring(start).isBlank()) {
      return true;
    }
    return prefix.length() - start >= MIN_OVERLAP
        && !(wordChar(prefix.charAt(start - 1)) && wordChar(prefix.charAt(start)));
  }

  /** Whether a repeat of {@code length} characters does not end inside a word of {@code text}. */
  private static boolean endsOnBoundary(String text, int length, boolean lenient) {
    if (lenient || length >= text.length()) {
      return true;
    }
    return !(wordChar(text.charAt(length - 1)) && wordChar(text.charAt(length)));
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c);
  }
}
