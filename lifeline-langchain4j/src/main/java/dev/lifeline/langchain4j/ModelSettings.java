package dev.lifeline.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.lifeline.CallOptions;
import dev.lifeline.SelfHealingEngine;
import java.util.List;

/**
 * What {@link LifelineChatModel} and {@link LifelineStreamingChatModel} are built from: the engine,
 * the options of each call, the listeners and the default request parameters. Checked once, when
 * the model is built.
 */
record ModelSettings(
    SelfHealingEngine engine,
    CallOptions options,
    List<ChatModelListener> listeners,
    ChatRequestParameters defaults) {

  /**
   * Checks that the engine is set and that the defaults hold nothing Lifeline cannot send.
   *
   * @throws IllegalStateException if no engine was set
   * @throws dev.langchain4j.exception.UnsupportedFeatureException naming a default Lifeline cannot
   *     send (top-p, a model name...)
   */
  ModelSettings {
    if (engine == null) {
      throw new IllegalStateException("engine was not set: engine(SelfHealingEngine) is required");
    }
    options = options == null ? CallOptions.defaults() : options;
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    defaults = defaults == null ? DefaultChatRequestParameters.EMPTY : defaults;
    RequestMapping.toLifeline(
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(UserMessage.from("a request with the defaults, checked at build"))
            .parameters(defaults)
            .build());
  }

  /** {@code defaults} with the builder's {@code own} settings over them, where set. */
  static ChatRequestParameters merge(ChatRequestParameters defaults, ChatRequestParameters own) {
    ChatRequestParameters base = defaults == null ? DefaultChatRequestParameters.EMPTY : defaults;
    return base.overrideWith(own);
  }
}
