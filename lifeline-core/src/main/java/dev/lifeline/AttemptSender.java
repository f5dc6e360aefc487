package dev.lifeline;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.Provider;
import dev.lifeline.trace.CallListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sends a call's attempts to their providers, plain or streaming, and lets a stream's deltas
 * through to the caller while their attempt is the live one: the first delta records the
 * deployment's time to first token and commits the call to it; after a break, {@link
 * StreamContinuation} makes the next attempt continue the text. Never throws. Not API.
 */
final class AttemptSender {
  private final CascadeSettings settings;
  private final ChatRequest request;
  private final Consumer<String> onDelta; // null unless streaming
  private final CompletableFuture<ChatResponse> result;
  private final CallState state;
  private final CallListener listener;
  private final StreamContinuation continuation; // null unless streaming

  AttemptSender(
      CascadeSettings settings,
      ChatRequest request,
      Consumer<String> onDelta,
      CompletableFuture<ChatResponse> result,
      CallState state,
      CallListener listener) {
    this.settings = settings;
    this.request = request;
    this.onDelta = onDelta;
    this.result = result;
    this.state = state;
    this.listener = listener;
    this.continuation = onDelta == null ? null : StreamContinuation.of(onDelta, state::note);
  }

  /**
   * Sends attempt {@code number} to {@code deployment}; a provider that throws or returns null
   * gives a failed future.
   */
  CompletableFuture<ChatResponse> send(Deployment deployment, int number) {
    try {
      Provider provider = settings.providers().get(deployment.provider());
      state.noteUnsent(deployment, provider.unsentSettings(request, deployment.model()));
      CompletableFuture<ChatResponse> sent =
          onDelta == null
              ? provider.send(request, deployment.model())
              : continuation.stream(
                  provider,
                  request,
                  deployment,
                  number,
                  delta -> deliver(number, deployment, delta));
      return sent != null
          ? sent
          : CompletableFuture.failedFuture(
              new NullPointerException(provider.name() + ".send returned null"));
    } catch (Throwable e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void deliver(int number, Deployment deployment, String delta) {
    if (state.liveAttempt() != number || result.isDone() || delta == null || delta.isEmpty()) {
      return; // a late delta of an abandoned attempt
    }
    if (!state.committed()) {
      Duration took =
          Duration.ofNanos(Math.max(0, settings.ticker().nanos() - state.attemptStartNanos()));
      Guard.run(
          "recordTimeToFirstToken",
          () -> settings.health().recordTimeToFirstToken(deployment, took));
      listener.onFirstChunk(number, deployment, took);
    }
    state.commit();
    continuation.deliver(number, delta);
  }
}
