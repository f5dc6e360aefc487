package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import dev.lifeline.trace.EngineListener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What {@link EngineListener#onCallStarted} and the {@link CallListener} it returns hear. */
class CallListenerTest {

  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider openai = new FakeProvider("openai", clock);
  private final FakeProvider anthropic = new FakeProvider("anthropic", clock);
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<CallStart> starts = new CopyOnWriteArrayList<>();
  private final List<Thread> startThreads = new CopyOnWriteArrayList<>();

  private final EngineListener recording =
      new EngineListener() {
        @Override
        public CallListener onCallStarted(CallStart call) {
          starts.add(call);
          startThreads.add(Thread.currentThread());
          return new CallListener() {
            @Override
            public void onAttemptStarted(int number, Deployment deployment, URI endpoint) {
              heard.add("start " + number + " " + deployment.id());
            }

            @Override
            public void onFirstChunk(int number, Deployment deployment, Duration since) {
              heard.add("first chunk " + number);
            }

            @Override
            public void onAttempt(Attempt attempt) {
              heard.add("attempt " + attempt.number() + " " + attempt.decision());
            }

            @Override
            public void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {
              heard.add("retry " + deployment.id() + " in " + wait.toMillis() + " ms");
            }

            @Override
            public void onSucceeded(ChatResponse response) {
              heard.add("succeeded after " + response.trace().attemptCount());
            }

            @Override
            public void onFailed(RuntimeException error, CallTrace trace) {
              heard.add("failed " + error.getClass().getSimpleName());
            }
          };
        }
      };

  private SelfHealingEngine.Builder engine() {
    return SelfHealingEngine.builder()
        .provider(ProviderLadder.of(openai).model("gpt-4o", 128_000))
        .provider(ProviderLadder.of(anthropic).model("claude-sonnet-4", 200_000))
        .ticker(clock)
        .scheduler(clock)
        .random(new SplittableRandom(42));
  }

  @Test
  void oneCallIsHeardInOrderFromItsStartOnTheCallersThreadToItsEnd() {
    openai.script(
        "gpt-4o",
        FakeProvider.failWithStatus(ErrorKind.SERVER_ERROR, 500, Duration.ofSeconds(1)),
        FakeProvider.fail(ErrorKind.QUOTA_EXHAUSTED));
    anthropic.script("claude-sonnet-4", FakeProvider.answer("refunded"));
    SelfHealingEngine engine = engine().listener(recording).build();

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("Refund?"));
    clock.runUntilIdle(Duration.ofMinutes(1));

    assertThat(call.join().text()).isEqualTo("refunded");
    assertThat(startThreads).containsExactly(Thread.currentThread());
    assertThat(starts.get(0).plan())
        .extracting(Deployment::id)
        .containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4");
    assertThat(starts.get(0).streaming()).isFalse();
    assertThat(heard)
        .containsExactly(
            "start 1 openai/gpt-4o",
            "attempt 1 RETRY",
            "retry openai/gpt-4o in 1000 ms",
            "start 2 openai/gpt-4o",
            "attempt 2 FAILOVER",
            "start 3 anthropic/claude-sonnet-4",
            "attempt 3 ACCEPT",
            "succeeded after 3");
  }

  @Test
  void aCancelledCallEndsOnceAsCancelled() {
    openai.script("gpt-4o", FakeProvider.hang());
    SelfHealingEngine engine = engine().listener(recording).build();

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("Refund?"));
    call.cancel(true);
    clock.runUntilIdle(Duration.ofMinutes(1));

    assertThat(heard)
        .containsExactly(
            "start 1 openai/gpt-4o", "attempt 1 CANCELLED", "failed CallCancelledException");
  }

  @Test
  void aStreamHearsItsFirstChunkOnce() {
    openai.script("gpt-4o", FakeProvider.answer("refunded"));
    SelfHealingEngine engine = engine().listener(recording).build();

    CompletableFuture<ChatResponse> call = engine.stream(ChatRequest.of("Refund?"), delta -> {});
    clock.runUntilIdle(Duration.ofMinutes(1));

    assertThat(call.join().text()).isEqualTo("refunded");
    assertThat(starts.get(0).streaming()).isTrue();
    assertThat(heard)
        .containsSubsequence("start 1 openai/gpt-4o", "first chunk 1", "succeeded after 1");
    assertThat(heard).filteredOn(line -> line.startsWith("first chunk")).hasSize(1);
  }

  @Test
  void aListenerThatThrowsIsLoggedAndTheCallGoesOn() {
    openai.script("gpt-4o", FakeProvider.answer("refunded"));
    EngineListener throwingAtStart =
        new EngineListener() {
          @Override
          public CallListener onCallStarted(CallStart call) {
            throw new IllegalStateException("boom at start");
          }
        };
    EngineListener throwingLater =
        new EngineListener() {
          @Override
          public CallListener onCallStarted(CallStart call) {
            return new CallListener() {
              @Override
              public void onAttempt(Attempt attempt) {
                throw new IllegalStateException("boom in onAttempt");
              }
            };
          }
        };
    SelfHealingEngine engine =
        engine().listener(throwingAtStart).listener(throwingLater).listener(recording).build();

    List<String> logged;
    CompletableFuture<ChatResponse> call;
    try (LogCapture log = LogCapture.start()) {
      call = engine.callAsync(ChatRequest.of("Refund?"));
      clock.runUntilIdle(Duration.ofMinutes(1));
      logged = log.lines();
    }

    assertThat(call.join()).isNotNull();
    assertThat(heard).contains("attempt 1 ACCEPT", "succeeded after 1");
    assertThat(logged)
        .anyMatch(line -> line.contains("threw in onCallStarted"))
        .anyMatch(line -> line.contains("CallListener") && line.contains("threw in onAttempt"));
  }
}
