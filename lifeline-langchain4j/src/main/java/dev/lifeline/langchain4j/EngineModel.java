package dev.lifeline.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;
import java.util.Set;

/**
 * What {@link LifelineChatModel} and {@link LifelineStreamingChatModel} answer alike about
 * themselves: their default parameters, listeners, provider and capabilities.
 */
abstract class EngineModel {

  final ModelSettings settings;

  EngineModel(ModelSettings settings) {
    this.settings = settings;
  }

  /** The builder's default parameters, which a request's own override. */
  public ChatRequestParameters defaultRequestParameters() {
    return settings.defaults();
  }

  /** The listeners, each told once per call. */
  public List<ChatModelListener> listeners() {
    return settings.listeners();
  }

  /** {@link ModelProvider#OTHER}: the engine's cascade, not one provider, answers. */
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** JSON schema answers: every Lifeline adapter sends the schema and the engine checks it. */
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + settings.engine() + "]";
  }
}
