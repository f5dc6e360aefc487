package dev.lifeline;

import dev.lifeline.internal.http.HttpProvider;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.Provider;
import dev.lifeline.trace.CallListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Sends a call's attempts to their providers, plain or streaming, and lets a stream's deltas
 * through to the caller while their attempt is the live one and their side claimed it (a hedged
 * attempt streams on two deployments; the first to produce a delta is heard): the first delta
 * records the deployment's time to first token and commits the call to it; after a break, {@link
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

  /** A blocking caller's own thread, where an HTTP answer is read; null for an async call. */
  private final Executor settleOn;

  AttemptSender(
      CascadeSettings settings,
      ChatRequest request,
      Consumer<String> onDelta,
      CompletableFuture<ChatResponse> result,
      CallState state,
      CallListener listener,
      Executor settleOn) {
    this.settings = settings;
    this.request = request;
    this.onDelta = onDelta;
    this.result = result;
    this.state = state;
    this.listener = listener;
    this.continuation = onDelta == null ? null : StreamContinuation.of(onDelta, state::note);
    this.settleOn = settleOn;
  }

  /**
   * Sends attempt {@code number} to {@code deployment}, begun at {@code startNanos}; a provider
   * that throws or returns null gives a failed future. A stream's side that claims the attempt with
   * its first delta tells {@code onClaim} (null when nobody listens).
   */
  CompletableFuture<ChatResponse> send(
      Deployment deployment, int number, long startNanos, Consumer<Deployment> onClaim) {
    try {
      Provider provider = settings.providers().get(deployment.provider());
      state.noteUnsent(deployment, provider.unsentSettings(request, deployment.model()));
      CompletableFuture<ChatResponse> sent =
          onDelta == null
              ? sendWhole(provider, deployment)
              : continuation.stream(
                  provider,
                  request,
                  deployment,
                  number,
                  delta -> deliver(number, deployment, startNanos, onClaim, delta));
      return sent != null
          ? sent
          : CompletableFuture.failedFuture(
              new NullPointerException(provider.name() + ".send returned null"));
    } catch (Throwable e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A blocking call's HTTP answer is parsed and classified on its caller's thread, which waits
   * anyway, rather than on the client's few I/O threads, which every call in flight shares.
   */
  private CompletableFuture<ChatResponse> sendWhole(Provider provider, Deployment deployment) {
    return settleOn != null && provider instanceof HttpProvider<?, ?> http
        ? http.send(request, deployment.model(), settleOn)
        : provider.send(request, deployment.model());
  }

  /** The side of a hedged stream that claimed attempt {@code number}; null for none (or plain). */
  Deployment streamOwner(int number) {
    return continuation == null ? null : continuation.owner(number);
  }

  private void deliver(
      int number,
      Deployment deployment,
      long startNanos,
      Consumer<Deployment> onClaim,
      String delta) {
    if (state.liveAttempt() != number || result.isDone() || delta == null || delta.isEmpty()) {
      return; // a late delta of an abandoned attempt
    }
    StreamContinuation.Claim claim = continuation.claim(number, deployment);
    if (claim == StreamContinuation.Claim.OTHERS) {
      return; // the other side of a hedged attempt streams to the caller
    }
    if (claim == StreamContinuation.Claim.FIRST) {
      if (!state.committed()) {
        Duration took = Duration.ofNanos(Math.max(0, settings.ticker().nanos() - startNanos));
        Guard.run(
            "recordTimeToFirstToken",
            () -> settings.health().recordTimeToFirstToken(deployment, took));
        listener.onFirstChunk(number, deployment, took);
      }
      if (onClaim != null) {
        Guard.run("onClaim", () -> onClaim.accept(deployment));
      }
    }
    state.commit();
    continuation.deliver(number, deployment, delta);
  }
}
