package dev.lifeline.embedding;

import java.util.List;
import java.util.Objects;

/**
 * What to embed: one or many texts, and optionally the number of dimensions wanted.
 *
 * <p>Immutable and thread-safe. The answer holds one vector per input, in the order of {@link
 * #inputs()}.
 *
 * @param inputs the texts, at least one, none null
 * @param dimensions the dimensions wanted, at least 1; null for the models' own. When set, only an
 *     embedding ladder of exactly this many dimensions serves the request, and the wire asks for it
 *     ({@code dimensions}, Gemini {@code outputDimensionality})
 */
public record EmbeddingRequest(List<String> inputs, Integer dimensions) {

  /** The most inputs in one request: the largest batch the providers accept (2,048 at OpenAI). */
  public static final int MAX_INPUTS = 2_048;

  /** Checks the inputs and dimensions. */
  public EmbeddingRequest {
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
    if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
      throw new IllegalArgumentException(
          "inputs must hold 1 to " + MAX_INPUTS + " texts, held " + inputs.size());
    }
    if (dimensions != null && dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1, was " + dimensions);
    }
  }

  /** A request for the vectors of {@code inputs}, in the models' own dimensions. */
  public static EmbeddingRequest of(String... inputs) {
    return new EmbeddingRequest(List.of(inputs), null);
  }

  /** A request for the vectors of {@code inputs}, in the models' own dimensions. */
  public static EmbeddingRequest of(List<String> inputs) {
    return new EmbeddingRequest(inputs, null);
  }

  /**
   * This request asking for {@code dimensions} dimensions.
   *
   * @throws IllegalArgumentException if {@code dimensions} is less than 1
   */
  public EmbeddingRequest withDimensions(int dimensions) {
    return new EmbeddingRequest(inputs, dimensions);
  }
}
