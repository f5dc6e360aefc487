package dev.lifeline.cli;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.failure.RawResponse;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderException;
import dev.lifeline.provider.ProviderType;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A provider simulated in process on virtual time, for the offline demo: it answers, or fails with the
 * HTTP answers real providers give (statuses, headers, bodies), which go through the real classifier.
 */
final class SimulatedProvider implements Provider {

  /** What one model does with one request. */
  record Reply(int status, Map<String, String> headers, String body, Duration latency) {
    static Reply ok(Duration latency) {
      return new Reply(200, Map.of(), null, latency);
    }

    static Reply http(int status, Map<String, String> headers, String body, Duration latency) {
      return new Reply(status, headers, body, latency);
    }
  }

  private final String name;
  private final ProviderType type;
  private final VirtualClock clock;
  private final Map<String, Integer> contextWindows;
  private final Map<String, Function<ChatRequest, Reply>> behaviour = new ConcurrentHashMap<>();
  private final Duration healthyLatency;

  SimulatedProvider(String name, ProviderType type, VirtualClock clock, Map<String, Integer> contextWindows, Duration healthyLatency) {
    this.name = name;
    this.type = type;
    this.clock = clock;
    this.contextWindows = Map.copyOf(contextWindows);
    this.healthyLatency = healthyLatency;
    heal();
  }

  /** Every model answers normally, unless the prompt overflows its window. */
  void heal() {
    contextWindows.keySet().forEach(model -> behaviour.put(model, request -> Reply.ok(healthyLatency)));
  }

  /** {@code model} now behaves as {@code reply} says. */
  void set(String model, Function<ChatRequest, Reply> reply) {
    behaviour.put(model, reply);
  }

  /** Every model now behaves as {@code reply} says. */
  void setAll(Function<ChatRequest, Reply> reply) {
    contextWindows.keySet().forEach(model -> behaviour.put(model, reply));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ErrorClassifier classifier() {
    return ErrorClassifier.forProvider(type);
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    Reply reply = overflow(request, model).orElseGet(() -> behaviour.get(model).apply(request));
    clock.schedule(() -> complete(result, request, model, reply), reply.latency());
    return result;
  }

  private java.util.Optional<Reply> overflow(ChatRequest request, String model) {
    int window = contextWindows.get(model);
    int tokens = request.estimatedPromptTokens();
    if (tokens <= window) {
      return java.util.Optional.empty();
    }
    String body =
        type == ProviderType.ANTHROPIC
            ? "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: "
                + tokens + " tokens > " + window + " maximum\"}}"
            : "{\"error\":{\"message\":\"This model's maximum context length is " + window
                + " tokens. However, your messages resulted in " + tokens
                + " tokens. Please reduce the length of the messages.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";
    return java.util.Optional.of(Reply.http(400, Map.of("content-type", "application/json"), body, Duration.ofMillis(120)));
  }

  private void complete(CompletableFuture<ChatResponse> result, ChatRequest request, String model, Reply reply) {
    if (reply.status() == 200) {
      result.complete(
          ChatResponse.builder()
              .text("[" + name + "/" + model + "] Refund RF-1042 approved: the order arrived damaged, so the full amount goes back to the card on file.")
              .finishReason(FinishReason.STOP)
              .usage(new Usage(request.estimatedPromptTokens(), 31))
              .provider(name)
              .model(model)
              .requestId("req_" + Long.toHexString(clock.nanos()))
              .build());
      return;
    }
    RawResponse raw = RawResponse.of(reply.status(), reply.headers(), reply.body());
    Failure failure =
        classifier().classify(raw).orElse(Failure.of(ErrorKind.INVALID_RESPONSE, "unexpected success"));
    result.completeExceptionally(new ProviderException(failure));
  }
}
