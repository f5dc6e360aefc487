package dev.lifeline.internal.util;

/**
 * Removes what a terminal or a log viewer would act on rather than show: C0 controls, DEL, C1
 * controls, ESC sequences (CSI, OSC and string sequences whole, so no stray {@code [31m} is left)
 * and the bidi overrides and isolates that can make a line read differently from what it holds.
 * Tab, CR, LF and the Unicode line and paragraph separators become spaces, so an excerpt stays one
 * line. Stateless.
 */
final class ControlCharacters {

  private static final char ESC = 0x1B;
  private static final char BEL = 0x07;
  private static final char C1_CSI = 0x9B;
  private static final char C1_OSC = 0x9D;
  private static final char C1_ST = 0x9C;

  private ControlCharacters() {}

  /** {@code text} without control characters; the same instance when it holds none. */
  static String strip(String text) {
    int first = 0;
    while (first < text.length() && !isSpecial(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
    int i = first;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029') {
        out.append(' ');
        i++;
      } else if (c == ESC) {
        i = skipEscape(text, i + 1);
      } else if (c == C1_CSI) {
        i = skipCsi(text, i + 1);
      } else if (c == C1_OSC) {
        i = skipString(text, i + 1);
      } else if (isSpecial(c)) {
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isSpecial(char c) {
    return c < 0x20
        || (c >= 0x7F && c <= 0x9F)
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u200E'
        || c == '\u200F'
        || c == '\u061C';
  }

  /** The index after the escape sequence whose ESC was just before {@code i}. */
  private static int skipEscape(String text, int i) {
    if (i >= text.length()) {
      return i;
    }
    char next = text.charAt(i);
    if (next == '[') {
      return skipCsi(text, i + 1);
    }
    if (next == ']' || next == 'P' || next == 'X' || next == '^' || next == '_') {
      return skipString(text, i + 1); // OSC, DCS, SOS, PM, APC: up to the string terminator
    }
    // A two-character sequence (ESC c, ESC 7, ESC ( B's first part...): drop the one that follows.
    return next >= 0x20 && next <= 0x7E ? i + 1 : i;
  }

  /** The index after a CSI's parameter, intermediate and final bytes. */
  private static int skipCsi(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c >= 0x40 && c <= 0x7E) {
        return i + 1; // the final byte
      }
      if (c < 0x20 || c > 0x7E) {
        return i; // not a CSI byte: the sequence was broken off; keep what follows
      }
      i++;
    }
    return i;
  }

  /**
   * The index after a control string ended by BEL, ESC \ or ST; the rest of the text when unended.
   */
  private static int skipString(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == BEL || c == C1_ST) {
        return i + 1;
      }
      if (c == ESC) {
        return i + 1 < text.length() && text.charAt(i + 1) == '\\' ? i + 2 : i + 1;
      }
      i++;
    }
    return i;
  }
}
