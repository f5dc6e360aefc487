package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import java.util.Locale;
import java.util.Objects;

/**
 * Fails an answer that is about something other than the question; named {@value #NAME}.
 *
 * <p>Compares the request's last user message ({@link ChatRequest#lastUserText()}) with the
 * answer's text through a {@link Similarity}, and fails when the similarity is below the threshold
 * (default {@value #DEFAULT_THRESHOLD}). The verdict's score is the similarity.
 *
 * <p><b>Not on by default.</b> With {@link LexicalSimilarity}, the similarity core ships, word
 * overlap is too crude to fail answers on: a correct short answer ("Paris.") or one in other words
 * shares nothing with its question. Turn it on where answers restate their question's terms, or
 * give it a semantic similarity (the {@code lifeline-semantic} module).
 *
 * <p>Passes without judging when there is nothing to compare: no user text, no answer text (the
 * {@code empty} validator judges that), or an answer that is only tool calls. A similarity that
 * returns NaN also passes (it could not judge); one outside [0, 1] is clamped. Immutable and
 * thread-safe when the similarity is.
 */
final class RelevanceValidator implements ResponseValidator {

  /** The validator's name in verdicts and traces. */
  public static final String NAME = "relevance";

  /**
   * Less than a third of the question's content in the answer: the rule this library started with.
   */
  public static final double DEFAULT_THRESHOLD = 0.3;

  private final Similarity similarity;
  private final double threshold;

  /**
   * A validator with {@code similarity} and {@code threshold}.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [0, 1]
   */
  public RelevanceValidator(Similarity similarity, double threshold) {
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
    }
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict validate(ChatRequest request, ChatResponse response) {
    String question = request.lastUserText();
    String answer = response.text();
    if (question.isBlank() || answer.isBlank()) {
      return Verdict.pass(
          NAME); // nothing to compare: an empty answer is the empty validator's business
    }
    double score = similarity.similarity(question, answer);
    if (Double.isNaN(score)) {
      return new Verdict(NAME, true, "the similarity could not judge this answer (NaN)", 1);
    }
    score = Math.max(0, Math.min(1, score));
    if (score < threshold) {
      return Verdict.fail(
          NAME,
          String.format(
              Locale.ROOT,
              "the answer looks unrelated to the question: similarity %.2f is below %.2f",
              score,
              threshold),
          score);
    }
    return Verdict.pass(NAME, score);
  }

  @Override
  public String toString() {
    return "RelevanceValidator[" + similarity + ", threshold=" + threshold + "]";
  }
}
