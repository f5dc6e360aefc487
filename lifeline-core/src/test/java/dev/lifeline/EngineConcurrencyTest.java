package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 32 threads × 10,000 calls through one engine with health tracking: every count adds up exactly.
 */
class EngineConcurrencyTest {

  /**
   * Answers at once; every 50th send fails with a 500 so that retries and health updates
   * interleave.
   */
  private static final class ImmediateProvider implements Provider {
    private final String name;
    private final AtomicLong sends = new AtomicLong();

    ImmediateProvider(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      if (sends.incrementAndGet() % 50 == 0) {
        return CompletableFuture.failedFuture(
            new ProviderException(Failure.builder(ErrorKind.SERVER_ERROR).status(500).build()));
      }
      return CompletableFuture.completedFuture(
          ChatResponse.builder()
              .text("ok")
              .finishReason(FinishReason.STOP)
              .provider(name)
              .model(model)
              .build());
    }
  }

  @Test
  void thirtyTwoThreadsTimesTenThousandCallsAddUpExactly() throws Exception {
    ImmediateProvider primary = new ImmediateProvider("primary");
    ImmediateProvider secondary = new ImmediateProvider("secondary");
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(primary, "a")
            .provider(secondary, "b")
            .retryPolicy(
                RetryPolicy.builder()
                    .baseDelay(Duration.ofNanos(1))
                    .maxDelay(Duration.ofNanos(1))
                    .jitter(Jitter.NONE)
                    .build())
            // The counts are under test, not the breaker: 2% of sends fail, but 32 threads on two
            // cores can record six of those failures before any success, which opens a circuit and
            // ends calls unanswered. The budget would deny some retries.
            .health(
                HealthSettings.defaults()
                    .withCircuit(CircuitSettings.disabled())
                    .withRetryBudget(RetryBudgetSettings.disabled()))
            .build();
    int threads = 32;
    int callsPerThread = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                long answered = 0;
                long attempts = 0;
                for (int i = 0; i < callsPerThread; i++) {
                  ChatResponse response = engine.call("q");
                  answered++;
                  attempts += response.trace().attemptCount();
                }
                return new long[] {answered, attempts};
              }));
    }
    long answered = 0;
    long attempts = 0;
    for (Future<long[]> result : results) {
      long[] counts = result.get(5, TimeUnit.MINUTES);
      answered += counts[0];
      attempts += counts[1];
    }
    pool.shutdown();

    long sends = primary.sends.get() + secondary.sends.get();
    assertThat(answered).isEqualTo((long) threads * callsPerThread);
    assertThat(attempts).isEqualTo(sends);
    long recorded = engine.health().stream().mapToLong(DeploymentHealth::calls).sum();
    assertThat(recorded).isEqualTo(sends);
    assertThat(engine.health().stream().mapToLong(DeploymentHealth::failures).sum())
        .isEqualTo(sends - answered);
  }
}
