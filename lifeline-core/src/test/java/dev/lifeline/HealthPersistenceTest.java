package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.health.HealthPersistence;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An engine restarted on the same store skips what its predecessor knew to be out. */
class HealthPersistenceTest {

  /**
   * Real time: the write-behind thread drains a memory store in microseconds; this only bounds a
   * bug.
   */
  private static final Duration FLUSH = Duration.ofSeconds(10);

  private final VirtualClock clock = new VirtualClock();

  /** Answers, or fails every call with {@code failure} when it is set; counts its calls. */
  private static final class CountingProvider implements Provider {
    private final String name;
    private final Failure failure;
    private final AtomicInteger calls = new AtomicInteger();

    CountingProvider(String name, Failure failure) {
      this.name = name;
      this.failure = failure;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      calls.incrementAndGet();
      if (failure != null) {
        return CompletableFuture.failedFuture(new ProviderException(failure));
      }
      return CompletableFuture.completedFuture(
          ChatResponse.builder()
              .text("an answer")
              .finishReason(FinishReason.STOP)
              .provider(name)
              .model(model)
              .build());
    }
  }

  private SelfHealingEngine engine(Provider alpha, Provider beta, StateStore store) {
    return SelfHealingEngine.builder()
        .provider(alpha, "a1", "a2")
        .provider(beta, "b")
        .stateStore(store)
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  @Test
  void aSpentQuotaIsNotPaidForAgainAfterARestart() {
    StateStore store = new InMemoryStateStore();
    CountingProvider alpha =
        new CountingProvider(
            "alpha",
            Failure.builder(ErrorKind.QUOTA_EXHAUSTED)
                .status(429)
                .providerCode("insufficient_quota")
                .build());
    CountingProvider beta = new CountingProvider("beta", null);
    WriteBehindStateStore firstWrites = WriteBehindStateStore.wrap(store, 64);
    assertThat(engine(alpha, beta, firstWrites).call("first").provider()).isEqualTo("beta");
    assertThat(alpha.calls).hasValue(1);
    assertThat(firstWrites.shutdown(FLUSH)).as("drained, as when the engine closes").isTrue();
    assertThat(store.all(HealthPersistence.NAMESPACE)).containsOnlyKeys("provider:alpha");

    clock.advance(Duration.ofMinutes(10));
    WriteBehindStateStore writes = WriteBehindStateStore.wrap(store, 64);
    SelfHealingEngine restarted = engine(alpha, beta, writes);
    ChatResponse answer = restarted.call("after the restart");

    assertThat(answer.trace().attemptCount()).isEqualTo(1);
    assertThat(alpha.calls).as("no attempt on the spent provider").hasValue(1);
    assertThat(answer.trace().notes())
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains(
                        "provider alpha cooling down until 01:00:00Z: restored: QUOTA_EXHAUSTED 429"));

    clock.advance(Duration.ofMinutes(51)); // the hour is over: alpha is probed again
    restarted.call("an hour later");
    assertThat(alpha.calls).hasValue(2);
    assertThat(writes.flush(FLUSH)).isTrue();
    assertThat(store.all(HealthPersistence.NAMESPACE))
        .containsOnlyKeys("provider:alpha"); // out again
  }

  @Test
  void holdsThatEndedLeaveTheStore() {
    StateStore store = new InMemoryStateStore();
    CountingProvider limited =
        new CountingProvider(
            "alpha",
            Failure.builder(ErrorKind.RATE_LIMITED)
                .status(429)
                .retryAfter(Duration.ofSeconds(20))
                .build());
    CountingProvider beta = new CountingProvider("beta", null);
    WriteBehindStateStore writes = WriteBehindStateStore.wrap(store, 64);
    SelfHealingEngine engine = engine(limited, beta, writes);
    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("q"));
    clock.runUntilIdle(Duration.ofMinutes(1));
    assertThat(call.join().provider()).isEqualTo("beta");
    assertThat(writes.flush(FLUSH)).isTrue();
    assertThat(store.all(HealthPersistence.NAMESPACE)).isNotEmpty();

    clock.advance(Duration.ofMinutes(1));
    engine.health(); // looking ends the expired cooldowns

    assertThat(writes.flush(FLUSH)).isTrue();
    assertThat(store.all(HealthPersistence.NAMESPACE)).isEmpty();
  }

  @Test
  void unreadableHoldsAreSkipped() {
    StateStore store = new InMemoryStateStore();
    store.put(HealthPersistence.NAMESPACE, "provider:alpha", "{not json");
    CountingProvider alpha = new CountingProvider("alpha", null);
    CountingProvider beta = new CountingProvider("beta", null);

    assertThat(engine(alpha, beta, store).call("q").provider()).isEqualTo("alpha");
  }
}
