package dev.lifeline.validation;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A cheap {@link Similarity}: the share of the question's content terms that the answer also uses.
 *
 * <p>How it works: both texts are folded (lower case, accents removed) and cut into terms. A term
 * is a word that is not a stopword (a short list for English, Spanish, French, German and
 * Portuguese, plus the asking words "what", "please", "explain"...), stemmed lightly (plural and
 * "-ing"/"-ed"/"-ly" endings removed, then cut to {@value #STEM_LENGTH} letters, so "refunds",
 * "refunded" and "refund" meet); in Chinese, Japanese and Korean, where words are not spaced, each
 * pair of adjacent characters is a term. The similarity is |question terms ∩ answer terms| /
 * |question terms|: 1 when the answer uses every content word of the question, 0 when it uses none.
 * A question with no content terms ("hi") scores 1: there is nothing to judge by.
 *
 * <p><b>Crude by design, so not a default.</b> It cannot see synonyms ("price" vs "cost"),
 * translations (a question in English answered in Spanish), or short correct answers that share no
 * words with the question ("What is the capital of France?" / "Paris." scores 0). Use it to catch
 * answers that are grossly about something else, with a low threshold, or swap in an
 * embedding-based similarity.
 *
 * <p>Stateless and thread-safe; linear in the length of the texts.
 */
final class LexicalSimilarity implements Similarity {

  /** Long enough to keep "refund" and "return" apart, short enough to join most inflections. */
  static final int STEM_LENGTH = 6;

  private static final LexicalSimilarity INSTANCE = new LexicalSimilarity();

  /** Words that say nothing about a topic; several languages share some, and the list is folded. */
  private static final Set<String> STOPWORDS =
      stopwords(
          // English
          "a an the and or but if then of to in on at by for with from into about "
              + "as is are was were be been being am do does did have has had i you he "
              + "she it we they me my your our their its this that these those there "
              + "here what which who whom whose when where why how can could would "
              + "should will shall may might must not no yes so than too very just also "
              + "any some all more most other such only own same each few both up down "
              + "out over under again once please tell explain give show help need want "
              + "know like get let us s t don doesn isn aren hi hello hey thanks thank "
              // Spanish
              + "el la los las un una unos unas de del al y o que en es por para con "
              + "como mi tu su se lo le qué cómo cuál "
              // French
              + "le les des du et ou est pour dans sur avec je vous il elle nous ce "
              + "cette qui quoi comment ne pas mon votre "
              // German
              + "der die das den dem ein eine und oder ist sind zu mit von für auf ich "
              + "sie wir wie was nicht mein ihr "
              // Portuguese
              + "o os as um uma da do das dos e em no na com não meu seu sua eu ");

  private static Set<String> stopwords(String spaceSeparated) {
    Set<String> folded = new HashSet<>();
    for (String word : spaceSeparated.strip().split(" +")) {
      folded.add(fold(word));
    }
    return Set.copyOf(folded);
  }

  /** Lower case without accents: "Qué" and "que" are one word here. */
  private static String fold(String text) {
    // Decompose to drop accents, then recompose so that Hangul syllables stay whole.
    String bare = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return Normalizer.normalize(bare, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** The shared instance; the class holds no state. */
  public static LexicalSimilarity create() {
    return INSTANCE;
  }

  private LexicalSimilarity() {}

  @Override
  public double similarity(String question, String answer) {
    Set<String> asked = terms(question == null ? "" : question);
    if (asked.isEmpty()) {
      return 1; // nothing to compare by: "hi", "?", a question of stopwords only
    }
    Set<String> answered = terms(answer == null ? "" : answer);
    int shared = 0;
    for (String term : asked) {
      if (answered.contains(term)) {
        shared++;
      }
    }
    return shared / (double) asked.size();
  }

  /** The set of content terms of {@code text}. */
  static Set<String> terms(String text) {
    String folded = fold(text);
    Set<String> terms = new HashSet<>();
    int i = 0;
    while (i < folded.length()) {
      int cp = folded.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      boolean cjk = isCjk(cp);
      while (i < folded.length()) {
        int next = folded.codePointAt(i);
        if (!Character.isLetterOrDigit(next) || isCjk(next) != cjk) {
          break;
        }
        i += Character.charCount(next);
      }
      String run = folded.substring(start, i);
      if (cjk) {
        addBigrams(run, terms);
      } else if (!STOPWORDS.contains(run)
          && (run.length() > 1 || Character.isDigit(run.charAt(0)))) {
        terms.add(stem(run));
      }
    }
    return terms;
  }

  /** Adjacent character pairs of a CJK run; a lone character stands for itself. */
  private static void addBigrams(String run, Set<String> terms) {
    int[] cps = run.codePoints().toArray();
    if (cps.length == 1) {
      terms.add(run);
      return;
    }
    for (int k = 0; k + 1 < cps.length; k++) {
      terms.add(new String(cps, k, 2));
    }
  }

  private static boolean isCjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL;
  }

  /** Light suffix stripping, then a cut to {@value #STEM_LENGTH} letters; numbers stay whole. */
  static String stem(String word) {
    if (Character.isDigit(word.charAt(0))) {
      return word;
    }
    String w = word;
    if (w.endsWith("ies") && w.length() > 4) {
      w = w.substring(0, w.length() - 3) + "y";
    } else if (w.endsWith("ing") && w.length() > 5) {
      w = w.substring(0, w.length() - 3);
    } else if (w.endsWith("ed") && w.length() > 4) {
      w = w.substring(0, w.length() - 2);
    } else if (w.endsWith("ly") && w.length() > 4) {
      w = w.substring(0, w.length() - 2);
    } else if (w.endsWith("es") && w.length() > 4) {
      w = w.substring(0, w.length() - 2);
    } else if (w.endsWith("s") && !w.endsWith("ss") && w.length() > 3) {
      w = w.substring(0, w.length() - 1);
    }
    if ((w.endsWith("e") || w.endsWith("y")) && w.length() > 4) {
      w = w.substring(0, w.length() - 1); // "damage"/"damaged", "policy"/"policies" meet
    }
    return w.length() > STEM_LENGTH ? w.substring(0, STEM_LENGTH) : w;
  }

  @Override
  public String toString() {
    return "LexicalSimilarity";
  }
}
