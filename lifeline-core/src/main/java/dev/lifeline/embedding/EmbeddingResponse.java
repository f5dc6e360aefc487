package dev.lifeline.embedding;

import dev.lifeline.model.CallTrace;
import dev.lifeline.model.RateLimits;
import dev.lifeline.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The vectors of an {@link EmbeddingRequest}, one per input in the same order, with the trace of
 * every attempt it took to get them.
 *
 * <p>Immutable and thread-safe: the vectors are copied in and out. A provider builds one without a
 * trace; the engine attaches it.
 */
public final class EmbeddingResponse {
  private final List<float[]> vectors;
  private final Usage usage;
  private final String provider;
  private final String model;
  private final CallTrace trace;
  private final RateLimits rateLimits;

  /**
   * A response.
   *
   * @param vectors one vector per input, in order
   * @param usage the tokens the provider counted; {@link Usage#NONE} when null
   * @param provider the name of the provider that answered
   * @param model the model that answered
   * @param trace every attempt of the call; empty when null
   * @param rateLimits the rate-limit budget the provider reported; unknown when null
   */
  public EmbeddingResponse(
      List<float[]> vectors,
      Usage usage,
      String provider,
      String model,
      CallTrace trace,
      RateLimits rateLimits) {
    List<float[]> copies = new ArrayList<>(Objects.requireNonNull(vectors, "vectors").size());
    for (float[] vector : vectors) {
      copies.add(Objects.requireNonNull(vector, "vector").clone());
    }
    this.vectors = List.copyOf(copies);
    this.usage = usage == null ? Usage.NONE : usage;
    this.provider = provider == null ? "" : provider;
    this.model = model == null ? "" : model;
    this.trace = trace == null ? CallTrace.EMPTY : trace;
    this.rateLimits = rateLimits == null ? RateLimits.UNKNOWN : rateLimits;
  }

  /** How many vectors the response holds. */
  public int size() {
    return vectors.size();
  }

  /**
   * The vector of input {@code index}, as a copy.
   *
   * @throws IndexOutOfBoundsException if there is no such input
   */
  public float[] vector(int index) {
    return vectors.get(index).clone();
  }

  /** Every vector, in the order of the inputs, as copies. */
  public List<float[]> vectors() {
    List<float[]> copies = new ArrayList<>(vectors.size());
    vectors.forEach(vector -> copies.add(vector.clone()));
    return copies;
  }

  /** The length of the first vector, or 0 when there is none. */
  public int dimensions() {
    return vectors.isEmpty() ? 0 : vectors.get(0).length;
  }

  /** The number of vectors whose length is not {@code dimensions}. */
  public int countNotOf(int dimensions) {
    int wrong = 0;
    for (float[] vector : vectors) {
      if (vector.length != dimensions) {
        wrong++;
      }
    }
    return wrong;
  }

  /** The number of vectors holding a NaN or an infinite value: no index can use them. */
  public int countNotFinite() {
    int wrong = 0;
    for (float[] vector : vectors) {
      for (float value : vector) {
        if (!Float.isFinite(value)) {
          wrong++;
          break;
        }
      }
    }
    return wrong;
  }

  /** The tokens the provider counted. */
  public Usage usage() {
    return usage;
  }

  /** The name of the provider that answered. */
  public String provider() {
    return provider;
  }

  /** The model that answered. */
  public String model() {
    return model;
  }

  /** Every attempt of the call; empty until the engine attaches it. */
  public CallTrace trace() {
    return trace;
  }

  /** The rate-limit budget the provider reported with this answer. */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** This response with {@code trace} attached. */
  public EmbeddingResponse withTrace(CallTrace trace) {
    return new EmbeddingResponse(
        vectors, usage, provider, model, Objects.requireNonNull(trace, "trace"), rateLimits);
  }

  @Override
  public String toString() {
    return "EmbeddingResponse["
        + vectors.size()
        + " x "
        + dimensions()
        + " from "
        + provider
        + "/"
        + model
        + ", "
        + usage
        + "]";
  }
}
