package dev.lifeline;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a streaming call has passed to its caller, and how an attempt after a break takes it over.
 * Not API.
 *
 * <p>The first attempt streams the request as asked. An attempt that starts after text reached the
 * caller is sent the conversation plus that text, as an assistant prefill where the wire continues
 * a final assistant message (Anthropic) and elsewhere followed by a turn asking to continue exactly
 * from there; a {@link DeltaSplicer} passes on only what extends the caller's text, and the
 * attempt's answer becomes the whole text, which is what the validators see. With {@link
 * OnStreamBreak#RESTART} the attempt is sent the request as asked, after a {@link
 * StreamEvent.Reset}. Tool calls are never streamed to the caller (the providers deliver only text
 * deltas), so a tool call cut mid-arguments is simply asked for again, whole.
 *
 * <p>A hedged attempt streams on two deployments at once, both sent the same request: the first
 * side to produce a delta (or to end) {@linkplain #claim claims} the attempt, and only its text
 * reaches the caller; the other side's deltas are dropped until it is cancelled.
 */
final class StreamContinuation {
  /** The turn that asks a wire without prefill to continue a partial answer. */
  static final String CONTINUE_TURN =
      "Continue exactly from where your previous message stops, mid-word if need be. Do not repeat"
          + " any of it and add nothing before the continuation.";

  private final Consumer<String> onDelta;
  private final StreamSink sink; // null for a plain Consumer<String>
  private final Consumer<String> notes;

  /** Whose text an attempt's deltas are, as {@link #claim} tells. */
  enum Claim {
    /** This side just claimed the attempt: its first delta. */
    FIRST,
    /** This side claimed the attempt before. */
    OURS,
    /** Another side of the attempt claimed it, or the attempt is no longer the live one. */
    OTHERS
  }

  // Guarded by this.
  private final StringBuilder delivered = new StringBuilder();
  private int attempt;
  private String continuing = ""; // the caller's text the attempt in flight continues
  private Deployment owner; // the side of the attempt in flight whose text reaches the caller
  private DeltaSplicer splicer; // null unless the attempt in flight continues a broken stream

  private StreamContinuation(Consumer<String> onDelta, StreamSink sink, Consumer<String> notes) {
    this.onDelta = onDelta;
    this.sink = sink;
    this.notes = notes;
  }

  /** The continuation of a call streaming to {@code onDelta}; notes go to the call's trace. */
  static StreamContinuation of(Consumer<String> onDelta, Consumer<String> notes) {
    return new StreamContinuation(onDelta, onDelta instanceof StreamSink sink ? sink : null, notes);
  }

  /**
   * Streams attempt {@code number} on {@code deployment}: the request, or its continuation after a
   * break; the future's answer carries the whole text (a side that lost the attempt to another
   * answers its own text untouched). Null when the provider returned null.
   */
  CompletableFuture<ChatResponse> stream(
      Provider provider,
      ChatRequest request,
      Deployment deployment,
      int number,
      Consumer<String> onAttemptDelta) {
    ChatRequest sent = begin(provider, request, deployment, number);
    CompletableFuture<ChatResponse> streaming =
        provider.stream(sent, deployment.model(), onAttemptDelta);
    if (streaming == null) {
      return null;
    }
    CompletableFuture<ChatResponse> whole = new CompletableFuture<>();
    streaming.whenComplete(
        (answer, error) -> {
          if (error != null) {
            whole.completeExceptionally(error);
            return;
          }
          try {
            whole.complete(answer == null ? null : whole(number, deployment, answer));
          } catch (RuntimeException e) {
            whole.completeExceptionally(e);
          }
        });
    // The cascade cancels the future it holds: that must reach the exchange.
    whole.whenComplete(
        (answer, error) -> {
          if (whole.isCancelled()) {
            streaming.cancel(true);
          }
        });
    return whole;
  }

  /**
   * Whether deltas of attempt {@code number} from {@code side} reach the caller: the first side of
   * the live attempt to ask claims it.
   */
  synchronized Claim claim(int number, Deployment side) {
    if (number != attempt) {
      return Claim.OTHERS;
    }
    if (owner == null) {
      own(side);
      return Claim.FIRST;
    }
    return owner.equals(side) ? Claim.OURS : Claim.OTHERS;
  }

  /** The side that claimed attempt {@code number}; null while none did, or for an older attempt. */
  synchronized Deployment owner(int number) {
    return number == attempt ? owner : null;
  }

  /** Caller holds the lock. */
  private void own(Deployment side) {
    owner = side;
    splicer = continuing.isEmpty() ? null : new DeltaSplicer(continuing);
  }

  /**
   * Passes on what {@code delta} of attempt {@code number} adds to the caller's text, if {@code
   * side} claimed the attempt.
   */
  void deliver(int number, Deployment side, String delta) {
    String piece;
    synchronized (this) {
      if (number != attempt || !side.equals(owner)) {
        return;
      }
      piece = splicer == null ? delta : splicer.accept(delta);
      delivered.append(piece);
    }
    if (!piece.isEmpty()) {
      onDelta.accept(piece);
    }
  }

  private ChatRequest begin(
      Provider provider, ChatRequest request, Deployment deployment, int number) {
    String partial;
    StreamEvent signal = null;
    boolean again;
    synchronized (this) {
      // The second side of a hedged attempt is sent what the first was, and signals nothing.
      again = number == attempt;
      if (!again) {
        attempt = number;
        owner = null;
        splicer = null;
        continuing = delivered.toString();
        if (!continuing.isEmpty() && sink != null && sink.onBreak() == OnStreamBreak.RESTART) {
          signal = new StreamEvent.Reset(number, deployment, continuing.length());
          delivered.setLength(0);
          continuing = "";
        } else if (!continuing.isEmpty()) {
          signal = new StreamEvent.Continued(number, deployment, continuing.length());
        }
      }
      partial = continuing;
    }
    if (signal instanceof StreamEvent.Reset) {
      notes.accept(
          "attempt " + number + " restarts the broken stream (the caller discards its text)");
      sink.signal(signal);
      return request;
    }
    if (partial.isEmpty()) {
      return request;
    }
    boolean prefill = provider instanceof AnthropicProvider;
    if (!again) {
      notes.accept(
          "attempt "
              + number
              + " continues the broken stream after "
              + partial.length()
              + " characters ("
              + (prefill ? "assistant prefill" : "continue turn")
              + ")");
      if (sink != null) {
        sink.signal(signal);
      }
    }
    return continuationOf(request, partial, prefill);
  }

  /**
   * Makes the whole answer of attempt {@code number} from {@code side}: after a break, the caller's
   * whole text. A side that ends before any delta claims the attempt by ending.
   */
  private ChatResponse whole(int number, Deployment side, ChatResponse answer) {
    String rest;
    String text;
    int trimmed;
    synchronized (this) {
      if (number != attempt) {
        return answer;
      }
      if (owner == null) {
        own(side);
      }
      if (!side.equals(owner) || splicer == null) {
        return answer;
      }
      rest = splicer.finish();
      trimmed = splicer.trimmed();
      delivered.append(rest);
      text = delivered.toString();
    }
    if (!rest.isEmpty()) {
      onDelta.accept(rest);
    }
    if (trimmed > 0) {
      notes.accept(
          "attempt " + number + " repeated " + trimmed + " characters of the answer: trimmed");
    }
    return answer.toBuilder().text(text).build();
  }

  /**
   * {@code request} with {@code partial} as the answer begun: a final assistant message to continue
   * when {@code prefill}, else followed by a turn asking to continue it.
   */
  static ChatRequest continuationOf(ChatRequest request, String partial, boolean prefill) {
    if (prefill) {
      // Anthropic refuses a final assistant message ending in whitespace; the splicer drops the
      // whitespace the continuation then repeats. Consecutive assistant turns are joined by the
      // API.
      String kept = partial.stripTrailing();
      return kept.isEmpty() ? request : request.toBuilder().assistant(kept).build();
    }
    return request.toBuilder().assistant(partial).user(CONTINUE_TURN).build();
  }
}
