package dev.lifeline.springai;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A provider that passes every call to another one and notices when the engine cancels one. */
final class CancelWatch implements Provider {

  private final Provider inner;
  private final CountDownLatch cancelled;

  CancelWatch(Provider inner) {
    this(inner, new CountDownLatch(1));
  }

  private CancelWatch(Provider inner, CountDownLatch cancelled) {
    this.inner = inner;
    this.cancelled = cancelled;
  }

  /** Whether an attempt was cancelled within {@code seconds}. */
  boolean awaitCancel(long seconds) throws InterruptedException {
    return cancelled.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return watched(inner.send(request, model));
  }

  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    return watched(inner.stream(request, model, onDelta));
  }

  @SuppressWarnings("FutureReturnValueIgnored") // it only watches the attempt
  private CompletableFuture<ChatResponse> watched(CompletableFuture<ChatResponse> attempt) {
    attempt.whenComplete(
        (response, error) -> {
          if (attempt.isCancelled()) {
            cancelled.countDown();
          }
        });
    return attempt;
  }

  @Override
  public Provider bind(ProviderRuntime runtime) {
    return new CancelWatch(inner.bind(runtime), cancelled);
  }

  @Override
  public void close() {
    inner.close();
  }
}
