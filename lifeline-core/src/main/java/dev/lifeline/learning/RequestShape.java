package dev.lifeline.learning;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ResponseFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What kind of request met a failure, without what it said: the prompt's size bucket, whether it
 * offered tools, the answer format it asked for, and whether it streamed.
 *
 * <p>Immutable. Holds no prompt text and no key, so it may be stored and shown.
 *
 * @param promptBucket the estimated prompt is under 2^promptBucket tokens (and at least half that,
 *     above bucket 1); {@code -1} in {@link #ANY}
 * @param tools whether the request offered tools
 * @param format the answer format asked for
 * @param streaming whether the answer was streamed
 */
public record RequestShape(
    int promptBucket, boolean tools, ResponseFormat.Type format, boolean streaming) {

  /**
   * The shape of every request: for failures that do not depend on the request (an outage, a
   * quota).
   */
  public static final RequestShape ANY =
      new RequestShape(-1, false, ResponseFormat.Type.TEXT, false);

  /** Checks the bucket and the format. */
  public RequestShape {
    if (promptBucket < -1 || promptBucket > 63) {
      throw new IllegalArgumentException("promptBucket must be in [-1, 63], was " + promptBucket);
    }
    Objects.requireNonNull(format, "format");
  }

  /** The shape of {@code request}, sent streaming or not. */
  public static RequestShape of(ChatRequest request, boolean streaming) {
    int tokens = Math.max(0, request.estimatedPromptTokens());
    return new RequestShape(
        64 - Long.numberOfLeadingZeros(tokens),
        !request.tools().isEmpty(),
        request.responseFormat().type(),
        streaming);
  }

  /** Whether this is {@link #ANY}. */
  public boolean isAny() {
    return promptBucket < 0;
  }

  /** The largest prompt, in tokens, of this bucket. */
  public long maxPromptTokens() {
    return isAny() ? Long.MAX_VALUE : (1L << promptBucket) - 1;
  }

  /**
   * A stable text form for keys: {@code "*"} for ANY, else {@code "p13/tools/json_schema/stream"}.
   */
  public String key() {
    if (isAny()) {
      return "*";
    }
    return "p"
        + promptBucket
        + "/"
        + (tools ? "tools" : "-")
        + "/"
        + format.name().toLowerCase(Locale.ROOT)
        + "/"
        + (streaming ? "stream" : "-");
  }

  /**
   * The shape {@link #key()} wrote.
   *
   * @throws IllegalArgumentException if {@code key} is not one
   */
  public static RequestShape parse(String key) {
    if ("*".equals(key)) {
      return ANY;
    }
    String[] parts = key.split("/", -1);
    if (parts.length != 4 || !parts[0].startsWith("p")) {
      throw new IllegalArgumentException("not a request shape: " + key);
    }
    try {
      return new RequestShape(
          Integer.parseInt(parts[0].substring(1)),
          "tools".equals(parts[1]),
          ResponseFormat.Type.valueOf(parts[2].toUpperCase(Locale.ROOT)),
          "stream".equals(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a request shape: " + key, e);
    }
  }

  /** "prompts under 16,384 tokens, JSON schema, streamed", or "any request". */
  @Override
  public String toString() {
    if (isAny()) {
      return "any request";
    }
    StringBuilder text =
        new StringBuilder(
            String.format(Locale.ROOT, "prompts under %,d tokens", 1L << promptBucket));
    if (tools) {
      text.append(", with tools");
    }
    if (format != ResponseFormat.Type.TEXT) {
      text.append(", ").append(format.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    if (streaming) {
      text.append(", streamed");
    }
    return text.toString();
  }
}
