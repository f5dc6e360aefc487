package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.CallOptions;
import dev.lifeline.ChatStream;
import dev.lifeline.OnStreamBreak;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.StreamEvent;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Tool;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
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
    return SelfHealingEngine.builder()
        .provider(
            ProviderLadder.of(Adapters.adapterFor(primary, "key-primary-1111"))
                .models(Adapters.model(format)))
        .provider(
            ProviderLadder.of(Adapters.adapterFor(backup, "key-backup-2222"))
                .models(Adapters.model(format)))
        .build();
  }
}
