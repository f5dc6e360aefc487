package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.Provider;
import dev.lifeline.time.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The simulated provider's streaming face, in virtual time. */
class SimulatedStreamTest {

  private static Scenario scenario(String fault) {
    String yaml =
        """
        name: one
        description: one deployment
        duration: 1h
        timeout: 20s
        deployments:
          - { provider: p, model: m, p50: 2s, p99: 2.2s, ttft: 100ms, contextWindow: 128000 }
        workload: { streamShare: 1, jsonShare: 0 }
        faults: [%s]
        """
            .formatted(fault);
    return ScenarioReader.read(yaml.getBytes(StandardCharsets.UTF_8), "test", true);
  }

  private record Delta(long nanos, String text) {}

  private static final class Run {
    final VirtualClock clock = new VirtualClock();
    final RequestStream stream;
    final CallLedger ledger;
    final Provider provider;
    final List<Delta> deltas = new ArrayList<>();
    long endNanos = -1;

    Run(Scenario scenario) {
      stream = RequestStream.generate(scenario, 1, 3);
      ledger = new CallLedger(1, 1);
      provider =
          new VirtualFleet(new FaultTimeline(scenario), clock, stream, ledger, 3)
              .ladders()
              .get(0)
              .provider();
    }

    SimRequest request() {
      return stream.requests().get(0);
    }

    CompletableFuture<ChatResponse> stream(ChatRequest chat) {
      CompletableFuture<ChatResponse> call =
          provider.stream(chat, "m", text -> deltas.add(new Delta(clock.nanos(), text)));
      call.whenComplete((answer, error) -> endNanos = clock.nanos());
      clock.advance(Duration.ofMinutes(5));
      return call;
    }

    String shown() {
      return String.join("", deltas.stream().map(Delta::text).toList());
    }
  }

  @Test
  void anUnbrokenStreamDeliversTheAnswerInChunksFromTheTimeToFirstToken() throws Exception {
    Run run = new Run(scenario(""));
    ChatResponse answer = run.stream(run.request().chat()).get();

    String expected = SimulatedAnswer.text(run.request());
    assertThat(answer.text()).isEqualTo(expected);
    assertThat(run.shown()).isEqualTo(expected);
    assertThat(run.deltas.size()).isBetween(8, SimulatedAnswer.CHUNKS);
    assertThat(run.deltas.get(0).nanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    for (int i = 1; i < run.deltas.size(); i++) {
      assertThat(run.deltas.get(i).nanos()).isGreaterThan(run.deltas.get(i - 1).nanos());
    }
  }

  @Test
  void aStallFailsWithATimeoutOneIdleTimeoutAfterTheLastChunk() {
    Run run =
        new Run(scenario("{ type: stream-cut, target: p, rate: 1, break: stall, afterDeltas: 3 }"));
    CompletableFuture<ChatResponse> call = run.stream(run.request().chat());

    assertThat(run.deltas).hasSize(3);
    assertThat(SimulatedAnswer.text(run.request())).startsWith(run.shown());
    Throwable failure = failure(call);
    assertThat(failure).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) failure).failure().kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(run.endNanos - run.deltas.get(2).nanos())
        .isEqualTo(Duration.ofSeconds(20).toNanos());
    assertThat(run.ledger.calls(0))
        .singleElement()
        .satisfies(c -> assertThat(c.correct()).isFalse());
  }

  @Test
  void eachKindOfBreakFailsAsTheClientWouldClassifyIt() {
    record Case(String kind, ErrorKind expected, int deltas) {}
    for (Case c :
        List.of(
            new Case("error-event", ErrorKind.OVERLOADED, 4),
            new Case("cut", ErrorKind.INVALID_RESPONSE, 4),
            new Case("server-error", ErrorKind.SERVER_ERROR, 1))) {
      String after = c.kind().equals("server-error") ? "" : ", afterDeltas: 4";
      Run run =
          new Run(
              scenario(
                  "{ type: stream-cut, target: p, rate: 1, break: " + c.kind() + after + " }"));
      Throwable failure = failure(run.stream(run.request().chat()));
      assertThat(run.deltas).as(c.kind()).hasSize(c.deltas());
      assertThat(((ProviderException) failure).failure().kind())
          .as(c.kind())
          .isEqualTo(c.expected());
    }
  }

  @Test
  void aContinuationGoesOnFromThePartialAnswerOrStartsAgain() throws Exception {
    Run run = new Run(scenario(""));
    String expected = SimulatedAnswer.text(run.request());
    List<String> chunks = SimulatedAnswer.chunks(expected);
    String partial = chunks.get(0) + chunks.get(1) + chunks.get(2);
    ChatRequest continuation =
        run.request().chat().toBuilder().assistant(partial).user("Continue exactly.").build();

    String text = run.stream(continuation).get().text();

    // Exactly the rest, or the rest from the sentence it stopped in, or the whole answer.
    assertThat(expected).endsWith(text);
    assertThat(expected.length() - text.length()).isLessThanOrEqualTo(partial.length());
  }

  @Test
  void continuationsAreMostlyExactAndSometimesRestartTheSentenceOrTheAnswer() {
    String answer = "Refund approved for order 7. Your refund was reviewed. Funds arrive soon.";
    String partial = "Refund approved for order 7. Your refund ";
    int exact = 0;
    int sentence = 0;
    int whole = 0;
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1_000; i++) {
      String text = SimulatedAnswer.continuation(answer, partial, random);
      if (text.equals(answer)) {
        whole++;
      } else if (text.equals(answer.substring(partial.length()))) {
        exact++;
      } else {
        assertThat(text).isEqualTo("Your refund was reviewed. Funds arrive soon.");
        sentence++;
      }
    }
    assertThat(exact).isBetween(550, 650);
    assertThat(sentence).isBetween(200, 300);
    assertThat(whole).isBetween(100, 200);
  }

  private static Throwable failure(CompletableFuture<ChatResponse> call) {
    assertThat(call).isCompletedExceptionally();
    try {
      call.get();
      throw new AssertionError("completed");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
