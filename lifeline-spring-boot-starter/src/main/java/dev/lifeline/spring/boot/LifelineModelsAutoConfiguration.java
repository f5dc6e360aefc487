package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine as the chat models of the frameworks on the class path: LangChain4j's {@code
 * ChatModel} and {@code StreamingChatModel} ({@code lifeline-langchain4j}) and Spring AI's {@code
 * ChatModel} ({@code lifeline-spring-ai}), each unless the application declares its own.
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class)
@ConditionalOnBean(SelfHealingEngine.class)
public class LifelineModelsAutoConfiguration {

  /** Created by Spring. */
  public LifelineModelsAutoConfiguration() {}

  /** LangChain4j. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({
    dev.lifeline.langchain4j.LifelineChatModel.class,
    dev.langchain4j.model.chat.ChatModel.class
  })
  static class LangChain4j {
    @Bean
    @ConditionalOnMissingBean(dev.langchain4j.model.chat.ChatModel.class)
    dev.lifeline.langchain4j.LifelineChatModel lifelineLangChain4jChatModel(
        SelfHealingEngine engine) {
      return dev.lifeline.langchain4j.LifelineChatModel.builder().engine(engine).build();
    }

    @Bean
    @ConditionalOnMissingBean(dev.langchain4j.model.chat.StreamingChatModel.class)
    dev.lifeline.langchain4j.LifelineStreamingChatModel lifelineLangChain4jStreamingChatModel(
        SelfHealingEngine engine) {
      return dev.lifeline.langchain4j.LifelineStreamingChatModel.builder().engine(engine).build();
    }
  }

  /** Spring AI. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({
    dev.lifeline.springai.LifelineChatModel.class,
    org.springframework.ai.chat.model.ChatModel.class
  })
  static class SpringAi {
    @Bean
    @ConditionalOnMissingBean(org.springframework.ai.chat.model.ChatModel.class)
    dev.lifeline.springai.LifelineChatModel lifelineSpringAiChatModel(SelfHealingEngine engine) {
      return dev.lifeline.springai.LifelineChatModel.builder().engine(engine).build();
    }
  }
}
