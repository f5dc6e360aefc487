package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The built-in validators, by name: the place to start.
 *
 * <pre>{@code
 * SelfHealingEngine.builder()
 *     .validators(Validators.defaults())          // refusal, empty, truncation, json
 *     ...
 * }</pre>
 *
 * <p>Every validator returned is immutable and thread-safe, and can be shared by engines.
 */
public final class Validators {

  private Validators() {}

  /**
   * What is on by default, because it is safe on any answer: {@link #refusal()}, {@link
   * #emptyAnswer()}, {@link #truncation()} and {@link #json()} (which passes when no JSON was asked
   * for). Relevance is not among them: with the lexical similarity it would fail correct answers
   * that use other words.
   */
  public static List<ResponseValidator> defaults() {
    return List.of(refusal(), emptyAnswer(), truncation(), json());
  }

  /**
   * Refusals: the provider's refusal signals and anchored refusal phrasing; see {@link
   * RefusalValidator}.
   */
  public static ResponseValidator refusal() {
    return RefusalValidator.create();
  }

  /**
   * Refusals, tuned: fails at or above {@code threshold} confidence (the default is 0.8), and
   * counts a match of any of {@code extraPatterns} — matched against the answer's lower-cased
   * opening, outside quotation marks — as an anchored refusal phrase.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in (0, 1]
   */
  public static ResponseValidator refusal(double threshold, Pattern... extraPatterns) {
    RefusalValidator.Builder builder = RefusalValidator.builder().threshold(threshold);
    for (Pattern pattern : extraPatterns) {
      builder.extraPattern(pattern);
    }
    return builder.build();
  }

  /**
   * Refusals by the provider's own signals only (refusal fields, content-filter finish reasons), no
   * phrase detection: for callers whose answers legitimately open with declines.
   */
  public static ResponseValidator refusalSignalsOnly() {
    return RefusalValidator.builder().phraseDetection(false).build();
  }

  /** Empty, blank and placeholder answers, minimum length 1. */
  public static ResponseValidator emptyAnswer() {
    return EmptyAnswerValidator.create();
  }

  /**
   * Empty, blank and placeholder answers, and answers with fewer than {@code minLength}
   * non-whitespace characters.
   *
   * @throws IllegalArgumentException if {@code minLength} is less than 1
   */
  public static ResponseValidator emptyAnswer(int minLength) {
    return EmptyAnswerValidator.builder().minLength(minLength).build();
  }

  /**
   * Empty, blank and placeholder answers, answers with fewer than {@code minLength} non-whitespace
   * characters, and answers that are one of {@code placeholders} (besides the built-in ones).
   *
   * @throws IllegalArgumentException if {@code minLength} is less than 1 or a placeholder is blank
   */
  public static ResponseValidator emptyAnswer(int minLength, String... placeholders) {
    EmptyAnswerValidator.Builder builder = EmptyAnswerValidator.builder().minLength(minLength);
    for (String placeholder : placeholders) {
      builder.placeholder(placeholder);
    }
    return builder.build();
  }

  /** Answers cut at the token limit, and cut-off JSON. */
  public static ResponseValidator truncation() {
    return TruncationValidator.create();
  }

  /**
   * Answers cut at the token limit, and cut-off JSON; with {@code acceptPartialWhenMaxTokensSet},
   * an answer cut at a {@code maxTokens} the request set itself passes (the caller asked for at
   * most that).
   */
  public static ResponseValidator truncation(boolean acceptPartialWhenMaxTokensSet) {
    return TruncationValidator.builder()
        .acceptPartialWhenMaxTokensSet(acceptPartialWhenMaxTokensSet)
        .build();
  }

  /** Answers that are not the JSON (or the JSON Schema) the request asked for. */
  public static ResponseValidator json() {
    return JsonValidator.create();
  }

  /**
   * Answers whose similarity to the question is below {@code threshold}.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [0, 1]
   */
  public static ResponseValidator relevance(Similarity similarity, double threshold) {
    return new RelevanceValidator(similarity, threshold);
  }

  /**
   * Relevance by {@link #lexicalSimilarity()}, word overlap: crude; read there before failing
   * answers on it.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [0, 1]
   */
  public static ResponseValidator relevance(double threshold) {
    return new RelevanceValidator(LexicalSimilarity.create(), threshold);
  }

  /**
   * Word-overlap similarity of question and answer, stemmed, with no model behind it: fast and
   * crude. It misses answers that use other words than the question (a synonym, another language);
   * for those use a {@link Similarity} of embeddings (module {@code lifeline-semantic}).
   */
  public static Similarity lexicalSimilarity() {
    return LexicalSimilarity.create();
  }

  /**
   * A validator named {@code name} that fails the answers {@code ok} rejects, with {@code reason}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static ResponseValidator custom(String name, Predicate<ChatResponse> ok, String reason) {
    return CustomValidator.of(name, ok, reason);
  }

  /**
   * A validator named {@code name} whose verdict is {@code judge}'s.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static ResponseValidator custom(
      String name, BiFunction<ChatRequest, ChatResponse, Verdict> judge) {
    return CustomValidator.of(name, judge);
  }
}
