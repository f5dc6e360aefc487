/**
 * Lifeline inside Spring AI, both ways: {@link dev.lifeline.springai.LifelineChatModel}, a Spring
 * AI {@code ChatModel} over a {@link dev.lifeline.SelfHealingEngine}, and {@link
 * dev.lifeline.springai.SpringAiProvider}, any Spring AI {@code ChatModel} as a Lifeline provider.
 */
// Spring AI's jars name no module: these requires use their file names.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.lifeline.springai {
  requires transitive dev.lifeline;
  requires transitive spring.ai.model;
  requires transitive spring.ai.retry;
  requires transitive spring.ai.commons;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires spring.core;
  requires spring.web;
  requires org.slf4j;

  exports dev.lifeline.springai;
}
