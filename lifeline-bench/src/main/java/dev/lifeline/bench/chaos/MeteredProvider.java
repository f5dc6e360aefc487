package dev.lifeline.bench.chaos;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real adapter with every call recorded in the run's {@link CallLedger}, judged from what came
 * back over the wire: an error (a timeout counts as a hang), or a 200 that is a refusal, empty, or
 * a correct answer. Answers get a ledger id so the metrics know which call produced the returned
 * one.
 */
final class MeteredProvider implements Provider {

  private final Provider inner;
  private final Map<String, Integer> indexByModel;
  private final Scenario scenario;
  private final RequestStream stream;
  private final CallLedger ledger;
  private final ScaledTime time;

  MeteredProvider(
      Provider inner,
      Map<String, Integer> indexByModel,
      Scenario scenario,
      RequestStream stream,
      CallLedger ledger,
      ScaledTime time) {
    this.inner = inner;
    this.indexByModel = Map.copyOf(indexByModel);
    this.scenario = scenario;
    this.stream = stream;
    this.ledger = ledger;
    this.time = time;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    SimRequest sim = stream.find(request);
    int d = indexByModel.get(model);
    long start = time.nanos();
    ledger.begin(sim.index(), d);
    String id = ledger.newResponseId();
    CompletableFuture<ChatResponse> sent = inner.send(request, model);
    CompletableFuture<ChatResponse> metered =
        sent.handle(
            (answer, error) -> {
              if (error != null) {
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                boolean abandoned = cause instanceof CancellationException;
                boolean timeout =
                    cause instanceof ProviderException p && p.failure().kind() == ErrorKind.TIMEOUT;
                ledger.record(
                    sim.index(),
                    new CallLedger.Call(
                        d,
                        start,
                        timeout ? CallOutcome.Kind.HANG : CallOutcome.Kind.ERROR,
                        abandoned,
                        0,
                        null));
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
              }
              CallOutcome.Kind kind = judge(answer);
              DeploymentSpec spec = scenario.deployments().get(d);
              double cost = spec.cost(sim.promptTokens(), answer.usage().completionTokens());
              ledger.record(sim.index(), new CallLedger.Call(d, start, kind, false, cost, id));
              return answer.toBuilder().requestId(id).build();
            });
    metered.whenComplete(
        (answer, error) -> {
          if (metered.isCancelled()) {
            sent.cancel(true);
          }
        });
    return metered;
  }

  /**
   * What the fake servers answer: a refusal field or stop reason, an empty text, or the scripted
   * answer.
   */
  private static CallOutcome.Kind judge(ChatResponse answer) {
    if ((answer.refusal() != null && !answer.refusal().isBlank())
        || answer.finishReason() == FinishReason.REFUSAL) {
      return CallOutcome.Kind.REFUSAL;
    }
    if (answer.text().isBlank() && answer.toolCalls().isEmpty()) {
      return CallOutcome.Kind.EMPTY;
    }
    return CallOutcome.Kind.ANSWER;
  }

  @Override
  public List<ApiKey> credentials() {
    return inner.credentials();
  }

  @Override
  public ErrorClassifier classifier() {
    return inner.classifier();
  }
}
