package dev.lifeline;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * A streamed call as a blocking iterator of {@link StreamEvent}s, from {@link
 * SelfHealingEngine#streamEvents(dev.lifeline.model.ChatRequest)}: {@link #next()} waits for the
 * next event, and the last is a {@link StreamEvent.Completed} or a {@link StreamEvent.Failed}.
 * {@link #close()} cancels the call, and the attempt in flight with it.
 *
 * <pre>{@code
 * try (ChatStream events = engine.streamEvents(request)) {
 *   while (events.hasNext()) {
 *     if (events.next() instanceof StreamEvent.TextDelta delta) {
 *       System.out.print(delta.text());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>The provider never waits for the reader: while the reader lags, text deltas are held, and once
 * {@value StreamEventQueue#DEFAULT_CAPACITY} events wait, new text joins the last waiting delta.
 * Nothing is lost. One reader at a time; an interrupt while waiting cancels the call.
 */
public final class ChatStream implements Iterator<StreamEvent>, AutoCloseable {
  private final StreamEventQueue events;
  private final CompletableFuture<?> call;
  private StreamEvent next;
  private boolean ended;

  ChatStream(StreamEventQueue events, CompletableFuture<?> call) {
    this.events = events;
    this.call = call;
  }

  /**
   * Whether an event is left; waits for it.
   *
   * @throws CallCancelledException if interrupted while waiting (the call is cancelled and the
   *     thread's interrupt flag set again)
   */
  @Override
  public boolean hasNext() {
    if (next == null && !ended) {
      try {
        next = events.take();
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new CallCancelledException(
            "interrupted while waiting for the stream", dev.lifeline.model.CallTrace.EMPTY);
      }
      ended = next instanceof StreamEvent.Completed || next instanceof StreamEvent.Failed;
    }
    return next != null;
  }

  /**
   * The next event, waiting for it.
   *
   * @throws NoSuchElementException after the last event
   */
  @Override
  public StreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    StreamEvent event = next;
    next = null;
    return event;
  }

  /** Cancels the call if it is still running; the events already waiting stay readable. */
  @Override
  public void close() {
    call.cancel(true);
  }
}
