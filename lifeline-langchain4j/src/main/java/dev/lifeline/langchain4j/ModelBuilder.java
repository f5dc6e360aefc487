package dev.lifeline.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.lifeline.CallOptions;
import dev.lifeline.SelfHealingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The setters {@link LifelineChatModel.Builder} and {@link LifelineStreamingChatModel.Builder}
 * share, named as LangChain4j's own model builders name them; not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class ModelBuilder<B extends ModelBuilder<B>> {
  private SelfHealingEngine engine;
  private CallOptions options;
  private final List<ChatModelListener> listeners = new ArrayList<>();
  private ChatRequestParameters defaults;
  private final DefaultChatRequestParameters.Builder<?> own = ChatRequestParameters.builder();

  ModelBuilder() {}

  private B self() {
    @SuppressWarnings("unchecked") // B is this builder's own class, as every subclass declares
    B self = (B) this;
    return self;
  }

  /** Sets the engine every call goes through; required. */
  public B engine(SelfHealingEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    return self();
  }

  /** Sets the options of every call (deadline, strategy, validators); the engine's by default. */
  public B callOptions(CallOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return self();
  }

  /** Adds listeners; each sees one request and one response or error per call. */
  public B listeners(List<ChatModelListener> listeners) {
    listeners.forEach(listener -> this.listeners.add(Objects.requireNonNull(listener)));
    return self();
  }

  /** Sets the parameters a request's own override; none by default. */
  public B defaultRequestParameters(ChatRequestParameters parameters) {
    this.defaults = Objects.requireNonNull(parameters, "parameters");
    return self();
  }

  /** Sets the default temperature, in [0, 2]; overrides {@link #defaultRequestParameters}'. */
  public B temperature(Double temperature) {
    own.temperature(temperature);
    return self();
  }

  /** Sets the default top-p, in (0, 1]; overrides {@link #defaultRequestParameters}'. */
  public B topP(Double topP) {
    own.topP(topP);
    return self();
  }

  /** Sets the default top-k, at least 1; overrides {@link #defaultRequestParameters}'. */
  public B topK(Integer topK) {
    own.topK(topK);
    return self();
  }

  /**
   * Sets the default frequency penalty, in [-2, 2]; overrides {@link #defaultRequestParameters}'.
   */
  public B frequencyPenalty(Double frequencyPenalty) {
    own.frequencyPenalty(frequencyPenalty);
    return self();
  }

  /**
   * Sets the default presence penalty, in [-2, 2]; overrides {@link #defaultRequestParameters}'.
   */
  public B presencePenalty(Double presencePenalty) {
    own.presencePenalty(presencePenalty);
    return self();
  }

  /** Sets the default output token limit; overrides {@link #defaultRequestParameters}'. */
  public B maxOutputTokens(Integer maxOutputTokens) {
    own.maxOutputTokens(maxOutputTokens);
    return self();
  }

  /**
   * The settings the model is built from, checked.
   *
   * @throws IllegalStateException if no engine was set
   * @throws IllegalArgumentException if a default is out of Lifeline's range
   * @throws dev.langchain4j.exception.UnsupportedFeatureException if the defaults hold what
   *     Lifeline cannot send
   */
  final ModelSettings settings() {
    return new ModelSettings(
        engine, options, listeners, ModelSettings.merge(defaults, own.build()));
  }
}
