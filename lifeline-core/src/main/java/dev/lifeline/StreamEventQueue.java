package dev.lifeline;

import java.util.ArrayDeque;

/**
 * The events of one stream, waiting for their consumer. Not API.
 *
 * <p>The provider's I/O thread must never wait for a slow consumer (it serves other calls too), so
 * the buffer is bounded by coalescing rather than by blocking: once {@link #capacity} events wait,
 * a text delta is appended to the last waiting text delta instead of queued. No text is lost or
 * reordered; the consumer gets fewer, larger deltas. The few other events (tool calls, a
 * continuation, the end) are always queued.
 */
final class StreamEventQueue {
  /** The events a stream holds before it coalesces text. */
  static final int DEFAULT_CAPACITY = 256;

  private final int capacity;
  private final ArrayDeque<StreamEvent> events = new ArrayDeque<>();
  private boolean ended;

  StreamEventQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds {@code event}, coalescing text when full; ignored after the stream's last event. */
  synchronized void offer(StreamEvent event) {
    if (ended) {
      return;
    }
    if (event instanceof StreamEvent.TextDelta text
        && events.size() >= capacity
        && events.peekLast() instanceof StreamEvent.TextDelta last) {
      events.pollLast();
      events.addLast(new StreamEvent.TextDelta(last.text() + text.text()));
    } else {
      events.addLast(event);
    }
    ended = event instanceof StreamEvent.Completed || event instanceof StreamEvent.Failed;
    notifyAll();
  }

  /** The next event, or null when none waits. */
  synchronized StreamEvent poll() {
    return events.pollFirst();
  }

  /**
   * The next event, waiting for one: every stream ends with a {@code Completed} or {@code Failed},
   * which the call's deadline guarantees.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  synchronized StreamEvent take() throws InterruptedException {
    while (events.isEmpty()) {
      wait();
    }
    return events.pollFirst();
  }

  /** How many events wait. */
  synchronized int size() {
    return events.size();
  }
}
