package dev.lifeline.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.lifeline.CallOptions;
import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Lifeline {@link SelfHealingEngine} as a LangChain4j {@link ChatModel}: every call walks the
 * engine's cascade (retry, degrade, fail over, validate) and returns the first good answer, so
 * {@code AiServices}, tools and structured outputs get a fallback chain without a line of theirs
 * changed.
 *
 * <pre>{@code
 * ChatModel model = LifelineChatModel.builder().engine(engine).build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Refunds()).build();
 * }</pre>
 *
 * <p>Listeners ({@link Builder#listeners(List)}) see one request and one response (or one error)
 * per call, however many attempts the cascade took; the attempts are in the response's {@link
 * LifelineChatResponseMetadata#trace()}. Messages, tools and tool calls, JSON mode and JSON schema,
 * temperature, max output tokens and stop sequences map both ways; what Lifeline cannot send
 * (top-p, top-k, penalties, a tool choice but {@code AUTO}, a per-request model name, images) fails
 * with LangChain4j's {@link dev.langchain4j.exception.UnsupportedFeatureException}. A failed call
 * throws LangChain4j's exception for what went wrong last ({@link
 * dev.langchain4j.exception.RateLimitException}, {@link
 * dev.langchain4j.exception.TimeoutException}, {@link
 * dev.langchain4j.exception.AuthenticationException}...) whose cause is the {@link
 * LifelineException}, with the trace of every attempt.
 *
 * <p>Immutable and thread-safe, as the engine is; the engine stays the caller's to close.
 */
public final class LifelineChatModel implements ChatModel {

  private final ModelSettings settings;

  private LifelineChatModel(ModelSettings settings) {
    this.settings = settings;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code request} through the engine's cascade, once per call whatever the attempts.
   *
   * @throws dev.langchain4j.exception.UnsupportedFeatureException if the request holds what
   *     Lifeline cannot send
   * @throws dev.langchain4j.exception.LangChain4jException or a subtype, for a call that ended
   *     without an answer; its cause is the {@link LifelineException}
   */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    dev.lifeline.model.ChatRequest lifelineRequest = RequestMapping.toLifeline(request);
    try {
      return ResponseMapping.toLangChain4j(
          settings.engine().call(lifelineRequest, settings.options()));
    } catch (LifelineException failed) {
      throw LangChain4jExceptions.toLangChain4j(failed);
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return settings.defaults();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return settings.listeners();
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** JSON schema answers: every Lifeline adapter sends the schema and the engine checks it. */
  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  @Override
  public String toString() {
    return "LifelineChatModel[" + settings.engine() + "]";
  }

  /** Builds a {@link LifelineChatModel}; not thread-safe. */
  public static final class Builder {
    private SelfHealingEngine engine;
    private CallOptions options;
    private final List<ChatModelListener> listeners = new ArrayList<>();
    private ChatRequestParameters defaults;
    private Double temperature;
    private Integer maxOutputTokens;

    private Builder() {}

    /** Sets the engine every call goes through; required. */
    public Builder engine(SelfHealingEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Sets the options of every call (deadline, strategy, validators); the engine's by default. */
    public Builder callOptions(CallOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Adds listeners; each sees one request and one response or error per call. */
    public Builder listeners(List<ChatModelListener> listeners) {
      listeners.forEach(listener -> this.listeners.add(Objects.requireNonNull(listener)));
      return this;
    }

    /** Sets the parameters a request's own override; none by default. */
    public Builder defaultRequestParameters(ChatRequestParameters parameters) {
      this.defaults = Objects.requireNonNull(parameters, "parameters");
      return this;
    }

    /** Sets the default temperature, in [0, 2]; overrides {@link #defaultRequestParameters}'. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets the default output token limit; overrides {@link #defaultRequestParameters}'. */
    public Builder maxOutputTokens(Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws IllegalStateException if no engine was set
     * @throws IllegalArgumentException if the temperature or token limit is out of range
     * @throws dev.langchain4j.exception.UnsupportedFeatureException if the default parameters hold
     *     what Lifeline cannot send
     */
    public LifelineChatModel build() {
      return new LifelineChatModel(
          new ModelSettings(
              engine,
              options,
              listeners,
              ModelSettings.merge(defaults, temperature, maxOutputTokens)));
    }
  }
}
