package dev.lifeline.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.lifeline.model.CallTrace;
import java.util.Objects;

/**
 * LangChain4j's response metadata with what Lifeline adds: the provider that answered and the trace
 * of every attempt the answer took. {@link LifelineChatModel} and {@link
 * LifelineStreamingChatModel} return it as {@link
 * dev.langchain4j.model.chat.response.ChatResponse#metadata()}:
 *
 * <pre>{@code
 * ChatResponse response = model.chat(request);
 * CallTrace trace = ((LifelineChatResponseMetadata) response.metadata()).trace();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public class LifelineChatResponseMetadata extends ChatResponseMetadata {

  private final String provider;
  private final CallTrace trace;

  /** Builds the metadata from {@code builder}. */
  protected LifelineChatResponseMetadata(Builder builder) {
    super(builder);
    this.provider = builder.provider == null ? "" : builder.provider;
    this.trace = builder.trace == null ? CallTrace.EMPTY : builder.trace;
  }

  /** The name of the Lifeline provider that answered ("openai", "anthropic-eu"). */
  public String provider() {
    return provider;
  }

  /** Every attempt the call took, in order; never null. */
  public CallTrace trace() {
    return trace;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Builder toBuilder() {
    Builder builder = new Builder();
    toBuilder(builder);
    return builder.provider(provider).trace(trace);
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other)
        && other instanceof LifelineChatResponseMetadata that
        && provider.equals(that.provider)
        && trace.equals(that.trace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), provider, trace);
  }

  @Override
  public String toString() {
    return "LifelineChatResponseMetadata{id="
        + id()
        + ", modelName="
        + modelName()
        + ", provider="
        + provider
        + ", tokenUsage="
        + tokenUsage()
        + ", finishReason="
        + finishReason()
        + ", attempts="
        + trace.attempts().size()
        + '}';
  }

  /** Builds a {@link LifelineChatResponseMetadata}; not thread-safe. */
  public static class Builder extends ChatResponseMetadata.Builder<Builder> {
    private String provider;
    private CallTrace trace;

    /** A new builder; see {@link LifelineChatResponseMetadata#builder()}. */
    public Builder() {}

    /** Sets the provider that answered. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** Sets the trace of the call. */
    public Builder trace(CallTrace trace) {
      this.trace = trace;
      return this;
    }

    @Override
    public LifelineChatResponseMetadata build() {
      return new LifelineChatResponseMetadata(this);
    }
  }
}
