package dev.lifeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A streamed call as a {@link Flow.Publisher}: each subscription starts one call. Not API (the
 * engine hands it out as a {@code Flow.Publisher<StreamEvent>}).
 *
 * <p>Demand is honoured: no more events are signalled than requested; the events waiting meanwhile
 * are held in a {@link StreamEventQueue}, which coalesces text rather than make the provider wait.
 * The last event is a {@link StreamEvent.Completed} or a {@link StreamEvent.Failed}, then {@code
 * onComplete}. Cancelling the subscription cancels the call and the attempt in flight.
 */
final class EventPublisher implements Flow.Publisher<StreamEvent> {
  private final Function<StreamSink.Events, CompletableFuture<?>> start;

  /** A publisher whose subscriptions each call {@code start} with where the events go. */
  EventPublisher(Function<StreamSink.Events, CompletableFuture<?>> start) {
    this.start = start;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super StreamEvent> subscriber) {
    java.util.Objects.requireNonNull(subscriber, "subscriber");
    Subscription subscription = new Subscription(subscriber);
    subscriber.onSubscribe(subscription);
    if (subscription.cancelled) {
      return;
    }
    CompletableFuture<?> call;
    try {
      call = start.apply(subscription::offer);
    } catch (RuntimeException e) {
      subscription.fail(e);
      return;
    }
    subscription.running(call);
  }

  private static final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super StreamEvent> subscriber;
    private final StreamEventQueue events = new StreamEventQueue(StreamEventQueue.DEFAULT_CAPACITY);
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger draining = new AtomicInteger();
    private final AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
    private volatile boolean cancelled;
    private boolean done; // only the draining thread reads and writes it
    private volatile Throwable badRequest;

    Subscription(Flow.Subscriber<? super StreamEvent> subscriber) {
      this.subscriber = subscriber;
    }

    void offer(StreamEvent event) {
      events.offer(event);
      drain();
    }

    void running(CompletableFuture<?> started) {
      call.set(started);
      if (cancelled) {
        started.cancel(true);
      }
    }

    void fail(Throwable error) {
      cancelled = true;
      subscriber.onError(error);
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        // Reactive Streams §3.9: a non-positive request is an error, signalled as onError.
        badRequest = new IllegalArgumentException("request must be positive but was " + n);
      } else {
        demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      CompletableFuture<?> running = call.get();
      if (running != null) {
        running.cancel(true);
      }
    }

    /** Signals what demand allows, on one thread at a time. */
    private void drain() {
      if (draining.getAndIncrement() != 0) {
        return;
      }
      do {
        if (badRequest != null && !done && !cancelled) {
          done = true;
          cancel();
          subscriber.onError(badRequest);
        }
        while (!done && !cancelled && demand.get() > 0) {
          StreamEvent event = events.poll();
          if (event == null) {
            break;
          }
          demand.decrementAndGet();
          subscriber.onNext(event);
          if (event instanceof StreamEvent.Completed || event instanceof StreamEvent.Failed) {
            done = true;
            subscriber.onComplete();
          }
        }
      } while (draining.decrementAndGet() != 0);
    }
  }
}
