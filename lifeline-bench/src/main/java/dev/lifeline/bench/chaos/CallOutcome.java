package dev.lifeline.bench.chaos;

import dev.lifeline.model.Failure;

/**
 * What one provider call does in a scenario: after {@code latencyNanos}, answer (correctly or
 * uselessly), fail with a classified {@link Failure}, or hang until the client's timeout.
 *
 * @param kind what happens
 * @param latencyNanos when it happens, from the call's start
 * @param failure the failure, for {@link Kind#ERROR} and {@link Kind#HANG}; null otherwise
 * @param cost what the provider bills for it in USD: the tokens of any 200 OK answer, useless or
 *     not
 * @param breakAfter for {@link Kind#STREAM_BROKEN}, how many chunks it delivers before it breaks;
 *     -1 otherwise
 */
public record CallOutcome(
    Kind kind, long latencyNanos, Failure failure, double cost, int breakAfter) {

  /** An outcome that is not a broken stream. */
  public CallOutcome(Kind kind, long latencyNanos, Failure failure, double cost) {
    this(kind, latencyNanos, failure, cost, -1);
  }

  /** What a call does. */
  public enum Kind {
    /** A correct answer. */
    ANSWER,
    /** 200 OK with a refusal. */
    REFUSAL,
    /** 200 OK with an empty text. */
    EMPTY,
    /** 200 OK with JSON cut off mid-way, to a request in JSON mode. */
    BAD_JSON,
    /** An error status. */
    ERROR,
    /** No answer: the client gives up after its timeout. */
    HANG,
    /**
     * A streamed answer that breaks after some chunks (an error event, a cut, a stall, a 500): its
     * {@link CallOutcome#failure() failure} ends it after {@link CallOutcome#breakAfter()} chunks,
     * and it bills what was generated. A call that does not stream never has it.
     */
    STREAM_BROKEN
  }

  /** Whether this is a correct answer. */
  public boolean correct() {
    return kind == Kind.ANSWER;
  }

  /** Whether the provider answered 200 OK whole (and bills it). */
  public boolean answered() {
    return kind != Kind.ERROR && kind != Kind.HANG && kind != Kind.STREAM_BROKEN;
  }
}
