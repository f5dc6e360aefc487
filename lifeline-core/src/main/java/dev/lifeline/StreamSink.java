package dev.lifeline;

import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ToolCall;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The delta consumer of an event stream: text goes out as {@link StreamEvent.TextDelta}s, and it
 * carries what a plain {@code Consumer<String>} cannot: the caller's {@link OnStreamBreak} and a
 * way to tell of a continuation or a reset. Not API.
 */
final class StreamSink implements Consumer<String> {
  /** Where a stream's events go. */
  @FunctionalInterface
  interface Events {
    void accept(StreamEvent event);
  }

  private final Events events;
  private final OnStreamBreak onBreak;

  StreamSink(Events events, OnStreamBreak onBreak) {
    this.events = events;
    this.onBreak = onBreak;
  }

  @Override
  public void accept(String text) {
    events.accept(new StreamEvent.TextDelta(text));
  }

  /** Passes on a continuation or a reset. */
  void signal(StreamEvent event) {
    events.accept(event);
  }

  OnStreamBreak onBreak() {
    return onBreak;
  }

  /** Ends the stream: the answer's tool calls, whole, then {@code Completed}; or {@code Failed}. */
  void end(ChatResponse answer, Throwable error) {
    if (error == null) {
      for (ToolCall call : answer.toolCalls()) {
        events.accept(new StreamEvent.ToolCallReady(call));
      }
      events.accept(new StreamEvent.Completed(answer));
      return;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    events.accept(
        new StreamEvent.Failed(
            cause instanceof LifelineException lifeline
                ? lifeline
                : cause instanceof CancellationException
                    ? new CallCancelledException("the stream was cancelled", CallTrace.EMPTY)
                    : new AllAttemptsFailedException(
                        "the stream failed: " + cause, CallTrace.EMPTY, cause)));
  }
}
