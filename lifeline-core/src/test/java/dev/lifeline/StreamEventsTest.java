package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The event faces of a streamed call: the publisher's demand and cancel, the iterator, a reset. */
class StreamEventsTest {

  /**
   * Streams {@code deltas}; then fails with {@code failure}, hangs (the future kept in {@link
   * #pending}) when {@code hang}, or completes.
   */
  private static class ScriptedStream implements Provider {
    private final String name;
    private final List<String> deltas;
    private final Failure failure;
    private final boolean hang;
    final List<CompletableFuture<ChatResponse>> pending = new CopyOnWriteArrayList<>();

    ScriptedStream(String name, List<String> deltas, Failure failure, boolean hang) {
      this.name = name;
      this.deltas = deltas;
      this.failure = failure;
      this.hang = hang;
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
      if (hang) {
        CompletableFuture<ChatResponse> open = new CompletableFuture<>();
        pending.add(open);
        return open;
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

  /** Records what it is signalled; requests nothing by itself. */
  private static final class Recorder implements Flow.Subscriber<StreamEvent> {
    final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    volatile Flow.Subscription subscription;
    volatile boolean completed;
    volatile Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
    }

    @Override
    public void onNext(StreamEvent item) {
      events.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
    }

    @Override
    public void onComplete() {
      completed = true;
    }

    String text() {
      return events.stream()
          .filter(StreamEvent.TextDelta.class::isInstance)
          .map(event -> ((StreamEvent.TextDelta) event).text())
          .collect(Collectors.joining());
    }
  }

  private static final CallOptions FAILOVER =
      CallOptions.defaults().withStrategy(FallbackStrategy.FAILOVER_ONLY);

  private final VirtualClock clock = new VirtualClock();

  private SelfHealingEngine engine(Provider... providers) {
    SelfHealingEngine.Builder builder = SelfHealingEngine.builder().ticker(clock).scheduler(clock);
    for (int i = 0; i < providers.length; i++) {
      builder.provider(providers[i], "m" + (i + 1));
    }
    return builder.build();
  }

  @Test
  void thePublisherSignalsNoMoreEventsThanRequestedAndLosesNoText() {
    List<String> words = IntStream.range(0, 10).mapToObj(i -> " w" + i).toList();
    SelfHealingEngine engine = engine(new ScriptedStream("a", words, null, false));
    Recorder recorder = new Recorder();

    engine.publisher(ChatRequest.of("q")).subscribe(recorder);
    recorder.subscription.request(1);
    clock.runUntilIdle(Duration.ofMinutes(1));

    // The provider has streamed everything; the subscriber asked for one event and got one.
    assertThat(recorder.events).containsExactly(new StreamEvent.TextDelta(" w0"));
    assertThat(recorder.completed).isFalse();

    recorder.subscription.request(3);
    assertThat(recorder.events).hasSize(4);

    recorder.subscription.request(Long.MAX_VALUE);
    assertThat(recorder.events).hasSize(11);
    assertThat(recorder.text()).isEqualTo(String.join("", words));
    assertThat(recorder.events.get(10))
        .isInstanceOfSatisfying(
            StreamEvent.Completed.class,
            done -> assertThat(done.answer().text()).isEqualTo(String.join("", words)));
    assertThat(recorder.completed).isTrue();
    assertThat(recorder.error).isNull();
  }

  @Test
  void aSubscriberThatLagsGetsFewerLargerDeltasNotLessText() {
    List<String> words = IntStream.range(0, 600).mapToObj(i -> " w" + i).toList();
    SelfHealingEngine engine = engine(new ScriptedStream("a", words, null, false));
    Recorder recorder = new Recorder();

    engine.publisher(ChatRequest.of("q")).subscribe(recorder);
    clock.runUntilIdle(Duration.ofMinutes(1));
    assertThat(recorder.events).isEmpty();
    recorder.subscription.request(Long.MAX_VALUE);

    // At most 256 events wait: text coalesces once they do.
    assertThat(recorder.events).hasSizeLessThanOrEqualTo(StreamEventQueue.DEFAULT_CAPACITY + 1);
    assertThat(recorder.text()).isEqualTo(String.join("", words));
    assertThat(recorder.completed).isTrue();
  }

  @Test
  void aNonPositiveRequestIsSignalledAsAnErrorAndCancelsTheCall() {
    ScriptedStream hanging = new ScriptedStream("a", List.of("Hel"), null, true);
    SelfHealingEngine engine = engine(hanging);
    Recorder recorder = new Recorder();

    engine.publisher(ChatRequest.of("q")).subscribe(recorder);
    clock.runUntilIdle(Duration.ofSeconds(1));
    recorder.subscription.request(0);

    assertThat(recorder.error)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request must be positive but was 0");
    assertThat(hanging.pending).singleElement().satisfies(f -> assertThat(f).isCancelled());
  }

  @Test
  void cancellingTheSubscriptionCancelsTheAttemptInFlightAndEndsTheSignals() {
    ScriptedStream hanging = new ScriptedStream("a", List.of("Hel", "lo"), null, true);
    SelfHealingEngine engine = engine(hanging);
    Recorder recorder = new Recorder();

    engine.publisher(ChatRequest.of("q")).subscribe(recorder);
    recorder.subscription.request(Long.MAX_VALUE);
    clock.runUntilIdle(Duration.ofSeconds(1));
    assertThat(recorder.text()).isEqualTo("Hello");

    recorder.subscription.cancel();
    clock.runUntilIdle(Duration.ofMinutes(5));

    assertThat(hanging.pending).singleElement().satisfies(f -> assertThat(f).isCancelled());
    assertThat(recorder.events).hasSize(2); // no Failed after the subscriber's own cancel
    assertThat(recorder.completed).isFalse();
    assertThat(recorder.error).isNull();
  }

  @Test
  void eachSubscriptionStartsItsOwnCall() {
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();
    Provider counting =
        new ScriptedStream("a", List.of("ok"), null, false) {
          @Override
          public CompletableFuture<ChatResponse> stream(
              ChatRequest request, String model, Consumer<String> onDelta) {
            seen.add(request);
            return super.stream(request, model, onDelta);
          }
        };
    SelfHealingEngine engine = engine(counting);
    Flow.Publisher<StreamEvent> publisher = engine.publisher(ChatRequest.of("q"));

    Recorder first = new Recorder();
    Recorder second = new Recorder();
    publisher.subscribe(first);
    publisher.subscribe(second);
    first.subscription.request(Long.MAX_VALUE);
    second.subscription.request(Long.MAX_VALUE);
    clock.runUntilIdle(Duration.ofSeconds(1));

    assertThat(seen).hasSize(2);
    assertThat(first.completed).isTrue();
    assertThat(second.completed).isTrue();
  }

  @Test
  void subscribingToAClosedEngineSignalsAnError() {
    SelfHealingEngine engine = engine(new ScriptedStream("a", List.of("ok"), null, false));
    engine.close();
    Recorder recorder = new Recorder();

    engine.publisher(ChatRequest.of("q")).subscribe(recorder);

    assertThat(recorder.error).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theIteratorTellsOfTheContinuationAndEndsWithTheWholeAnswer() {
    Failure overloaded =
        Failure.builder(ErrorKind.OVERLOADED).status(529).message("Overloaded").build();
    SelfHealingEngine engine =
        engine(
            new ScriptedStream("a", List.of("Refund", " approved"), overloaded, false),
            new ScriptedStream("b", List.of(" on", " Monday."), null, false));

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream =
        engine.streamEvents(ChatRequest.of("q"), FAILOVER, OnStreamBreak.CONTINUE)) {
      clock.runUntilIdle(Duration.ofMinutes(5));
      stream.forEachRemaining(events::add);
    }

    assertThat(events).hasSize(6);
    assertThat(events.subList(0, 2))
        .containsExactly(
            new StreamEvent.TextDelta("Refund"), new StreamEvent.TextDelta(" approved"));
    assertThat(events.get(2))
        .isInstanceOfSatisfying(
            StreamEvent.Continued.class,
            continued -> {
              assertThat(continued.attempt()).isEqualTo(2);
              assertThat(continued.deployment().provider()).isEqualTo("b");
              assertThat(continued.charactersKept()).isEqualTo("Refund approved".length());
            });
    assertThat(events.subList(3, 5))
        .containsExactly(new StreamEvent.TextDelta(" on"), new StreamEvent.TextDelta(" Monday."));
    StreamEvent.Completed done = (StreamEvent.Completed) events.get(5);
    assertThat(done.answer().text()).isEqualTo("Refund approved on Monday.");
    assertThat(done.trace().attempts()).hasSize(2);
  }

  @Test
  void aCallerWhoAsksForARestartGetsAResetThenTheNewAnswerFromItsStart() {
    Failure overloaded =
        Failure.builder(ErrorKind.OVERLOADED).status(529).message("Overloaded").build();
    List<ChatRequest> sentToB = new CopyOnWriteArrayList<>();
    Provider b =
        new ScriptedStream("b", List.of("Refunds", " take", " a week."), null, false) {
          @Override
          public CompletableFuture<ChatResponse> stream(
              ChatRequest request, String model, Consumer<String> onDelta) {
            sentToB.add(request);
            return super.stream(request, model, onDelta);
          }
        };
    SelfHealingEngine engine =
        engine(new ScriptedStream("a", List.of("Refund", " approved"), overloaded, false), b);

    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream stream =
        engine.streamEvents(ChatRequest.of("q"), FAILOVER, OnStreamBreak.RESTART)) {
      clock.runUntilIdle(Duration.ofMinutes(5));
      stream.forEachRemaining(events::add);
    }

    assertThat(events.get(2))
        .isInstanceOfSatisfying(
            StreamEvent.Reset.class,
            reset -> {
              assertThat(reset.attempt()).isEqualTo(2);
              assertThat(reset.charactersDiscarded()).isEqualTo("Refund approved".length());
            });
    assertThat(events.subList(3, 6))
        .containsExactly(
            new StreamEvent.TextDelta("Refunds"),
            new StreamEvent.TextDelta(" take"),
            new StreamEvent.TextDelta(" a week."));
    assertThat(events.get(6))
        .isInstanceOfSatisfying(
            StreamEvent.Completed.class,
            done -> {
              assertThat(done.answer().text()).isEqualTo("Refunds take a week.");
              assertThat(done.trace().notes())
                  .contains("attempt 2 restarts the broken stream (the caller discards its text)");
            });
    // The restart is sent the request as asked: no partial answer, no continue turn.
    assertThat(sentToB).singleElement().isEqualTo(ChatRequest.of("q"));
  }

  @Test
  void closingTheIteratorCancelsTheAttemptInFlight() {
    ScriptedStream hanging = new ScriptedStream("a", List.of("Hel"), null, true);
    SelfHealingEngine engine = engine(hanging);

    ChatStream stream = engine.streamEvents(ChatRequest.of("q"));
    clock.runUntilIdle(Duration.ofSeconds(1));
    assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
    stream.close();
    clock.runUntilIdle(Duration.ofSeconds(1));

    assertThat(hanging.pending).singleElement().satisfies(f -> assertThat(f).isCancelled());
    assertThat(stream.next())
        .isInstanceOfSatisfying(
            StreamEvent.Failed.class,
            failed -> assertThat(failed.error()).isInstanceOf(CallCancelledException.class));
    assertThat(stream.hasNext()).isFalse();
  }
}
