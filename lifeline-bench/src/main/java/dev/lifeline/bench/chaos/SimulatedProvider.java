package dev.lifeline.bench.chaos;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Message;
import dev.lifeline.model.Role;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.Provider;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A provider in virtual time: each call's fate comes from the {@link FaultTimeline} at the instant
 * it is sent, and its future completes from a task on the {@link VirtualClock} after the drawn
 * latency, on the clock's thread, so that everything chained on it runs there too. Every call ends
 * in the run's {@link CallLedger}, including those the caller abandons (never billed).
 */
final class SimulatedProvider implements Provider {

  static final String REFUSAL_TEXT = "I'm sorry, but I can't help with that request.";

  private final String name;
  private final Map<String, Integer> indexByModel;
  private final FaultTimeline timeline;
  private final VirtualClock clock;
  private final RequestStream stream;
  private final CallLedger ledger;
  private final ProviderQuota quota;
  private final PromptCache cache; // null when the scenario has no conversations
  private final long seed;

  SimulatedProvider(
      String name,
      Map<String, Integer> indexByModel,
      FaultTimeline timeline,
      VirtualClock clock,
      RequestStream stream,
      CallLedger ledger,
      ProviderQuota quota,
      PromptCache cache,
      long seed) {
    this.name = name;
    this.indexByModel = Map.copyOf(indexByModel);
    this.timeline = timeline;
    this.clock = clock;
    this.stream = stream;
    this.ledger = ledger;
    this.quota = quota;
    this.cache = cache;
    this.seed = seed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    SimRequest sim = stream.find(request);
    Integer d = indexByModel.get(model);
    if (sim == null || d == null) {
      return CompletableFuture.failedFuture(
          new ProviderException(
              Failure.of(
                  sim == null ? ErrorKind.BAD_REQUEST : ErrorKind.MODEL_NOT_FOUND,
                  "not part of the scenario")));
    }
    long now = clock.nanos();
    int ordinal = ledger.begin(sim.index(), d);
    CallOutcome drawn =
        withinQuota(
            d,
            now,
            timeline.outcome(d, now, sim, FaultTimeline.callRandom(seed, sim.index(), d, ordinal)));
    String id = ledger.newResponseId();
    CallOutcome outcome = cache == null ? drawn : throughCache(d, now, sim, drawn, id);
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    future.whenComplete(
        (answer, error) -> {
          boolean abandoned = error instanceof CancellationException;
          ledger.record(
              sim.index(),
              new CallLedger.Call(
                  d, now, outcome.kind(), abandoned, abandoned ? 0 : outcome.cost(), id));
        });
    clock.schedule(
        () -> finish(future, outcome, sim, model, id), Duration.ofNanos(outcome.latencyNanos()));
    return future;
  }

  /**
   * Streams in virtual time: the answer's chunks arrive one by one, the first after the
   * deployment's time to first token (or the whole latency, if shorter), the others evenly until
   * the drawn latency; a broken stream delivers its chunks, then fails where the next would have
   * come (a stall: after the scenario's timeout, the client's idle timeout). A continuation of a
   * broken stream (its conversation ends with the partial answer) is answered as {@link
   * SimulatedAnswer#continuation} says. Each chunk is one task on the clock, scheduled by the one
   * before it.
   */
  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    SimRequest sim = stream.findOrContinued(request);
    Integer d = indexByModel.get(model);
    if (sim == null || d == null || !sim.stream()) {
      return Provider.super.stream(request, model, onDelta);
    }
    long now = clock.nanos();
    int ordinal = ledger.begin(sim.index(), d);
    CallOutcome outcome =
        withinQuota(
            d,
            now,
            timeline.outcome(d, now, sim, FaultTimeline.callRandom(seed, sim.index(), d, ordinal)));
    String id = ledger.newResponseId();
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    future.whenComplete(
        (answer, error) -> {
          boolean abandoned = error instanceof CancellationException;
          ledger.record(
              sim.index(),
              new CallLedger.Call(
                  d, now, outcome.kind(), abandoned, abandoned ? 0 : outcome.cost(), id));
        });
    if (!outcome.answered() && outcome.kind() != CallOutcome.Kind.STREAM_BROKEN) {
      clock.schedule(
          () -> finish(future, outcome, sim, model, id), Duration.ofNanos(outcome.latencyNanos()));
      return future;
    }
    String text = streamedText(request, sim, outcome, d, ordinal);
    List<String> chunks = SimulatedAnswer.chunks(text);
    int delivered =
        outcome.kind() == CallOutcome.Kind.STREAM_BROKEN
            ? Math.max(1, Math.min(outcome.breakAfter(), chunks.size() - 1))
            : chunks.size();
    long first = timeline.scenario().deployments().get(d).firstChunkNanos(outcome.latencyNanos());
    long step = chunks.size() > 1 ? (outcome.latencyNanos() - first) / (chunks.size() - 1) : 0;
    Chunks streaming =
        new Chunks(future, onDelta, chunks, delivered, step, outcome, sim, model, id, text);
    clock.schedule(() -> streaming.next(0), Duration.ofNanos(first));
    return future;
  }

  /** What a streamed call says: the answer, its continuation, or a silent failure's text. */
  private String streamedText(
      ChatRequest request, SimRequest sim, CallOutcome outcome, int d, int ordinal) {
    String answer = textOf(outcome, sim);
    if (request == sim.chat() || outcome.kind() == CallOutcome.Kind.REFUSAL) {
      return answer;
    }
    String partial = "";
    for (Message message : request.messages()) {
      if (message.role() == Role.ASSISTANT) {
        partial = message.content();
      }
    }
    long callSeed = FaultTimeline.callSeed(seed, sim.index(), d, ordinal);
    return SimulatedAnswer.continuation(answer, partial, new SplittableRandom(~callSeed));
  }

  /** One streamed call's chunks, each delivered by a task that schedules the next. */
  private final class Chunks {
    private final CompletableFuture<ChatResponse> future;
    private final Consumer<String> onDelta;
    private final List<String> chunks;
    private final int delivered;
    private final long step;
    private final CallOutcome outcome;
    private final SimRequest sim;
    private final String model;
    private final String id;
    private final String text;

    Chunks(
        CompletableFuture<ChatResponse> future,
        Consumer<String> onDelta,
        List<String> chunks,
        int delivered,
        long step,
        CallOutcome outcome,
        SimRequest sim,
        String model,
        String id,
        String text) {
      this.future = future;
      this.onDelta = onDelta;
      this.chunks = chunks;
      this.delivered = delivered;
      this.step = step;
      this.outcome = outcome;
      this.sim = sim;
      this.model = model;
      this.id = id;
      this.text = text;
    }

    void next(int i) {
      if (future.isDone()) {
        return; // cancelled: nothing more arrives
      }
      if (i == delivered) {
        if (outcome.kind() == CallOutcome.Kind.STREAM_BROKEN) {
          future.completeExceptionally(new ProviderException(outcome.failure()));
        } else {
          future.complete(response(text, outcome, sim, model, id));
        }
        return;
      }
      onDelta.accept(chunks.get(i));
      long wait =
          i + 1 == delivered
                  && outcome.kind() == CallOutcome.Kind.STREAM_BROKEN
                  && outcome.failure().kind() == ErrorKind.TIMEOUT
              ? timeline.scenario().timeout().toNanos()
              : i + 1 == delivered && outcome.kind() != CallOutcome.Kind.STREAM_BROKEN ? 0 : step;
      clock.schedule(() -> next(i + 1), Duration.ofNanos(wait));
    }
  }

  /** {@code drawn} as the deployment's prompt cache changes it, a hit noted in the ledger. */
  private CallOutcome throughCache(int d, long now, SimRequest sim, CallOutcome drawn, String id) {
    PromptCache.Served served = cache.serve(d, now, sim, drawn);
    if (served.hit()) {
      ledger.servedFromCache(id);
    }
    return served.outcome();
  }

  /** {@code drawn}, or the provider's 429 when the deployment's own quota is spent. */
  private CallOutcome withinQuota(int d, long now, CallOutcome drawn) {
    if (drawn.kind() == CallOutcome.Kind.ERROR) {
      return drawn; // refused already: not counted against the quota
    }
    Failure limited = quota.take(d, now);
    return limited == null
        ? drawn
        : new CallOutcome(
            CallOutcome.Kind.ERROR,
            timeline.scenario().deployments().get(d).ttft().toNanos(),
            limited,
            0);
  }

  private void finish(
      CompletableFuture<ChatResponse> future,
      CallOutcome outcome,
      SimRequest sim,
      String model,
      String id) {
    if (future.isDone()) {
      return;
    }
    if (!outcome.answered()) {
      future.completeExceptionally(new ProviderException(outcome.failure()));
      return;
    }
    future.complete(response(textOf(outcome, sim), outcome, sim, model, id));
  }

  /** The text of an answer: a streamed request's is its {@link SimulatedAnswer}. */
  private static String textOf(CallOutcome outcome, SimRequest sim) {
    return switch (outcome.kind()) {
      case REFUSAL -> REFUSAL_TEXT;
      case EMPTY -> "";
      case BAD_JSON -> "{\"answer\": \"The refund of order " + sim.index();
      default ->
          sim.json()
              ? "{\"answer\": \"Refund approved for request " + sim.index() + "\"}"
              : sim.stream()
                  ? SimulatedAnswer.text(sim)
                  : "Refund approved: full amount, order " + sim.index() + ".";
    };
  }

  private ChatResponse response(
      String text, CallOutcome outcome, SimRequest sim, String model, String id) {
    return ChatResponse.builder()
        .text(text)
        .finishReason(FinishReason.STOP)
        .usage(
            new Usage(
                sim.promptTokens(),
                outcome.kind() == CallOutcome.Kind.ANSWER ? sim.outputTokens() : 12))
        .requestId(id)
        .provider(name)
        .model(model)
        .build();
  }
}
