package dev.lifeline.model;

/**
 * The allowed ranges of {@link ChatRequest}'s sampling settings, checked in one place for the
 * builder's setters and the record's constructor. The ranges are the widest any supported wire
 * format takes (OpenAI's and Gemini's penalties are both [-2, 2]), so a request valid here is
 * refused by no adapter for its values.
 */
final class SamplingRanges {

  private SamplingRanges() {}

  /**
   * Checks each setting that is not null.
   *
   * @throws IllegalArgumentException naming the first one out of range
   */
  static void check(Double topP, Integer topK, Double frequencyPenalty, Double presencePenalty) {
    if (topP != null) {
      topP(topP);
    }
    if (topK != null) {
      topK(topK);
    }
    if (frequencyPenalty != null) {
      penalty("frequencyPenalty", frequencyPenalty);
    }
    if (presencePenalty != null) {
      penalty("presencePenalty", presencePenalty);
    }
  }

  /** {@code topP}, if in (0, 1]: zero would leave no token to sample. */
  static double topP(double topP) {
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
    }
    return topP;
  }

  /** {@code topK}, if at least 1. */
  static int topK(int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, was " + topK);
    }
    return topK;
  }

  /** {@code penalty}, if in [-2, 2]. */
  static double penalty(String name, double penalty) {
    if (!(penalty >= -2 && penalty <= 2)) {
      throw new IllegalArgumentException(name + " must be in [-2, 2], was " + penalty);
    }
    return penalty;
  }
}
