package dev.lifeline.bench.load;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;

/**
 * The official openai-java client (OkHttp underneath), synchronous, with {@code maxRetries(0)} and
 * 64 idle connections kept for 5 minutes (its default keeps 5, which would make it reconnect at
 * concurrency 64 where the JDK-based clients reuse theirs).
 */
public final class OpenAiJavaContender implements Contender {

  private final OpenAIClient client;
  private final ChatCompletionCreateParams params;

  /** A client pointed at {@code baseUrl}. */
  public OpenAiJavaContender(String baseUrl) {
    this.client =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl + "/v1")
            .apiKey(Prompt.API_KEY)
            .maxRetries(0)
            .maxIdleConnections(64)
            .keepAliveDuration(Duration.ofMinutes(5))
            .build();
    this.params =
        ChatCompletionCreateParams.builder()
            .model(Prompt.MODEL)
            .addSystemMessage(Prompt.SYSTEM)
            .addUserMessage(Prompt.USER)
            .build();
  }

  @Override
  public String name() {
    return "openai-java";
  }

  @Override
  public String call() {
    return client
        .chat()
        .completions()
        .create(params)
        .choices()
        .get(0)
        .message()
        .content()
        .orElse("");
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public String stream(Runnable firstDelta) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> chunks =
        client.chat().completions().createStreaming(params)) {
      chunks.stream()
          .forEach(
              chunk -> {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                  String delta = choice.delta().content().orElse("");
                  if (!delta.isEmpty() && text.length() == 0) {
                    firstDelta.run();
                  }
                  text.append(delta);
                }
              });
    }
    return text.toString();
  }

  @Override
  public void close() {
    client.close();
  }
}
