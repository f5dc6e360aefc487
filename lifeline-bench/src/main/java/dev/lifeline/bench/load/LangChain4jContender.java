package dev.lifeline.bench.load;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * LangChain4j's {@link OpenAiChatModel} (its default JDK HTTP client) with {@code maxRetries(0)};
 * streaming through {@link OpenAiStreamingChatModel}, waited on with a future.
 */
public final class LangChain4jContender implements Contender {

  private final OpenAiChatModel model;
  private final OpenAiStreamingChatModel streamingModel;
  private final ChatRequest request;

  /** Models pointed at {@code baseUrl}. */
  public LangChain4jContender(String baseUrl) {
    this.model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl + "/v1")
            .apiKey(Prompt.API_KEY)
            .modelName(Prompt.MODEL)
            .maxRetries(0)
            .build();
    this.streamingModel =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl + "/v1")
            .apiKey(Prompt.API_KEY)
            .modelName(Prompt.MODEL)
            .build();
    this.request =
        ChatRequest.builder()
            .messages(SystemMessage.from(Prompt.SYSTEM), UserMessage.from(Prompt.USER))
            .build();
  }

  @Override
  public String name() {
    return "langchain4j";
  }

  @Override
  public String call() {
    return model.chat(request).aiMessage().text();
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public String stream(Runnable firstDelta) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    AtomicBoolean first = new AtomicBoolean(true);
    streamingModel.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String delta) {
            if (!delta.isEmpty() && first.compareAndSet(true, false)) {
              firstDelta.run();
            }
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return done.join().aiMessage().text();
  }

  @Override
  public void close() {
    // The models hold a JDK HttpClient, which has no close() before JDK 21.
  }
}
