package dev.lifeline;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** A provider made of one function, for tests that need one odd behaviour and nothing else. */
final class InProcessProvider implements Provider {

  private final String name;
  private final BiFunction<ChatRequest, String, CompletableFuture<ChatResponse>> send;
  private final ErrorClassifier classifier;

  private InProcessProvider(
      String name,
      BiFunction<ChatRequest, String, CompletableFuture<ChatResponse>> send,
      ErrorClassifier classifier) {
    this.name = name;
    this.send = send;
    this.classifier = classifier;
  }

  /** A provider named {@code name} whose every send is {@code send(request, model)}. */
  static InProcessProvider of(
      String name, BiFunction<ChatRequest, String, CompletableFuture<ChatResponse>> send) {
    return new InProcessProvider(name, send, ErrorClassifier.generic());
  }

  /** A provider that answers at once with "the backup's answer". */
  static InProcessProvider answering(String name) {
    return of(
        name,
        (request, model) ->
            CompletableFuture.completedFuture(
                ChatResponse.builder()
                    .text("the backup's answer")
                    .provider(name)
                    .model(model)
                    .build()));
  }

  /** A provider whose sends never complete. */
  static InProcessProvider hung(String name) {
    return of(name, (request, model) -> new CompletableFuture<>());
  }

  /** This provider with {@code classifier} for what its sends throw. */
  InProcessProvider classifiedBy(ErrorClassifier classifier) {
    return new InProcessProvider(name, send, classifier);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return send.apply(request, model);
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }
}
