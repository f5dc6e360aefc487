package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.time.Ticker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where an HTTP answer is read: a blocking call parses and classifies its answer on its own thread,
 * which waits anyway, not on the client's few I/O threads that every call in flight shares; an
 * asynchronous call's answer is read without the caller's thread.
 */
class CallerThreadAnswersTest {

  private static final String ANSWER =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,"
          + "\"total_tokens\":12}}";

  private final EchoServer server =
      new EchoServer().answer(200, Map.of("content-type", "application/json"), ANSWER);

  /**
   * The threads that read the wall clock through the provider's ticker: the answer's parser does,
   * for the rate-limit headers' reset dates; the exchange's timers read only {@code nanos()}.
   */
  private final List<String> parsedOn = new CopyOnWriteArrayList<>();

  private final SelfHealingEngine engine =
      SelfHealingEngine.builder()
          .provider(
              OpenAiProvider.openAi()
                  .baseUrl(server.root().resolve("/v1"))
                  .apiKey(ApiKey.of("sk-test-0123456789"))
                  .ticker(
                      new Ticker() {
                        @Override
                        public long nanos() {
                          return Ticker.system().nanos();
                        }

                        @Override
                        public Instant now() {
                          parsedOn.add(Thread.currentThread().getName());
                          return Ticker.system().now();
                        }
                      })
                  .build(),
              "m")
          .build();

  private final ChatRequest request =
      ChatRequest.builder().user("What is France's capital?").build();

  @AfterEach
  void stop() {
    engine.close();
    server.close();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aBlockingCallReadsItsAnswerOnItsOwnThread() throws Exception {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                text.complete(engine.call(request).text());
              } catch (RuntimeException e) {
                text.completeExceptionally(e);
              }
            },
            "the-caller");
    caller.start();

    assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("The capital of France is Paris.");
    assertThat(parsedOn).isNotEmpty().containsOnly("the-caller");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void anAsynchronousCallIsAnsweredWithoutTheCallersThread() throws Exception {
    String caller = Thread.currentThread().getName();

    CompletableFuture<String> text = engine.callAsync(request).thenApply(r -> r.text());

    assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("The capital of France is Paris.");
    assertThat(parsedOn).isNotEmpty().doesNotContain(caller);
  }
}
