package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official SDKs' own retries, their default policy on, against the testkit's scripted 429s and
 * 503s (issue 14): each SDK waits what the fake's headers say ({@code retry-after-ms} before {@code
 * retry-after}) and no less, as the server sees it in the gap between the requests it receives; the
 * SDK's own sleeper, wrapped to record each wait it is asked for, shows which header set the wait.
 * The waits are the fault's, kept small; no test sleeps on its own.
 */
class SdkRetryTimingTest {

  private FakeLlmServer server;

  @BeforeEach
  void start() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void openAiJavaWaitsTheRetryAfterMsOfEachRateLimit() {
    server.enqueue(
        Fault.rateLimited(Duration.ofMillis(150)), Fault.rateLimited(Duration.ofMillis(250)));
    OpenAiSleeper sleeper = new OpenAiSleeper();

    ChatCompletion answer = chat(sleeper);

    assertThat(answer.choices().get(0).message().content()).hasValue("Answer to: Hello");
    // The 429s say retry-after: 1 and retry-after-ms: 150 / 250; the SDK takes the finer one.
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(150), Duration.ofMillis(250));
    assertThat(gaps())
        .hasSize(2)
        .satisfies(
            gaps -> {
              assertThat(gaps.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
              assertThat(gaps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            });
    assertThat(server.requests().get(2).header("x-stainless-retry-count")).hasValue("2");
  }

  @Test
  void openAiJavaBacksOffOnItsOwnFromAnOverloaded503WithoutRetryHeaders() {
    server.enqueue(Fault.overloaded());
    OpenAiSleeper sleeper = new OpenAiSleeper();

    chat(sleeper);

    // OpenAI's 503 names no wait: the SDK's first backoff is 0.5 s less up to a quarter of jitter.
    assertThat(sleeper.waits)
        .singleElement()
        .satisfies(
            wait -> assertThat(wait).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
    assertThat(gaps())
        .singleElement()
        .satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(sleeper.waits.get(0)));
  }

  @Test
  void anthropicJavaWaitsTheRetryAfterSecondsOfARateLimit() {
    server.close();
    server = FakeLlmServer.start(WireFormat.ANTHROPIC);
    // Anthropic's retry-after is whole seconds, rounded up: 200 ms is said as 1.
    server.enqueue(Fault.rateLimited(Duration.ofMillis(200)));
    AnthropicSleeper sleeper = new AnthropicSleeper();

    AnthropicClient client =
        AnthropicOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-ant-retry")
            .sleeper(sleeper)
            .build();
    try {
      client
          .messages()
          .create(
              MessageCreateParams.builder()
                  .model("claude-sonnet-4-20250514")
                  .maxTokens(256)
                  .addUserMessage("Hello")
                  .build());
    } finally {
      client.close();
    }

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    assertThat(gaps())
        .singleElement()
        .satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
  }

  /** One chat call through openai-java with its default retries, waiting on {@code sleeper}. */
  private ChatCompletion chat(OpenAiSleeper sleeper) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-retry")
            .sleeper(sleeper)
            .build();
    try {
      return client
          .chat()
          .completions()
          .create(
              ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello").build());
    } finally {
      client.close();
    }
  }

  /** The time between each request the server received and the one before, as it saw them. */
  private List<Duration> gaps() {
    List<RecordedRequest> requests = server.requests();
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < requests.size(); i++) {
      gaps.add(Duration.between(requests.get(i - 1).receivedAt(), requests.get(i).receivedAt()));
    }
    return gaps;
  }

  /** openai-java's own sleeper, recording every wait. */
  private static final class OpenAiSleeper implements com.openai.core.Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final com.openai.core.Sleeper sdk = new com.openai.core.DefaultSleeper();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
      sdk.sleep(duration);
    }

    @Override
    public CompletableFuture<Void> sleepAsync(Duration duration) {
      waits.add(duration);
      return sdk.sleepAsync(duration);
    }

    @Override
    public void close() {
      sdk.close();
    }
  }

  /** anthropic-java's own sleeper, recording every wait. */
  private static final class AnthropicSleeper implements com.anthropic.core.Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final com.anthropic.core.Sleeper sdk = new com.anthropic.core.DefaultSleeper();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
      sdk.sleep(duration);
    }

    @Override
    public CompletableFuture<Void> sleepAsync(Duration duration) {
      waits.add(duration);
      return sdk.sleepAsync(duration);
    }

    @Override
    public void close() {
      sdk.close();
    }
  }
}
