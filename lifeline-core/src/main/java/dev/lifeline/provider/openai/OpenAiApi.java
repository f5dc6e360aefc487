package dev.lifeline.provider.openai;

/**
 * Which of OpenAI's two chat interfaces an {@link OpenAiProvider} speaks; see {@link
 * OpenAiProvider.Builder#api(OpenAiApi)}.
 */
public enum OpenAiApi {
  /** {@code POST {base}/chat/completions}: the interface every compatible server offers. */
  CHAT_COMPLETIONS,

  /**
   * {@code POST {base}/responses}: OpenAI's current primary interface. Lifeline sends the whole
   * conversation each time with {@code store: false}, so no state is kept on OpenAI's side.
   */
  RESPONSES
}
