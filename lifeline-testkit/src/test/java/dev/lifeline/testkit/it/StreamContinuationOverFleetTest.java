package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.CallOptions;
import dev.lifeline.ChatStream;
import dev.lifeline.OnStreamBreak;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.StreamEvent;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Tool;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mid-stream continuation over real HTTP, on each wire format: a primary whose stream breaks after
 * N answer chunks, at every N, and a backup of the same format that continues the answer it is
 * sent. The caller's deltas must make the whole answer exactly once.
 */
class StreamContinuationOverFleetTest {

  private static final String ANSWER =
      "The refund for order 1042 was approved on Monday and will reach your card within five"
          + " working days.";
  private static final int CHUNKS = ANSWER.split(" ").length;
  private static final CallOptions FAILOVER =
      CallOptions.defaults().withStrategy(FallbackStrategy.FAILOVER_ONLY);

  static Stream<Arguments> breaks() {
    List<Arguments> cases = new ArrayList<>();
    for (WireFormat format : WireFormat.values()) {
      cases.add(
          Arguments.of(format, "cut without terminator", (IntFunction<Fault>) Fault::cutStream));
      cases.add(Arguments.of(format, "error event", (IntFunction<Fault>) Fault::midStreamError));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("breaks")
  void aStreamBrokenAfterEveryNChunksContinuesOnTheBackupWithoutARepeatedSpan(
      WireFormat format, String kind, IntFunction<Fault> breakAfter) {
    try (FakeLlmServer primary = FakeLlmServer.builder(format).name("primary").build().start();
        FakeLlmServer backup = FakeLlmServer.builder(format).name("backup").build().start()) {
      primary.script().answerText(ANSWER);
      backup.script().answerText(ANSWER);
      for (int n = 1; n < CHUNKS; n++) {
        // A fresh engine each time: one that learned from the breaks would skip the primary.
        try (SelfHealingEngine engine = engine(format, primary, backup)) {
          primary.enqueue(breakAfter.apply(n));
          StringBuilder seen = new StringBuilder();
          ChatResponse answer =
              engine.stream(ChatRequest.of("Where is my refund?"), FAILOVER, seen::append).join();

          String delivered = ANSWER.substring(0, prefixLength(n));
          assertThat(seen.toString()).as("n=%d", n).isEqualTo(ANSWER);
          assertThat(answer.text()).as("n=%d", n).isEqualTo(ANSWER);
          assertThat(answer.provider()).isEqualTo("backup");
          assertThat(answer.trace().notes())
              .as("n=%d", n)
              .anyMatch(
                  note ->
                      note.contains(
                          "attempt 2 continues the broken stream after "
                              + delivered.length()
                              + " characters"));
          assertThat(answer.trace().attempts().get(0).reason())
              .contains("the stream broke after text reached the caller");
          // The backup was sent the partial answer: a prefill on Anthropic, else a continue turn.
          String sent = backup.requests().get(backup.requests().size() - 1).body();
          assertThat(sent).contains(delivered.stripTrailing());
          if (format == WireFormat.ANTHROPIC) {
            assertThat(sent).doesNotContain("Continue exactly");
          } else {
            assertThat(sent).contains("Continue exactly");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aToolCallCutMidArgumentsIsDeliveredOnceWhole(WireFormat format) {
    String arguments = "{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":3}";
    try (FakeLlmServer primary = FakeLlmServer.builder(format).name("primary").build().start();
        FakeLlmServer backup = FakeLlmServer.builder(format).name("backup").build().start()) {
      primary.script().toolCall("get_weather", arguments);
      backup.script().toolCall("get_weather", arguments);
      primary.enqueue(Fault.cutStream(2)); // 24 of the arguments' characters, then the cut
      ChatRequest request =
          ChatRequest.builder()
              .user("Weather in Paris?")
              .tool(
                  new Tool(
                      "get_weather",
                      "The forecast",
                      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
              .build();
      try (SelfHealingEngine engine = engine(format, primary, backup);
          ChatStream events = engine.streamEvents(request, FAILOVER, OnStreamBreak.CONTINUE)) {
        List<StreamEvent> seen = new ArrayList<>();
        events.forEachRemaining(seen::add);

        assertThat(seen).noneMatch(StreamEvent.TextDelta.class::isInstance);
        assertThat(seen)
            .filteredOn(StreamEvent.ToolCallReady.class::isInstance)
            .singleElement()
            .satisfies(
                event -> {
                  StreamEvent.ToolCallReady ready = (StreamEvent.ToolCallReady) event;
                  assertThat(ready.call().name()).isEqualTo("get_weather");
                  assertThat(ready.call().argumentsJson()).isEqualTo(arguments);
                });
        assertThat(seen.get(seen.size() - 1))
            .isInstanceOfSatisfying(
                StreamEvent.Completed.class,
                done -> {
                  assertThat(done.answer().toolCalls()).hasSize(1);
                  assertThat(done.answer().provider()).isEqualTo("backup");
                  assertThat(done.trace().attempts()).hasSize(2);
                });
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aStreamThatGoesSilentAfterItsFirstChunkContinuesAtTheIdleTimeout(WireFormat format) {
    Timeouts quickIdle = Adapters.SHORT.withIdle(Duration.ofMillis(800));
    try (FakeLlmServer primary = FakeLlmServer.builder(format).name("primary").build().start();
        FakeLlmServer backup = FakeLlmServer.builder(format).name("backup").build().start()) {
      primary.script().answerText(ANSWER);
      backup.script().answerText(ANSWER);
      primary.enqueue(Fault.stallStream(1));
      try (SelfHealingEngine engine = engine(format, primary, backup, quickIdle)) {
        StringBuilder seen = new StringBuilder();
        ChatResponse answer =
            engine.stream(ChatRequest.of("Where is my refund?"), FAILOVER, seen::append).join();

        assertThat(seen).hasToString(ANSWER);
        assertThat(answer.text()).isEqualTo(ANSWER);
        assertThat(answer.trace().attempts().get(0).failure().kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(answer.trace().notes())
            .anyMatch(note -> note.startsWith("attempt 2 continues the broken stream after 3"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aSubscriberAskingOneEventAtATimeSeesTheJoinAndTheAnswerOnce(WireFormat format) {
    try (FakeLlmServer primary = FakeLlmServer.builder(format).name("primary").build().start();
        FakeLlmServer backup = FakeLlmServer.builder(format).name("backup").build().start()) {
      primary.script().answerText(ANSWER);
      backup.script().answerText(ANSWER);
      primary.enqueue(Fault.midStreamError(1)); // the provider's 5xx, in the stream after 1 chunk
      try (SelfHealingEngine engine = engine(format, primary, backup, Adapters.SHORT)) {
        OneAtATime subscriber = new OneAtATime();
        engine
            .publisher(ChatRequest.of("Where is my refund?"), FAILOVER, OnStreamBreak.CONTINUE)
            .subscribe(subscriber);
        List<StreamEvent> events = subscriber.await();

        assertThat(subscriber.overrun).isFalse();
        assertThat(events.get(0)).isEqualTo(new StreamEvent.TextDelta("The"));
        assertThat(events.get(1))
            .isInstanceOfSatisfying(
                StreamEvent.Continued.class,
                continued -> {
                  assertThat(continued.deployment().provider()).isEqualTo("backup");
                  assertThat(continued.charactersKept()).isEqualTo(3);
                });
        String text =
            events.stream()
                .filter(StreamEvent.TextDelta.class::isInstance)
                .map(event -> ((StreamEvent.TextDelta) event).text())
                .collect(Collectors.joining());
        assertThat(text).isEqualTo(ANSWER);
        assertThat(events.get(events.size() - 1))
            .isInstanceOfSatisfying(
                StreamEvent.Completed.class,
                done -> assertThat(done.answer().text()).isEqualTo(ANSWER));
      }
    }
  }

  /** Requests one event at a time, after the last was handled, and waits for the end. */
  private static final class OneAtATime implements Flow.Subscriber<StreamEvent> {
    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<List<StreamEvent>> done = new CompletableFuture<>();
    private final AtomicInteger requested = new AtomicInteger();
    private volatile Flow.Subscription subscription;
    private volatile boolean overrun; // an event came that was not requested

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      requested.incrementAndGet();
      subscription.request(1);
    }

    @Override
    public void onNext(StreamEvent item) {
      events.add(item);
      if (events.size() > requested.get()) {
        overrun = true;
      }
      requested.incrementAndGet();
      subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      done.complete(events);
    }

    List<StreamEvent> await() {
      return done.orTimeout(20, TimeUnit.SECONDS).join();
    }
  }

  /** The characters in the first {@code n} chunks: the fakes split before each space. */
  private static int prefixLength(int n) {
    String[] words = ANSWER.split(" ");
    int length = 0;
    for (int i = 0; i < n; i++) {
      length += words[i].length() + (i == 0 ? 0 : 1);
    }
    return length;
  }

  private static SelfHealingEngine engine(
      WireFormat format, FakeLlmServer primary, FakeLlmServer backup) {
    return engine(format, primary, backup, Adapters.SHORT);
  }

  private static SelfHealingEngine engine(
      WireFormat format, FakeLlmServer primary, FakeLlmServer backup, Timeouts timeouts) {
    return SelfHealingEngine.builder()
        .provider(
            ProviderLadder.of(Adapters.adapterFor(primary, "key-primary-1111", timeouts))
                .models(Adapters.model(format)))
        .provider(
            ProviderLadder.of(Adapters.adapterFor(backup, "key-backup-2222", timeouts))
                .models(Adapters.model(format)))
        .build();
  }
}
