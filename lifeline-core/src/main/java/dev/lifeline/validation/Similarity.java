package dev.lifeline.validation;

/**
 * How closely an answer is about its question: the SPI behind {@link RelevanceValidator}.
 *
 * <p>Core ships {@link LexicalSimilarity} (word overlap, cheap and crude); the {@code
 * lifeline-semantic} module ships one backed by an embedding model. Implementations must be
 * thread-safe, must not throw, and should be fast: they run on every answer.
 */
@FunctionalInterface
public interface Similarity {

  /**
   * How much {@code answer} is about {@code question}, from 0 (nothing in common) to 1 (squarely on
   * topic). Both arguments are non-null; either may be empty.
   *
   * @return a value in [0, 1]; values outside are clamped by the caller, NaN is treated as "cannot
   *     judge"
   */
  double similarity(String question, String answer);
}
