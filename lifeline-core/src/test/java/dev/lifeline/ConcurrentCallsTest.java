package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.Jitter;
import dev.lifeline.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One engine, many threads: every attempt is counted once, none lost, none duplicated. */
class ConcurrentCallsTest {

  /**
   * Fails about a third of first sends with a 500, answering from another thread, and counts what
   * it received.
   */
  private static final class CountingProvider implements Provider {
    private final String name;
    private final AtomicInteger sends = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byPrompt = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    CountingProvider(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      int number = sends.incrementAndGet();
      int forThisPrompt =
          byPrompt
              .computeIfAbsent(request.lastUserText(), key -> new AtomicInteger())
              .incrementAndGet();
      // Only a first send may fail: a global "every third" rule can, under interleaving, fail all
      // six
      // attempts of one call and make the test flaky.
      boolean fail = forThisPrompt == 1 && number % 3 == 0;
      return CompletableFuture.supplyAsync(
          () -> {
            if (fail) {
              throw new ProviderException(
                  Failure.builder(ErrorKind.SERVER_ERROR).status(500).build());
            }
            return ChatResponse.builder()
                .text("answer to " + request.lastUserText())
                .finishReason(FinishReason.STOP)
                .provider(name)
                .model(model)
                .build();
          },
          executor);
    }
  }

  @Test
  void concurrentCallsLoseAndDuplicateNoAttempt() throws Exception {
    CountingProvider primary = new CountingProvider("primary");
    CountingProvider secondary = new CountingProvider("secondary");
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(primary, "a", "b")
            .provider(secondary, "c")
            // A third of all sends fail: far more retries than a retry budget allows. This test
            // counts.
            .health(
                HealthSettings.defaults()
                    .withCircuit(CircuitSettings.disabled())
                    .withRetryBudget(RetryBudgetSettings.disabled()))
            .retryPolicy(
                RetryPolicy.builder()
                    .baseDelay(Duration.ofMillis(1))
                    .maxDelay(Duration.ofMillis(2))
                    .jitter(Jitter.FULL)
                    .build())
            .build();
    int threads = 16;
    int callsPerThread = 250;
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    List<Future<List<ChatResponse>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(
          callers.submit(
              () -> {
                List<ChatResponse> answers = new ArrayList<>();
                for (int i = 0; i < callsPerThread; i++) {
                  answers.add(engine.call("prompt " + thread + "-" + i));
                }
                return answers;
              }));
    }
    int calls = 0;
    int attempts = 0;
    for (Future<List<ChatResponse>> result : results) {
      for (ChatResponse answer : result.get(2, TimeUnit.MINUTES)) {
        calls++;
        attempts += answer.trace().attemptCount();
        assertThat(answer.trace().attempts())
            .extracting(Attempt::number)
            .isSorted()
            .doesNotHaveDuplicates();
        assertThat(answer.text()).startsWith("answer to prompt ");
        String prompt = answer.text().substring("answer to ".length());
        int received =
            primary.byPrompt.getOrDefault(prompt, new AtomicInteger()).get()
                + secondary.byPrompt.getOrDefault(prompt, new AtomicInteger()).get();
        assertThat(received).as("sends for %s", prompt).isEqualTo(answer.trace().attemptCount());
      }
    }
    callers.shutdown();

    assertThat(calls).isEqualTo(threads * callsPerThread);
    assertThat(attempts).isEqualTo(primary.sends.get() + secondary.sends.get());
    assertThat(primary.sends.get()).isGreaterThan(calls); // some calls did retry
    primary.executor.shutdown();
    secondary.executor.shutdown();
  }
}
