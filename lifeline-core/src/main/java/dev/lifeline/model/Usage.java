package dev.lifeline.model;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * @param promptTokens tokens of input, zero or more
 * @param completionTokens tokens of output, zero or more
 */
public record Usage(int promptTokens, int completionTokens) {
  /** No usage reported. */
  public static final Usage NONE = new Usage(0, 0);

  /** Checks that both counts are zero or more. */
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, were " + promptTokens + " and " + completionTokens);
    }
  }

  /** Input plus output tokens. */
  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
