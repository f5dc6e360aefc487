package dev.lifeline.langchain4j;

import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.concurrent.CompletableFuture;

/**
 * LangChain4j's streaming handle over one engine call: {@link #cancel()} cancels the call's future,
 * which cancels the attempt in flight and any wait. A cancel that comes before the call has started
 * is kept and applied when it starts.
 */
final class CallHandle implements StreamingHandle {

  private volatile boolean cancelled;
  private volatile CompletableFuture<?> call;

  /** Binds the handle to the call it cancels. */
  void bind(CompletableFuture<?> call) {
    this.call = call;
    if (cancelled) {
      call.cancel(true);
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    CompletableFuture<?> running = call;
    if (running != null) {
      running.cancel(true);
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }
}
