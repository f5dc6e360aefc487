package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Verdict;

/**
 * Fails an answer that was cut off; named {@value #NAME}.
 *
 * <p>Two checks:
 *
 * <ul>
 *   <li>{@link FinishReason#LENGTH}: the model hit its token limit (OpenAI {@code finish_reason:
 *       length}, Anthropic {@code max_tokens}, Gemini {@code MAX_TOKENS}). By default the caller
 *       wants a complete answer, so this fails. A caller who sets {@link ChatRequest#maxTokens()}
 *       on purpose and is content with the first part of an answer builds the validator with {@link
 *       Builder#acceptPartialWhenMaxTokensSet(boolean)}: then LENGTH passes <em>when the request
 *       set maxTokens</em> (a LENGTH on a request without a limit is still the provider's own cap,
 *       and fails).
 *   <li>When the request asked for JSON ({@link dev.lifeline.model.ResponseFormat#wantsJson()}):
 *       text that opens a JSON object or array and ends before closing it, whatever the finish
 *       reason (a stream cut without its terminator can end with STOP or UNKNOWN). Partial JSON is
 *       never usable, so this check ignores the partial-answer switch.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class TruncationValidator implements ResponseValidator {

  /** The validator's name in verdicts and traces. */
  public static final String NAME = "truncation";

  /** The pass verdict, shared: verdicts are immutable. */
  private static final Verdict PASS = Verdict.pass(NAME);

  private static final TruncationValidator DEFAULT = new TruncationValidator(false);

  private final boolean acceptPartialWhenMaxTokensSet;

  private TruncationValidator(boolean acceptPartialWhenMaxTokensSet) {
    this.acceptPartialWhenMaxTokensSet = acceptPartialWhenMaxTokensSet;
  }

  /** The default validator: a LENGTH finish always fails. */
  public static TruncationValidator create() {
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
    if (request.responseFormat().wantsJson()) {
      String cut = JsonText.cutOff(JsonText.unfenced(response.text()));
      if (cut != null) {
        return Verdict.fail(NAME, cut + finishNote(response));
      }
    }
    if (response.finishReason() == FinishReason.LENGTH) {
      if (acceptPartialWhenMaxTokensSet && request.maxTokens() != null) {
        return PASS; // the caller capped the answer on purpose and accepts its first part
      }
      String limit = request.maxTokens() == null ? "" : " of " + request.maxTokens() + " tokens";
      return Verdict.fail(
          NAME, "the answer was cut off at the token limit" + limit + " (finish reason LENGTH)");
    }
    return PASS;
  }

  private static String finishNote(ChatResponse response) {
    return " (finish reason " + response.finishReason() + ")";
  }

  @Override
  public String toString() {
    return "TruncationValidator[acceptPartialWhenMaxTokensSet="
        + acceptPartialWhenMaxTokensSet
        + "]";
  }

  /**
   * Builds a {@link TruncationValidator}. Mutable and not thread-safe; the validator it builds is
   * immutable and thread-safe.
   */
  public static final class Builder {
    private boolean acceptPartialWhenMaxTokensSet;

    private Builder() {}

    /**
     * Whether a LENGTH finish passes when the request set {@link ChatRequest#maxTokens()}: for
     * callers who cap answers deliberately and accept partial ones. Default false.
     */
    public Builder acceptPartialWhenMaxTokensSet(boolean accept) {
      this.acceptPartialWhenMaxTokensSet = accept;
      return this;
    }

    /** Builds the validator; the builder can be used again. */
    public TruncationValidator build() {
      return new TruncationValidator(acceptPartialWhenMaxTokensSet);
    }
  }
}
