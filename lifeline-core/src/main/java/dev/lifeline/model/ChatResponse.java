package dev.lifeline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A provider-neutral answer, with the trace of every attempt it took to get it.
 *
 * <p>Immutable and thread-safe. A provider builds one without a trace; the engine attaches the
 * trace with {@link #withTrace(CallTrace)} before handing it to the caller.
 *
 * @param text the answer's text; empty, never null, when the model only called tools
 * @param toolCalls the tools the model asked to call; empty when none
 * @param finishReason why the model stopped
 * @param usage tokens consumed
 * @param refusal the provider's own refusal field when it set one (OpenAI {@code message.refusal});
 *     null otherwise
 * @param requestId the provider's id of the request, for support tickets; null if it gave none
 * @param provider the name of the provider that answered
 * @param model the model that answered
 * @param trace every attempt of the call; empty until the engine attaches it
 * @param rateLimits the rate-limit budget the provider reported with this answer
 */
public record ChatResponse(
    String text,
    List<ToolCall> toolCalls,
    FinishReason finishReason,
    Usage usage,
    String refusal,
    String requestId,
    String provider,
    String model,
    CallTrace trace,
    RateLimits rateLimits) {

  /** Fills absent parts with their empty values. */
  public ChatResponse {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
    usage = usage == null ? Usage.NONE : usage;
    provider = provider == null ? "" : provider;
    model = model == null ? "" : model;
    trace = trace == null ? CallTrace.EMPTY : trace;
    rateLimits = rateLimits == null ? RateLimits.UNKNOWN : rateLimits;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** This response with {@code trace} attached. */
  public ChatResponse withTrace(CallTrace trace) {
    Objects.requireNonNull(trace, "trace");
    return new ChatResponse(
        text,
        toolCalls,
        finishReason,
        usage,
        refusal,
        requestId,
        provider,
        model,
        trace,
        rateLimits);
  }

  /** A builder that starts from this response. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.text = text;
    builder.toolCalls.addAll(toolCalls);
    builder.finishReason = finishReason;
    builder.usage = usage;
    builder.refusal = refusal;
    builder.requestId = requestId;
    builder.provider = provider;
    builder.model = model;
    builder.trace = trace;
    builder.rateLimits = rateLimits;
    return builder;
  }

  /** Builds a {@link ChatResponse}; not thread-safe. */
  public static final class Builder {
    private String text;
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private FinishReason finishReason;
    private Usage usage;
    private String refusal;
    private String requestId;
    private String provider;
    private String model;
    private CallTrace trace;
    private RateLimits rateLimits;

    private Builder() {}

    /** Sets the rate-limit budget the provider reported. */
    public Builder rateLimits(RateLimits rateLimits) {
      this.rateLimits = rateLimits;
      return this;
    }

    /** Sets the answer's text. */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** Adds a tool call. */
    public Builder toolCall(ToolCall call) {
      toolCalls.add(Objects.requireNonNull(call, "call"));
      return this;
    }

    /** Sets why the model stopped. */
    public Builder finishReason(FinishReason reason) {
      this.finishReason = reason;
      return this;
    }

    /** Sets the usage. */
    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /** Sets the provider's refusal text. */
    public Builder refusal(String refusal) {
      this.refusal = refusal;
      return this;
    }

    /** Sets the provider's request id. */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Sets the provider that answered. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** Sets the model that answered. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sets the trace. */
    public Builder trace(CallTrace trace) {
      this.trace = trace;
      return this;
    }

    /** Builds the response. */
    public ChatResponse build() {
      return new ChatResponse(
          text,
          toolCalls,
          finishReason,
          usage,
          refusal,
          requestId,
          provider,
          model,
          trace,
          rateLimits);
    }
  }
}
