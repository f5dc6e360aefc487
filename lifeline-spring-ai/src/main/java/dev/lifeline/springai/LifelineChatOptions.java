package dev.lifeline.springai;

import dev.lifeline.CallOptions;
import dev.lifeline.model.ResponseFormat;
import java.util.Objects;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;

/**
 * The options of a {@link LifelineChatModel}: Spring AI's portable chat options, its tools, its
 * native structured output ({@link #getOutputSchema()}), and what only Lifeline has: a JSON mode
 * ({@link #getResponseFormat()}), a sampling seed ({@link #getSeed()}) and the engine's per-call
 * options ({@link #getCallOptions()}).
 *
 * <p>Immutable. {@code ChatClient} starts each request from the model's default options and
 * combines the request's own on top, as with any Spring AI model. The cascade, not {@link
 * #getModel()}, chooses the deployment that answers; the model name is kept for Spring AI's
 * observations only. Temperature, top-p, top-k and the penalties go into Lifeline's request, each
 * checked against its range (an {@link IllegalArgumentException} names one out of it); a setting
 * the answering deployment's wire has no field for (top-k on OpenAI) is left out of that attempt
 * and named in the trace's notes.
 */
public final class LifelineChatOptions extends DefaultToolCallingChatOptions
    implements StructuredOutputChatOptions {

  private final String outputSchema;
  private final ResponseFormat responseFormat;
  private final Integer seed;
  private final CallOptions callOptions;

  private LifelineChatOptions(
      DefaultToolCallingChatOptions spring,
      String outputSchema,
      ResponseFormat responseFormat,
      Integer seed,
      CallOptions callOptions) {
    super(
        spring.getToolCallbacks(),
        spring.getToolContext(),
        spring.getModel(),
        spring.getFrequencyPenalty(),
        spring.getMaxTokens(),
        spring.getPresencePenalty(),
        spring.getStopSequences(),
        spring.getTemperature(),
        spring.getTopK(),
        spring.getTopP());
    this.outputSchema = outputSchema;
    this.responseFormat = responseFormat;
    this.seed = seed;
    this.callOptions = callOptions;
  }

  /** A new builder, with every option unset. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The JSON Schema the answer must match (Spring AI's native structured output), or null; sent to
   * the provider as a JSON schema and checked by the engine's validator on every answer.
   */
  @Override
  public String getOutputSchema() {
    return outputSchema;
  }

  /**
   * The answer's shape when no {@linkplain #getOutputSchema() schema} is set ({@link
   * ResponseFormat#json()} for JSON mode), or null for free text.
   */
  public ResponseFormat getResponseFormat() {
    return responseFormat;
  }

  /**
   * The seed of best-effort deterministic sampling, or null; Spring AI's portable options have
   * none, so it is Lifeline's own, sent by the adapters whose wire takes one.
   */
  public Integer getSeed() {
    return seed;
  }

  /** The engine's options for each call (deadline, strategy, validators), or null for defaults. */
  public CallOptions getCallOptions() {
    return callOptions;
  }

  @Override
  public Builder mutate() {
    Builder builder =
        new Builder()
            .model(getModel())
            .frequencyPenalty(getFrequencyPenalty())
            .maxTokens(getMaxTokens())
            .presencePenalty(getPresencePenalty())
            .stopSequences(getStopSequences())
            .temperature(getTemperature())
            .topK(getTopK())
            .topP(getTopP())
            .toolCallbacks(getToolCallbacks())
            .toolContext(getToolContext())
            .outputSchema(outputSchema)
            .responseFormat(responseFormat)
            .seed(seed)
            .callOptions(callOptions);
    return builder;
  }

  @Override
  public boolean equals(Object other) {
    if (!super.equals(other)) {
      return false;
    }
    LifelineChatOptions that = (LifelineChatOptions) other;
    return Objects.equals(outputSchema, that.outputSchema)
        && Objects.equals(responseFormat, that.responseFormat)
        && Objects.equals(seed, that.seed)
        && Objects.equals(callOptions, that.callOptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), outputSchema, responseFormat, seed, callOptions);
  }

  /**
   * Builds {@link LifelineChatOptions}, with Spring AI's option setters and Lifeline's own; not
   * thread-safe.
   */
  public static final class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
      implements StructuredOutputChatOptions.Builder<Builder> {

    private String outputSchema;
    private ResponseFormat responseFormat;
    private Integer seed;
    private CallOptions callOptions;

    private Builder() {}

    /** Sets the JSON Schema the answer must match, or null for none. */
    @Override
    public Builder outputSchema(String outputSchema) {
      this.outputSchema = outputSchema;
      return this;
    }

    /**
     * Sets the answer's shape ({@link ResponseFormat#json()} for JSON mode, or a JSON schema), or
     * null for free text; a {@linkplain #outputSchema(String) schema} takes precedence.
     */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** Sets the seed of best-effort deterministic sampling, or null for none. */
    public Builder seed(Integer seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the engine's options for each call, or null for the engine's defaults. */
    public Builder callOptions(CallOptions callOptions) {
      this.callOptions = callOptions;
      return this;
    }

    @Override
    public Builder clone() {
      Builder copy = super.clone();
      copy.outputSchema = outputSchema;
      copy.responseFormat = responseFormat;
      copy.seed = seed;
      copy.callOptions = callOptions;
      return copy;
    }

    /**
     * Copies every option {@code other} sets over this builder's (tools and stop sequences are
     * added), as Spring AI's builders do.
     */
    @Override
    public Builder combineWith(ChatOptions.Builder<?> other) {
      super.combineWith(other);
      if (other instanceof Builder that) {
        if (that.outputSchema != null) {
          outputSchema = that.outputSchema;
        }
        if (that.responseFormat != null) {
          responseFormat = that.responseFormat;
        }
        if (that.seed != null) {
          seed = that.seed;
        }
        if (that.callOptions != null) {
          callOptions = that.callOptions;
        }
      } else if (other instanceof StructuredOutputChatOptions.Builder<?>) {
        if (other.build() instanceof StructuredOutputChatOptions built
            && built.getOutputSchema() != null) {
          outputSchema = built.getOutputSchema();
        }
      }
      return this;
    }

    /** The options. */
    @Override
    public LifelineChatOptions build() {
      return new LifelineChatOptions(
          (DefaultToolCallingChatOptions) super.build(),
          outputSchema,
          responseFormat,
          seed,
          callOptions);
    }
  }
}
