package dev.lifeline.bench.chaos;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.Provider;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

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
    String text =
        switch (outcome.kind()) {
          case REFUSAL -> REFUSAL_TEXT;
          case EMPTY -> "";
          case BAD_JSON -> "{\"answer\": \"The refund of order " + sim.index();
          default ->
              sim.json()
                  ? "{\"answer\": \"Refund approved for request " + sim.index() + "\"}"
                  : "Refund approved: full amount, order " + sim.index() + ".";
        };
    future.complete(
        ChatResponse.builder()
            .text(text)
            .finishReason(FinishReason.STOP)
            .usage(
                new Usage(
                    sim.promptTokens(),
                    outcome.kind() == CallOutcome.Kind.ANSWER ? sim.outputTokens() : 12))
            .requestId(id)
            .provider(name)
            .model(model)
            .build());
  }
}
