package dev.lifeline.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import java.util.List;

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
 * temperature, top-p, top-k, the penalties, max output tokens and stop sequences map both ways; a
 * sampling setting the deployment's wire has no field for (top-k on OpenAI) is left out of that
 * attempt and named in the trace's notes. What Lifeline cannot send at all (a tool choice but
 * {@code AUTO}, a per-request model name, images) fails with LangChain4j's {@link
 * dev.langchain4j.exception.UnsupportedFeatureException}. A failed call throws LangChain4j's
 * exception for what went wrong last ({@link dev.langchain4j.exception.RateLimitException}, {@link
 * dev.langchain4j.exception.TimeoutException}, {@link
 * dev.langchain4j.exception.AuthenticationException}...) whose cause is the {@link
 * LifelineException}, with the trace of every attempt.
 *
 * <p>Immutable and thread-safe, as the engine is; the engine stays the caller's to close.
 */
public final class LifelineChatModel extends EngineModel implements ChatModel {

  private LifelineChatModel(ModelSettings settings) {
    super(settings);
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

  /** Builds a {@link LifelineChatModel}; not thread-safe. */
  public static final class Builder extends ModelBuilder<Builder> {

    private Builder() {}

    /**
     * Builds the model.
     *
     * @throws IllegalStateException if no engine was set
     * @throws IllegalArgumentException if a default setting is out of Lifeline's range
     * @throws dev.langchain4j.exception.UnsupportedFeatureException if the default parameters hold
     *     what Lifeline cannot send
     */
    public LifelineChatModel build() {
      return new LifelineChatModel(settings());
    }
  }
}
