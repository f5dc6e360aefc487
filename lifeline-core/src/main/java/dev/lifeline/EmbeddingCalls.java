package dev.lifeline;

import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * An engine's embedding ladders, and how an embedding call starts: its ladder chosen by the
 * dimensions asked for, then run through the one cascade every call takes (see {@link
 * EmbeddingCall}). Immutable once built. Not API.
 */
final class EmbeddingCalls {

  /** One ladder, its providers bound to the engine, and the planner of its plans. */
  private record Ladder(
      EmbeddingLadder declared, Map<String, Provider> providers, CallPlanner planner) {}

  private final List<Ladder> ladders;
  private final CascadeSettings settings;
  private final SecretScrubber scrubber;

  private EmbeddingCalls(List<Ladder> ladders, CascadeSettings settings, SecretScrubber scrubber) {
    this.ladders = List.copyOf(ladders);
    this.settings = settings;
    this.scrubber = scrubber;
  }

  /**
   * The engine's embedding ladders: each provider bound to the engine's runtime, sharing the chat
   * ladders' bound copy when it is one of their providers.
   *
   * @param declared the ladders as the builder took them
   * @param chat the chat ladders as the builder took them, before binding
   * @throws IllegalArgumentException if two different providers share a name
   */
  static EmbeddingCalls of(
      List<EmbeddingLadder> declared, List<ProviderLadder> chat, EngineAssembly assembly) {
    Map<Provider, Provider> bound = new IdentityHashMap<>();
    Map<String, Provider> byName = new LinkedHashMap<>();
    for (int i = 0; i < chat.size(); i++) {
      bound.put(chat.get(i).provider(), assembly.ladders().get(i).provider());
      byName.put(chat.get(i).provider().name(), chat.get(i).provider());
    }
    CallPlanner engine = assembly.planner();
    List<Ladder> ladders = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (EmbeddingLadder ladder : declared) {
      Map<String, Provider> providers = new LinkedHashMap<>();
      List<ProviderLadder> rungs = new ArrayList<>();
      for (int i = 0; i < ladder.deployments().size(); i++) {
        Provider original = ladder.providers().get(i);
        Provider known = byName.putIfAbsent(original.name(), original);
        if (known != null && known != original) {
          throw new IllegalArgumentException(
              "two providers are named '" + original.name() + "'; names must be unique");
        }
        Provider provider =
            bound.computeIfAbsent(
                original,
                unbound -> {
                  Provider copy = assembly.bind(unbound);
                  copy.credentials().stream().map(ApiKey::reveal).forEach(keys::add);
                  return copy;
                });
        providers.put(provider.name(), provider);
        Deployment deployment = ladder.deployments().get(i);
        // One rung per deployment keeps the ladder's order across providers.
        rungs.add(ProviderLadder.of(provider).model(deployment));
      }
      CallPlanner planner =
          new CallPlanner(
              assembly.settings(),
              rungs,
              engine.strategy(),
              engine.deadline(),
              List.of(),
              List.of());
      ladders.add(new Ladder(ladder, providers, planner));
    }
    CascadeSettings settings = assembly.settings();
    settings.providers().values().stream()
        .flatMap(provider -> provider.credentials().stream())
        .map(ApiKey::reveal)
        .forEach(keys::add);
    return new EmbeddingCalls(ladders, settings, new SecretScrubber(List.copyOf(keys)));
  }

  /** The ladders, as declared. */
  List<EmbeddingLadder> ladders() {
    return ladders.stream().map(Ladder::declared).toList();
  }

  /** Embeds {@code request} and waits for the vectors. */
  EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    Ladder ladder = ladderFor(Objects.requireNonNull(request, "request"));
    EmbeddingCall call = new EmbeddingCall(request, ladder.declared().dimensions());
    ChatResponse answer =
        CascadeCall.startBlocking(settingsFor(ladder, call), spec(ladder, call, options)).await();
    return call.answerOf(answer);
  }

  /** Embeds {@code request} without blocking; cancelling the future cancels the call. */
  CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request, CallOptions options) {
    Ladder ladder = ladderFor(Objects.requireNonNull(request, "request"));
    EmbeddingCall call = new EmbeddingCall(request, ladder.declared().dimensions());
    CompletableFuture<ChatResponse> carried =
        CascadeCall.start(settingsFor(ladder, call), spec(ladder, call, options)).future();
    CompletableFuture<EmbeddingResponse> vectors = carried.thenApply(call::answerOf);
    vectors.whenComplete(
        (answer, error) -> {
          if (vectors.isCancelled()) {
            carried.cancel(true);
          }
        });
    return vectors;
  }

  private CascadeSettings settingsFor(Ladder ladder, EmbeddingCall call) {
    return settings.withProviders(call.providers(ladder.providers()), scrubber);
  }

  /** The call's spec: its ladder's plan, with the shape check as its one validator. */
  private static CallSpec spec(Ladder ladder, EmbeddingCall call, CallOptions options) {
    CallOptions embedding = options.withValidators(List.of(call.validator())).withBestEffort(false);
    return ladder.planner().spec(call.carrierRequest(), embedding, null);
  }

  /**
   * The ladder of the dimensions {@code request} asks for, or the first one when it asks for none.
   *
   * @throws IllegalStateException if the engine has no embedding ladder
   * @throws IllegalArgumentException if no ladder has the dimensions asked for
   */
  private Ladder ladderFor(EmbeddingRequest request) {
    if (ladders.isEmpty()) {
      throw new IllegalStateException(
          "the engine has no embedding ladder; add one with Builder.embeddings(EmbeddingLadder)");
    }
    if (request.dimensions() == null) {
      return ladders.get(0);
    }
    for (Ladder ladder : ladders) {
      if (ladder.declared().dimensions() == request.dimensions()) {
        return ladder;
      }
    }
    throw new IllegalArgumentException(
        "no embedding ladder has "
            + request.dimensions()
            + " dimensions; the engine's have "
            + ladders.stream()
                .map(ladder -> Integer.toString(ladder.declared().dimensions()))
                .collect(Collectors.joining(", ")));
  }
}
