package dev.lifeline.validation;

import static dev.lifeline.validation.RefusalPatterns.AI_DISCLAIMER;
import static dev.lifeline.validation.RefusalPatterns.APOLOGY_OPENING;
import static dev.lifeline.validation.RefusalPatterns.BUT;
import static dev.lifeline.validation.RefusalPatterns.BUT_ANSWERS;
import static dev.lifeline.validation.RefusalPatterns.HEDGE_WORD;
import static dev.lifeline.validation.RefusalPatterns.NEGATION;
import static dev.lifeline.validation.RefusalPatterns.PHRASES;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds refusal wording in the opening of an answer, in eleven languages; the phrase half of {@link
 * RefusalValidator}. The wordings themselves are in {@link RefusalPatterns}.
 *
 * <p>The rule that keeps false alarms down is the anchor: a phrase counts only inside the
 * <em>scope</em>, which is the whole answer when it is short, else its first sentences up to about
 * {@value #OPENING_CHARS} characters. A refusal is what a model says first; the same words later in
 * a long answer are almost always a mention ("here's why I can't reproduce it"). Inside the scope a
 * phrase is further ignored when it sits inside quotation marks ("the customer wrote: 'I cannot
 * pay'") or follows a word that makes it a subordinate clause ("why", "if", "when"). English-like
 * phrases need a first-person subject <em>and</em> a verb of assisting ("I can't help", "I cannot
 * provide"), so "I can't stress enough" and "you can't use await here" pass.
 *
 * <p>Stateless and thread-safe; every pattern is compiled once.
 */
final class RefusalPhrases {

  /**
   * Confidence of an anchored first-person refusal phrase: strong, but words are not a provider
   * flag.
   */
  static final double PHRASE = 0.9;

  /** Added when the answer also opens with an apology ("I'm sorry, but..."): the classic shape. */
  static final double APOLOGY_BONUS = 0.05;

  /** Added when the whole answer is short: nothing else in it could be the real answer. */
  static final double SHORT_BONUS = 0.05;

  /** "As an AI, I don't..." with a negation, in a short answer: likely a capability refusal. */
  static final double AI_DISCLAIMER_SHORT = 0.6;

  /**
   * The same disclaimer in front of a long answer: usually a preamble to real help, so below 0.5.
   */
  static final double AI_DISCLAIMER_LONG = 0.35;

  /** "I can't give you an exact figure, but..." is a hedge before an answer, not a refusal. */
  static final double HEDGE = 0.4;

  /**
   * How far into a long answer the opening reaches; a refusal is said in the first sentence or two.
   */
  static final int OPENING_CHARS = 150;

  /** An answer up to this long is judged whole: short answers are where bare refusals live. */
  static final int SHORT_ANSWER_CHARS = 300;

  /**
   * Words that turn "I can't..." into a subordinate clause: "here's why I can't", "if I cannot".
   */
  private static final Set<String> SUBORDINATORS =
      Set.of(
          ("why if when whether what unless until where how because since reason si porque cuando"
                  + " pourquoi quand parce wenn warum weil ob falls se quando perché als")
              .split(" "));

  private RefusalPhrases() {}

  /**
   * What the phrase detector found.
   *
   * @param confidence that the answer is a refusal, in [0, 1]; 0 when nothing was found
   * @param phrase the matched words, lower-cased, for the verdict's reason; empty when nothing was
   *     found
   */
  record Finding(double confidence, String phrase) {
    static final Finding NONE = new Finding(0, "");
  }

  /**
   * Looks for refusal wording in the opening of {@code text}.
   *
   * @param extra the caller's own patterns, matched like the built-in ones (on the normalized
   *     opening)
   */
  static Finding find(String text, List<Pattern> extra) {
    return find(text, extra, true);
  }

  /**
   * {@link #find(String, List)}, with {@code useCues} false running every pattern, as a reference
   * for tests: the cues must never change a finding.
   */
  static Finding find(String text, List<Pattern> extra, boolean useCues) {
    int start = 0;
    int end = text.length();
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return Finding.NONE;
    }
    // The scope is at most 300 characters; twice that leaves room for the blanks normalizing drops.
    int headEnd = Math.min(end, start + 2 * SHORT_ANSWER_CHARS);
    long candidates = useCues ? RefusalCues.candidates(text, start, headEnd) : -1L;
    if (candidates == 0 && extra.isEmpty()) {
      return Finding
          .NONE; // no pattern can match: almost every answer ends here, having copied nothing
    }
    String head = text.substring(start, headEnd);
    boolean isShort = end - start <= SHORT_ANSWER_CHARS;
    String scope = isShort ? normalize(head) : opening(normalize(head));

    MatchResult phrase = firstPhrase(scope, candidates);
    if (phrase == null) {
      phrase = firstPhrase(scope, extra);
    }
    if (phrase != null) {
      double confidence = PHRASE;
      if (APOLOGY_OPENING.matcher(scope).find()) {
        confidence += APOLOGY_BONUS;
      }
      if (isShort) {
        confidence += SHORT_BONUS;
      }
      if (isHedge(scope, phrase)) {
        confidence = HEDGE;
      }
      return new Finding(Math.min(1, confidence), phrase.group());
    }
    if ((candidates & RefusalCues.DISCLAIMER) == 0) {
      return Finding.NONE;
    }
    Matcher disclaimer = AI_DISCLAIMER.matcher(scope);
    if (disclaimer.find() && NEGATION.matcher(scope.substring(disclaimer.end())).find()) {
      return new Finding(isShort ? AI_DISCLAIMER_SHORT : AI_DISCLAIMER_LONG, disclaimer.group());
    }
    return Finding.NONE;
  }

  /**
   * Whether the sentence of {@code phrase} is a hedge before an answer: a hedge word and a "but",
   * or a "but" that goes on to answer ("..., but in general a landlord must...").
   */
  private static boolean isHedge(String scope, MatchResult phrase) {
    String sentence = scope.substring(phrase.start(), sentenceEnd(scope, phrase.end()));
    return (HEDGE_WORD.matcher(sentence).find() && BUT.matcher(sentence).find())
        || BUT_ANSWERS.matcher(sentence).find();
  }

  /**
   * The first match of a built-in phrase whose bit is set in {@code candidates} that is neither
   * quoted nor subordinate; null if none.
   */
  private static MatchResult firstPhrase(String scope, long candidates) {
    for (int i = 0; i < PHRASES.size(); i++) {
      MatchResult match =
          (candidates & (1L << i)) == 0 ? null : firstMatch(scope, PHRASES.get(i).pattern());
      if (match != null) {
        return match;
      }
    }
    return null;
  }

  /** The first match of any pattern that is neither quoted nor subordinate; null if none. */
  private static MatchResult firstPhrase(String scope, List<Pattern> patterns) {
    for (Pattern pattern : patterns) {
      MatchResult match = firstMatch(scope, pattern);
      if (match != null) {
        return match;
      }
    }
    return null;
  }

  /** The first match of {@code pattern} that is neither quoted nor subordinate; null if none. */
  private static MatchResult firstMatch(String scope, Pattern pattern) {
    Matcher matcher = pattern.matcher(scope);
    while (matcher.find()) {
      if (!isQuoted(scope, matcher.start()) && !isSubordinate(scope, matcher.start())) {
        return matcher.toMatchResult();
      }
    }
    return null;
  }

  /**
   * Lower-cases, straightens typographic apostrophes (models emit "can’t" as often as "can't") and
   * collapses runs of blanks; line breaks are kept because they end sentences.
   */
  static String normalize(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean blank = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == '\u2019' || c == '\u2018' || c == '\u02bc' || c == '\u2032') {
        c = '\'';
      }
      if (c == '\n' || c == '\r') {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
          trimTrailingBlank(out);
          out.append('\n');
        }
        blank = false;
      } else if (Character.isWhitespace(c) || c == '\u00a0') {
        blank = true;
      } else {
        if (blank && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
          out.append(' ');
        }
        blank = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void trimTrailingBlank(StringBuilder out) {
    while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
      out.setLength(out.length() - 1);
    }
  }

  /**
   * The part of a long answer's normalized text where a refusal counts (a short answer counts
   * whole): whole sentences until {@value #OPENING_CHARS} characters are covered, never more than
   * {@value #SHORT_ANSWER_CHARS}.
   */
  static String opening(String normalized) {
    int end = 0;
    while (end < OPENING_CHARS) {
      int next = sentenceEnd(normalized, end);
      if (next <= end) {
        break;
      }
      end = next;
    }
    return normalized.substring(0, Math.min(end, SHORT_ANSWER_CHARS));
  }

  /** The index just after the sentence that starts at {@code from}. */
  private static int sentenceEnd(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '。' || c == '！' || c == '？' || c == '\n') {
        return i + 1;
      }
      if ((c == '.' || c == '!' || c == '?') && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
        return i + 1;
      }
    }
    return s.length();
  }

  /**
   * Whether {@code pos} is inside quotation marks: straight and typographic double quotes,
   * guillemets, corner brackets, backticks, and single quotes that open after a blank and close
   * before one (an apostrophe inside a word, as in "can't", is neither).
   */
  static boolean isQuoted(String s, int pos) {
    Deque<Character> closers = new ArrayDeque<>();
    for (int i = 0; i < pos; i++) {
      char c = s.charAt(i);
      Character top = closers.peek();
      switch (c) {
        case '"', '`' -> {
          if (top != null && top == c) {
            closers.pop();
          } else {
            closers.push(c);
          }
        }
        case '„' -> closers.push('“');
        case '“' -> {
          if (top != null && top == '“') {
            closers.pop();
          } else {
            closers.push('”');
          }
        }
        case '”', '»', '」', '』', '›' -> {
          if (top != null && top == c) {
            closers.pop();
          }
        }
        case '«' -> closers.push('»');
        case '「' -> closers.push('」');
        case '『' -> closers.push('』');
        case '‹' -> closers.push('›');
        case '\'' -> {
          boolean wordBefore = i > 0 && Character.isLetterOrDigit(s.charAt(i - 1));
          boolean wordAfter = i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1));
          if (wordBefore && wordAfter) {
            break; // an apostrophe: can't, l'application
          }
          if (top != null && top == '\'' && !wordAfter) {
            closers.pop();
          } else if (!wordBefore
              && i + 1 < s.length()
              && !Character.isWhitespace(s.charAt(i + 1))) {
            closers.push('\'');
          }
        }
        default -> {}
      }
    }
    return !closers.isEmpty();
  }

  /**
   * Whether the word before {@code pos} makes the phrase a subordinate clause ("here's why I
   * can't").
   */
  private static boolean isSubordinate(String s, int pos) {
    int end = pos;
    while (end > 0 && !Character.isLetter(s.charAt(end - 1))) {
      char c = s.charAt(end - 1);
      if (c != ' ' && c != ',') {
        return false; // a sentence or clause boundary stands between
      }
      end--;
    }
    int start = end;
    while (start > 0 && Character.isLetter(s.charAt(start - 1))) {
      start--;
    }
    return start < end && SUBORDINATORS.contains(s.substring(start, end));
  }
}
