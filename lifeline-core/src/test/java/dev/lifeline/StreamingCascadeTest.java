package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.validation.Validators;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Streaming through the cascade: failover before the first delta, continuation after it. */
class StreamingCascadeTest {

  /** Streams {@code deltas}, then ends with {@code failure} or a proper end. */
  private static class StreamingProvider implements Provider {
    private final String name;
    private final List<String> deltas;
    private final Failure failure;

    StreamingProvider(String name, List<String> deltas, Failure failure) {
      this.name = name;
      this.deltas = deltas;
      this.failure = failure;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      throw new UnsupportedOperationException("streaming only");
    }

    @Override
    public CompletableFuture<ChatResponse> stream(
        ChatRequest request, String model, Consumer<String> onDelta) {
      deltas.forEach(onDelta);
      if (failure != null) {
        return CompletableFuture.failedFuture(new ProviderException(failure));
      }
      return CompletableFuture.completedFuture(
          ChatResponse.builder()
              .text(String.join("", deltas))
              .finishReason(FinishReason.STOP)
              .provider(name)
              .model(model)
              .build());
    }
  }

  private final VirtualClock clock = new VirtualClock();

  private SelfHealingEngine engine(Provider first, Provider second) {
    return SelfHealingEngine.builder()
        .provider(first, "m1")
        .provider(second, "m2")
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  @Test
  void aStreamThatFailsBeforeItsFirstDeltaFailsOver() {
    List<String> received = new CopyOnWriteArrayList<>();
    SelfHealingEngine engine =
        engine(
            new StreamingProvider(
                "a", List.of(), Failure.builder(ErrorKind.OVERLOADED).status(529).build()),
            new StreamingProvider("b", List.of("Re", "fund", " approved"), null));

    CompletableFuture<ChatResponse> call =
        engine.stream(
            ChatRequest.of("q"),
            CallOptions.defaults().withStrategy(FallbackStrategy.FAILOVER_ONLY),
            received::add);
    clock.runUntilIdle(Duration.ofMinutes(5));

    ChatResponse response = call.join();
    assertThat(received).containsExactly("Re", "fund", " approved");
    assertThat(response.text()).isEqualTo("Refund approved");
    assertThat(response.provider()).isEqualTo("b");
  }

  @Test
  void aStreamThatBreaksAfterItsFirstDeltaContinuesOnTheNextDeploymentWithoutRepeatingText() {
    List<String> received = new CopyOnWriteArrayList<>();
    List<ChatRequest> sentToB = new CopyOnWriteArrayList<>();
    Provider b =
        new StreamingProvider("b", List.of("Refund", " approved"), null) {
          @Override
          public CompletableFuture<ChatResponse> stream(
              ChatRequest request, String model, Consumer<String> onDelta) {
            sentToB.add(request);
            return super.stream(request, model, onDelta);
          }
        };
    SelfHealingEngine engine =
        engine(
            new StreamingProvider(
                "a",
                List.of("Refund "),
                Failure.builder(ErrorKind.OVERLOADED).status(529).message("Overloaded").build()),
            b);

    CompletableFuture<ChatResponse> call =
        engine.stream(
            ChatRequest.of("q"),
            CallOptions.defaults().withStrategy(FallbackStrategy.FAILOVER_ONLY),
            received::add);
    clock.runUntilIdle(Duration.ofMinutes(5));

    ChatResponse response = call.join();
    // b restarted the answer; the repeated "Refund" and the space are trimmed, not passed on.
    assertThat(String.join("", received)).isEqualTo("Refund approved");
    assertThat(response.text()).isEqualTo("Refund approved");
    assertThat(response.provider()).isEqualTo("b");
    assertThat(sentToB)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.messages()).hasSize(3);
              assertThat(request.messages().get(1).content()).isEqualTo("Refund ");
              assertThat(request.messages().get(2).content())
                  .isEqualTo(StreamContinuation.CONTINUE_TURN);
            });
    assertThat(response.trace().attempts().get(0).reason())
        .contains("the stream broke after text reached the caller");
    assertThat(response.trace().notes())
        .contains(
            "attempt 2 continues the broken stream after 7 characters (continue turn)",
            "attempt 2 repeated 7 characters of the answer: trimmed");
  }

  @Test
  void aStreamedAnswerRejectedAfterItCameWholeEndsTheCallForThereIsNothingToContinue() {
    List<String> received = new CopyOnWriteArrayList<>();
    List<ChatRequest> sentToB = new CopyOnWriteArrayList<>();
    Provider b =
        new StreamingProvider("b", List.of("never"), null) {
          @Override
          public CompletableFuture<ChatResponse> stream(
              ChatRequest request, String model, Consumer<String> onDelta) {
            sentToB.add(request);
            return super.stream(request, model, onDelta);
          }
        };
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(new StreamingProvider("a", List.of("Refund", " pending"), null), "m1")
            .provider(b, "m2")
            .validator(
                Validators.custom("approved", answer -> answer.text().contains("approved"), "no"))
            .ticker(clock)
            .scheduler(clock)
            .build();

    CompletableFuture<ChatResponse> call =
        engine.stream(
            ChatRequest.of("q"),
            CallOptions.defaults().withStrategy(FallbackStrategy.FAILOVER_ONLY),
            received::add);
    clock.runUntilIdle(Duration.ofMinutes(5));

    assertThat(catchThrowable(call::join))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StreamInterruptedException.class);
    assertThat(received).containsExactly("Refund", " pending");
    assertThat(sentToB).isEmpty();
  }

  @Test
  void providersWithoutStreamingDeliverTheWholeTextAsOneDelta() {
    VirtualClock time = clock;
    FakeProvider plain =
        new FakeProvider("plain", time).script("m1", FakeProvider.answer("whole answer"));
    List<String> received = new CopyOnWriteArrayList<>();
    SelfHealingEngine engine =
        SelfHealingEngine.builder().provider(plain, "m1").ticker(time).scheduler(time).build();

    ChatResponse response = engine.stream(ChatRequest.of("q"), received::add).join();

    assertThat(received).containsExactly("whole answer");
    assertThat(response.text()).isEqualTo("whole answer");
  }
}
