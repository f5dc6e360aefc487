package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Tool;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.testkit.WireFormat;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-process provider: each fault ends as it does over HTTP through the real adapter, on the
 * injected clock, without a server.
 */
class ScriptedProviderTest {

  private final VirtualClock clock = new VirtualClock();

  private ScriptedProvider provider(WireFormat format) {
    return ScriptedProvider.builder(format.name().toLowerCase())
        .wireFormat(format)
        .clock(clock)
        .build();
  }

  /** The failure {@code call} ended with; it must have ended. */
  private static Failure failureOf(CompletableFuture<ChatResponse> call) {
    assertThat(call).as("the call ended").isDone();
    Throwable error = catchThrowable(call::join);
    assertThat(error).as("expected a failure").isNotNull();
    assertThat(error.getCause()).isInstanceOf(ProviderException.class);
    return ((ProviderException) error.getCause()).failure();
  }

  /** The faults of the adapters-over-HTTP table that end by themselves (no timeouts here). */
  static Stream<Arguments> faultsThatEnd() {
    return AdaptersOverFleetTest.faults()
        .filter(
            arguments -> {
              String name = (String) arguments.get()[1];
              return !name.equals("hang") && !name.equals("stallStream");
            });
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("faultsThatEnd")
  void everyFaultEndsAsItDoesOverHttpThroughTheRealAdapter(
      WireFormat format, String name, Fault fault, ErrorKind expected, boolean stream) {
    ScriptedProvider scripted = provider(format);
    scripted.always(fault);
    String model = Adapters.model(format);

    CompletableFuture<ChatResponse> call =
        stream
            ? scripted.stream(ChatRequest.of("hello"), model, delta -> {})
            : scripted.send(ChatRequest.of("hello"), model);

    Failure failure = failureOf(call);
    assertThat(failure.kind()).as("%s %s: %s", format, name, failure).isEqualTo(expected);
    if (expected == ErrorKind.RATE_LIMITED) {
      assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void answersAndStreamsTheDefaultAnswer(WireFormat format) {
    ScriptedProvider scripted = provider(format);
    List<String> deltas = new CopyOnWriteArrayList<>();

    ChatResponse answer = scripted.send(ChatRequest.of("Process this refund"), "m").join();
    ChatResponse streamed =
        scripted.stream(ChatRequest.of("Stream this refund"), "m", deltas::add).join();

    assertThat(answer.text()).isEqualTo("Answer to: Process this refund");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.provider()).isEqualTo(scripted.name());
    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(String.join("", deltas)).isEqualTo(streamed.text());
    assertThat(scripted.calls())
        .extracting(ScriptedProvider.Call::stream)
        .containsExactly(false, true);
  }

  @Test
  void aLatencyAndASlowStreamWaitOnTheClock() {
    ScriptedProvider scripted = provider(WireFormat.OPENAI);
    scripted.enqueue(
        Fault.latency(Duration.ofSeconds(20)), Fault.slowStream(Duration.ofSeconds(1)));

    CompletableFuture<ChatResponse> slow = scripted.send(ChatRequest.of("q"), "m");
    clock.advance(Duration.ofSeconds(19));
    assertThat(slow).isNotDone();
    clock.advance(Duration.ofSeconds(1));
    assertThat(slow.join().text()).isEqualTo("Answer to: q");

    List<String> deltas = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> streaming =
        scripted.stream(ChatRequest.of("one two three"), "m", deltas::add);
    clock.advance(Duration.ofSeconds(2));
    assertThat(deltas).containsExactly("Answer", " to:");
    clock.runUntilIdle(Duration.ofMinutes(1));
    assertThat(streaming.join().text()).isEqualTo("Answer to: one two three");
  }

  @Test
  void aHangNeverEndsUntilReset() {
    ScriptedProvider scripted = provider(WireFormat.ANTHROPIC);
    scripted.always(Fault.hang());

    CompletableFuture<ChatResponse> call = scripted.send(ChatRequest.of("q"), "m");
    clock.advance(Duration.ofHours(1));
    assertThat(call).isNotDone();
    scripted.reset();

    assertThat(failureOf(call).kind()).isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void aToolCallOnlyWhenTheRequestOffersTheTool() {
    ScriptedProvider scripted = provider(WireFormat.GEMINI);
    scripted.script().toolCall("lookup_order", "{\"order_id\":\"A-17\"}");
    Tool lookup = new Tool("lookup_order", "Finds an order", "{\"type\":\"object\"}");
    Tool weather = new Tool("get_weather", "Weather", "{\"type\":\"object\"}");

    ChatResponse offered =
        scripted.send(ChatRequest.builder().user("A-17?").tool(lookup).build(), "m").join();
    ChatResponse other =
        scripted.send(ChatRequest.builder().user("A-17?").tool(weather).build(), "m").join();
    ChatResponse none = scripted.send(ChatRequest.of("A-17?"), "m").join();

    assertThat(offered.toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.name()).isEqualTo("lookup_order");
              assertThat(call.argumentsJson()).isEqualTo("{\"order_id\":\"A-17\"}");
            });
    assertThat(offered.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(other.toolCalls()).isEmpty();
    assertThat(none.text()).isEqualTo("Answer to: A-17?");
  }

  @Test
  void anEngineWaitsOutItsRetryAfterOnTheEnginesClock() throws Exception {
    // No clock given: the provider adopts the engine's when the engine binds it.
    ScriptedProvider alpha = ScriptedProvider.named("alpha");
    alpha.enqueue(Fault.rateLimited(Duration.ofSeconds(30)));
    SelfHealingEngine engine =
        SelfHealingEngine.builder().provider(alpha, "a").ticker(clock).scheduler(clock).build();

    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("q"));
    assertThat(call).isNotDone();
    assertThat(clock.nextDue()).contains(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));

    assertThat(call.get(5, TimeUnit.SECONDS).text()).isEqualTo("Answer to: q");
    assertThat(alpha.calls())
        .extracting(ScriptedProvider.Call::at)
        .containsExactly(clock.now().minusSeconds(30), clock.now());
  }

  @Test
  void aPromptOverTheContextWindowIsRefusedBeforeTheScriptPlays() {
    ScriptedProvider small =
        ScriptedProvider.builder("small")
            .wireFormat(WireFormat.ANTHROPIC)
            .contextWindow(1_000)
            .clock(clock)
            .build();
    small.enqueue(Fault.overloaded());

    Failure tooLong = failureOf(small.send(ChatRequest.of("clause ".repeat(2_000)), "m"));
    Failure queued = failureOf(small.send(ChatRequest.of("short"), "m"));

    assertThat(tooLong.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(tooLong.message()).contains("prompt is too long");
    assertThat(queued.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(small.callCount()).isEqualTo(2);
  }
}
