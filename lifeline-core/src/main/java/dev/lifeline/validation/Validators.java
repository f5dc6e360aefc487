package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

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

  /** Empty, blank and placeholder answers, minimum length 1; see {@link EmptyAnswerValidator}. */
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

  /** Answers cut at the token limit, and cut-off JSON; see {@link TruncationValidator}. */
  public static ResponseValidator truncation() {
    return TruncationValidator.create();
  }

  /** Answers that are not the JSON (or schema) the request asked for; see {@link JsonValidator}. */
  public static ResponseValidator json() {
    return JsonValidator.create();
  }

  /**
   * Answers whose similarity to the question is below {@code threshold}; see {@link
   * RelevanceValidator}.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [0, 1]
   */
  public static ResponseValidator relevance(Similarity similarity, double threshold) {
    return new RelevanceValidator(similarity, threshold);
  }

  /**
   * Relevance by {@link LexicalSimilarity}, word overlap: crude, see there before failing answers
   * on it.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [0, 1]
   */
  public static ResponseValidator relevance(double threshold) {
    return new RelevanceValidator(LexicalSimilarity.create(), threshold);
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
