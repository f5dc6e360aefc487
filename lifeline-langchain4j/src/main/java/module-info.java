/**
 * Lifeline inside LangChain4j, both ways: {@link dev.lifeline.langchain4j.LifelineChatModel} and
 * {@link dev.lifeline.langchain4j.LifelineStreamingChatModel} put a {@link
 * dev.lifeline.SelfHealingEngine} behind LangChain4j's chat model interfaces, and {@link
 * dev.lifeline.langchain4j.LangChain4jProvider} puts any LangChain4j chat model in a Lifeline
 * cascade.
 */
// Transitive, automatic as it is: LangChain4j's types (ChatModel, ChatModelListener) are in this
// API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.lifeline.langchain4j {
  requires transitive dev.lifeline;
  requires transitive langchain4j.core;
  requires com.fasterxml.jackson.databind;

  exports dev.lifeline.langchain4j;
}
