package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import org.junit.jupiter.api.Test;

/**
 * Clients that nobody here wrote — LangChain4j's OpenAI and Anthropic chat models — get correct
 * answers and errors from the testkit: the fakes speak the providers' wire formats, not a private
 * dialect.
 */
class LangChain4jInteropTest {

  @Test
  void langChain4jsOpenAiClientTalksToTheFakeOpenAiServer() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.OPENAI)) {
      OpenAiChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(server.baseUrl())
              .apiKey("sk-interop")
              .modelName("gpt-4o")
              .maxRetries(0)
              .build();

      ChatResponse response =
          model.chat(dev.langchain4j.data.message.UserMessage.from("Is the refund approved?"));

      assertThat(response.aiMessage().text()).isEqualTo("Answer to: Is the refund approved?");
      assertThat(response.tokenUsage().totalTokenCount()).isPositive();
      assertThat(server.requests())
          .singleElement()
          .satisfies(
              request -> {
                assertThat(request.header("authorization")).contains("Bearer sk-interop");
                assertThat(request.model()).isEqualTo("gpt-4o");
              });
    }
  }

  @Test
  void langChain4jsOpenAiClientSeesTheFakesErrorsAsRealOnes() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.OPENAI)) {
      server.always(Fault.unauthorized());
      OpenAiChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(server.baseUrl())
              .apiKey("sk-interop")
              .modelName("gpt-4o")
              .maxRetries(0)
              .build();

      Throwable error = catchThrowable(() -> model.chat("hello"));

      assertThat(error).isNotNull();
      assertThat(error.getClass().getSimpleName()).containsIgnoringCase("Authentication");
    }
  }

  @Test
  void langChain4jsAnthropicClientTalksToTheFakeAnthropicServer() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.ANTHROPIC)) {
      AnthropicChatModel model =
          AnthropicChatModel.builder()
              .baseUrl(server.baseUrl() + "/v1/")
              .apiKey("sk-ant-interop")
              .modelName("claude-sonnet-4-20250514")
              .maxRetries(0)
              .build();

      ChatResponse response =
          model.chat(dev.langchain4j.data.message.UserMessage.from("Is the refund approved?"));

      assertThat(response.aiMessage().text()).isEqualTo("Answer to: Is the refund approved?");
      assertThat(server.requests())
          .singleElement()
          .satisfies(
              request -> {
                assertThat(request.header("x-api-key")).contains("sk-ant-interop");
                assertThat(request.header("anthropic-version")).isPresent();
              });
    }
  }
}
