package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Fails an answer that is a refusal dressed as an answer; named {@value #NAME}.
 *
 * <p>Two kinds of evidence, strongest first:
 *
 * <ol>
 *   <li><b>The provider's own signal</b> (confidence 1): a non-blank {@link ChatResponse#refusal()}
 *       (OpenAI {@code message.refusal}, which arrives with {@code finish_reason: stop}), {@link
 *       FinishReason#REFUSAL} (Anthropic {@code stop_reason: "refusal"}), or {@link
 *       FinishReason#CONTENT_FILTER} with no text and no tool calls (a Gemini safety block).
 *   <li><b>Refusal phrasing</b> in English, Spanish, French, German, Portuguese, Italian, Dutch,
 *       Russian, Chinese, Japanese and Korean ("I'm sorry, but I can't help with that", "Lo siento,
 *       pero no puedo ayudarte", "抱歉，我无法…", "申し訳ありませんが…できません"). Phrases are <em>anchored</em>: they
 *       count only in the opening of the answer (its first sentences, about 150 characters) or
 *       anywhere in a short answer (up to 300 characters), never inside quotation marks, never
 *       after "why"/"if"/"when", and English-like ones need "I" plus a verb of assisting. So "I
 *       can't stress enough…", "Here's why I can't reproduce it…", "The customer wrote: 'I cannot
 *       pay'" and "Unfortunately the customer cannot…" pass. A disclaimer ("As an AI language
 *       model, I don't have…") counts only in a short answer.
 * </ol>
 *
 * <p>The verdict's score is the confidence, in [0, 1], that the answer is a refusal: 0 when nothing
 * was found, 0.9 to 1 for an anchored phrase, 1 for a provider signal. An answer fails when the
 * confidence reaches the threshold (default {@value #DEFAULT_THRESHOLD}).
 *
 * <p>How good the phrases are, measured by {@code RefusalCorpusTest}: precision 1.00 and recall
 * 0.99 on its labelled set of 226 answers; but on two sets written later and run blind once,
 * precision 0.95 / 0.94 and recall 0.62 / 0.60. Expect few false alarms and a fair share of missed
 * refusals phrased in ways the patterns do not know: a fixed phrase list cannot be complete. The
 * provider signals do not have that weakness; add your own wordings with {@link
 * Builder#extraPattern(String)}.
 *
 * <p>Immutable and thread-safe. Reasons never quote the answer beyond the matched refusal words.
 */
final class RefusalValidator implements ResponseValidator {

  /** The validator's name in verdicts and traces. */
  public static final String NAME = "refusal";

  /**
   * Half way: an anchored phrase (0.9+) fails, a disclaimer in front of a long answer (0.35)
   * passes.
   */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Enough of the matched words to recognise the refusal, not enough to leak the answer. */
  private static final int MAX_PHRASE_IN_REASON = 80;

  /** The verdict on an answer with no refusal evidence at all: shared, verdicts are immutable. */
  private static final Verdict NOTHING_FOUND = Verdict.pass(NAME, 0);

  private static final RefusalValidator DEFAULT = builder().build();

  private final boolean phraseDetection;
  private final List<Pattern> extraPatterns;
  private final double threshold;

  private RefusalValidator(Builder builder) {
    this.phraseDetection = builder.phraseDetection;
    this.extraPatterns = List.copyOf(builder.extraPatterns);
    this.threshold = builder.threshold;
  }

  /**
   * The default validator: provider signals and phrase detection, threshold {@value
   * #DEFAULT_THRESHOLD}.
   */
  public static RefusalValidator create() {
    return DEFAULT;
  }

  /** A new builder, starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict validate(ChatRequest request, ChatResponse response) {
    // Guard clauses, strongest evidence first: the provider said so in a field, not in words.
    if (response.refusal() != null && !response.refusal().isBlank()) {
      return Verdict.fail(
          NAME, "the provider returned a refusal instead of an answer (refusal field set)", 1);
    }
    if (response.finishReason() == FinishReason.REFUSAL) {
      return Verdict.fail(NAME, "the model stopped with finish reason REFUSAL", 1);
    }
    if (response.finishReason() == FinishReason.CONTENT_FILTER
        && response.text().isBlank()
        && response.toolCalls().isEmpty()) {
      return Verdict.fail(
          NAME, "the provider's content filter blocked the answer (no text returned)", 1);
    }
    if (!phraseDetection) {
      return NOTHING_FOUND;
    }
    RefusalPhrases.Finding finding = RefusalPhrases.find(response.text(), extraPatterns);
    if (finding.confidence() >= threshold) {
      return Verdict.fail(
          NAME,
          "the answer opens with refusal phrasing: \"" + abbreviate(finding.phrase()) + "\"",
          finding.confidence());
    }
    return finding.confidence() == 0 ? NOTHING_FOUND : Verdict.pass(NAME, finding.confidence());
  }

  /** The matched words, cut short: a caller's pattern could match a whole paragraph. */
  private static String abbreviate(String phrase) {
    return phrase.length() <= MAX_PHRASE_IN_REASON
        ? phrase
        : phrase.substring(0, MAX_PHRASE_IN_REASON) + "…";
  }

  @Override
  public String toString() {
    return "RefusalValidator[phrases="
        + phraseDetection
        + ", extra="
        + extraPatterns.size()
        + ", threshold="
        + threshold
        + "]";
  }

  /**
   * Builds a {@link RefusalValidator}. Mutable and not thread-safe; the validator it builds is
   * immutable and thread-safe.
   */
  public static final class Builder {
    private boolean phraseDetection = true;
    private final List<Pattern> extraPatterns = new ArrayList<>();
    private double threshold = DEFAULT_THRESHOLD;

    private Builder() {}

    /**
     * Turns phrase detection on (the default) or off. Off keeps only the provider's own signals,
     * for callers whose answers legitimately open with declines (a bot that drafts rejection
     * letters).
     */
    public Builder phraseDetection(boolean enabled) {
      this.phraseDetection = enabled;
      return this;
    }

    /**
     * Adds a pattern of your own, matched like the built-in ones: against the answer's opening (or
     * all of a short answer), lower-cased, with runs of blanks collapsed and typographic
     * apostrophes straightened, and ignored inside quotation marks. A match counts as an anchored
     * refusal phrase (confidence 0.9+).
     *
     * @throws NullPointerException if {@code pattern} is null
     */
    public Builder extraPattern(Pattern pattern) {
      extraPatterns.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /**
     * Adds a pattern of your own from a regular expression, compiled case-insensitive and
     * Unicode-aware; see {@link #extraPattern(Pattern)}.
     *
     * @throws IllegalArgumentException if {@code regex} is not a valid regular expression
     */
    public Builder extraPattern(String regex) {
      Objects.requireNonNull(regex, "regex");
      try {
        return extraPattern(
            Pattern.compile(
                regex,
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "extraPattern is not a valid regular expression: " + regex, e);
      }
    }

    /**
     * Sets the confidence at or above which an answer fails.
     *
     * @throws IllegalArgumentException if {@code threshold} is not in (0, 1]
     */
    public Builder threshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** Builds the validator; the builder can be used again. */
    public RefusalValidator build() {
      return new RefusalValidator(this);
    }
  }
}
