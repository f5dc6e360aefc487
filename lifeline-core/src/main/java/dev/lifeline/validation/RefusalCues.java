package dev.lifeline.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which refusal patterns could match an answer, by looking for their cues (see {@link
 * RefusalPatterns.Phrase}) in one pass over its opening, without copying it.
 *
 * <p>The look is a superset of what the patterns see: it reads the raw text, folding each character
 * as the normalized text and the case-insensitive patterns would (lower case, typographic
 * apostrophes straightened, {@code Character.toLowerCase(Character.toUpperCase(c))} as in {@code
 * Pattern.UNICODE_CASE}), lets a blank in a cue stand for any run of whitespace, and starts cues
 * only where the pattern's scope can reach: among the first {@value
 * RefusalPhrases#SHORT_ANSWER_CHARS} characters that normalizing keeps. A pattern whose bit is not
 * set therefore cannot match the scope, and skipping it changes no finding.
 *
 * <p>Stateless and thread-safe; the tables are built once. Allocates nothing.
 */
final class RefusalCues {

  /** The bit of the AI disclaimer, after one bit per phrase in {@link RefusalPatterns#PHRASES}. */
  static final long DISCLAIMER = 1L << RefusalPatterns.PHRASES.size();

  /**
   * The patterns with no second cue list ({@link RefusalPatterns.Phrase#alsoCues()}), and the
   * disclaimer: their first list alone decides.
   */
  private static final long FIRST_LIST_ONLY;

  /** Slots in {@link #BY_PAIR}: few cues share one, most pairs of letters find an empty one. */
  private static final int SLOTS = 4096;

  /**
   * The cues by a hash of their first two characters (a blank for a blank); null where none. Most
   * positions of an answer land on null, and no cue is tried there at all.
   */
  private static final Cue[][] BY_PAIR = new Cue[SLOTS][];

  /** {@link #peek} of the characters below 128, looked up rather than worked out. */
  private static final char[] ASCII_PEEK = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_PEEK[c] = isBlank(c) ? ' ' : fold(c);
    }
    if (RefusalPatterns.PHRASES.size() > 62) {
      throw new IllegalStateException("more refusal phrases than bits in a long");
    }
    // One cue per word, whatever number of patterns it stands for.
    Map<String, Long> unanchored = new LinkedHashMap<>();
    Map<String, Long> second = new LinkedHashMap<>();
    long firstListOnly = DISCLAIMER;
    for (int i = 0; i < RefusalPatterns.PHRASES.size(); i++) {
      RefusalPatterns.Phrase phrase = RefusalPatterns.PHRASES.get(i);
      for (String cue : phrase.cues()) {
        unanchored.merge(cue, 1L << i, (a, b) -> a | b);
      }
      for (String cue : phrase.alsoCues()) {
        second.merge(cue, 1L << i, (a, b) -> a | b);
      }
      if (phrase.alsoCues().isEmpty()) {
        firstListOnly |= 1L << i;
      }
    }
    FIRST_LIST_ONLY = firstListOnly;
    List<Cue> cues = new ArrayList<>();
    unanchored.forEach((cue, bits) -> cues.add(new Cue(cue, bits, false, false)));
    second.forEach((cue, bits) -> cues.add(new Cue(cue, bits, false, true)));
    for (String cue : RefusalPatterns.AI_DISCLAIMER_CUES) {
      cues.add(new Cue(cue, DISCLAIMER, true, false));
    }
    for (Cue cue : cues) {
      int slot = slot(cue.chars[0], cue.chars[1]);
      Cue[] before = BY_PAIR[slot] == null ? new Cue[0] : BY_PAIR[slot];
      Cue[] after = Arrays.copyOf(before, before.length + 1);
      after[before.length] = cue;
      BY_PAIR[slot] = after;
    }
  }

  private RefusalCues() {}

  /** The slot in {@link #BY_PAIR} of two folded characters. */
  private static int slot(char first, char second) {
    return (first * 31 + second) & (SLOTS - 1);
  }

  /**
   * The patterns that could match the opening of {@code text[from, to)}: bit {@code i} for {@code
   * PHRASES.get(i)}, and {@link #DISCLAIMER}. Zero means no built-in pattern can match.
   *
   * @param from the index of the answer's first non-whitespace character
   * @param to the end of the part the patterns' scope is cut from
   */
  static long candidates(String text, int from, int to) {
    long found = 0;
    long foundSecond = 0; // patterns one of whose second cues was seen
    int kept = 0; // characters normalizing keeps, before i
    char next = from < to ? peek(text.charAt(from)) : ' ';
    for (int i = from; i < to && kept < RefusalPhrases.SHORT_ANSWER_CHARS; i++) {
      char c = next;
      next = i + 1 < to ? peek(text.charAt(i + 1)) : ' ';
      if (c == ' ') {
        continue; // a blank: no cue starts with one
      }
      Cue[] cues = BY_PAIR[slot(c, next)];
      if (cues != null) {
        for (Cue cue : cues) {
          long seen = cue.second ? foundSecond : found;
          if ((seen & cue.bits) != cue.bits
              && (kept == 0 || !cue.anchored)
              && cue.occursAt(text, i, to)) {
            if (cue.second) {
              foundSecond |= cue.bits;
            } else {
              found |= cue.bits;
            }
          }
        }
      }
      kept++;
    }
    return found & (foundSecond | FIRST_LIST_ONLY);
  }

  /** {@code c} folded, or a blank for any blank. */
  private static char peek(char c) {
    if (c < 128) {
      return ASCII_PEEK[c];
    }
    return isBlank(c) ? ' ' : fold(c);
  }

  /** What normalizing drops or collapses into one blank. */
  private static boolean isBlank(char c) {
    return Character.isWhitespace(c) || c == '\u00a0';
  }

  /**
   * {@code c} as a case-insensitive, Unicode-case pattern compares it after normalizing: lower
   * case, a typographic apostrophe straight.
   */
  static char fold(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    if (c == '\u2019' || c == '\u2018' || c == '\u02bc' || c == '\u2032') {
      return '\'';
    }
    return Character.toLowerCase(Character.toUpperCase(Character.toLowerCase(c)));
  }

  /** One cue of one pattern. */
  private static final class Cue {
    final char[] chars;

    /** The patterns the cue stands for. */
    final long bits;

    /** Whether the cue counts only at the very start of the answer (a pattern opening with ^). */
    final boolean anchored;

    /**
     * Whether the cue is of a pattern's second list ({@link RefusalPatterns.Phrase#alsoCues()}).
     */
    final boolean second;

    Cue(String cue, long bits, boolean anchored, boolean second) {
      if (cue.length() < 2 || cue.charAt(0) == ' ') {
        throw new IllegalStateException(
            "a cue must be two characters or more, the first visible: '" + cue + "'");
      }
      for (char c : cue.toCharArray()) {
        if (c != ' ' && fold(c) != c) {
          throw new IllegalStateException("a cue must be lower case: '" + cue + "'");
        }
      }
      this.chars = cue.toCharArray();
      this.bits = bits;
      this.anchored = anchored;
      this.second = second;
    }

    /** Whether the cue starts at {@code text[at]}, a blank in it matching one or more blanks. */
    boolean occursAt(String text, int at, int to) {
      int i = at;
      for (char c : chars) {
        if (c == ' ') {
          if (i >= to || !isBlank(text.charAt(i))) {
            return false;
          }
          while (i < to && isBlank(text.charAt(i))) {
            i++;
          }
        } else {
          if (i >= to || fold(text.charAt(i)) != c) {
            return false;
          }
          i++;
        }
      }
      return true;
    }
  }
}
