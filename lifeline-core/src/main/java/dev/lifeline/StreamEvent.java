package dev.lifeline;

import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ToolCall;
import java.util.Objects;

/**
 * One event of a streamed call, as {@link ChatStream} and {@link
 * SelfHealingEngine#publisher(dev.lifeline.model.ChatRequest)} hand them out: text as it arrives,
 * whole tool calls, the join of a broken stream, and the end. The last event of every stream is a
 * {@link Completed} or a {@link Failed}.
 */
public sealed interface StreamEvent
    permits StreamEvent.TextDelta,
        StreamEvent.ToolCallReady,
        StreamEvent.Continued,
        StreamEvent.Reset,
        StreamEvent.Completed,
        StreamEvent.Failed {

  /**
   * The next piece of the answer's text; concatenated in order, the pieces are the answer's text.
   *
   * @param text never empty
   */
  record TextDelta(String text) implements StreamEvent {
    /** Checks the text. */
    public TextDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A tool call the answer makes, whole: its arguments are complete. Sent once per call, just
   * before {@link Completed}; a stream broken mid-arguments never shows a part of one.
   *
   * @param call the tool call
   */
  record ToolCallReady(ToolCall call) implements StreamEvent {
    /** Checks the call. */
    public ToolCallReady {
      Objects.requireNonNull(call, "call");
    }
  }

  /**
   * The stream broke, and attempt {@code attempt} on {@code deployment} continues the answer after
   * the {@code charactersKept} the caller has: the text deltas after this one extend it.
   *
   * @param attempt the continuing attempt's number in the trace
   * @param deployment where it runs
   * @param charactersKept the characters of text delivered before the break
   */
  record Continued(int attempt, Deployment deployment, int charactersKept) implements StreamEvent {
    /** Checks the deployment. */
    public Continued {
      Objects.requireNonNull(deployment, "deployment");
    }
  }

  /**
   * The stream broke, and the caller asked for a restart ({@link OnStreamBreak#RESTART}): discard
   * the text received so far; attempt {@code attempt} on {@code deployment} answers from the start.
   *
   * @param attempt the restarting attempt's number in the trace
   * @param deployment where it runs
   * @param charactersDiscarded the characters of text delivered before the break
   */
  record Reset(int attempt, Deployment deployment, int charactersDiscarded) implements StreamEvent {
    /** Checks the deployment. */
    public Reset {
      Objects.requireNonNull(deployment, "deployment");
    }
  }

  /**
   * The call succeeded: {@code answer} is the whole, validated answer (its text equals the text
   * deltas since the last {@link Reset}), with its trace.
   *
   * @param answer the answer
   */
  record Completed(ChatResponse answer) implements StreamEvent {
    /** Checks the answer. */
    public Completed {
      Objects.requireNonNull(answer, "answer");
    }

    /** The call's trace: every attempt, the breaks and the continuations. */
    public CallTrace trace() {
      return answer.trace();
    }
  }

  /**
   * The call failed: the text received is not a whole answer.
   *
   * @param error why, with the trace
   */
  record Failed(LifelineException error) implements StreamEvent {
    /** Checks the error. */
    public Failed {
      Objects.requireNonNull(error, "error");
    }

    /** The call's trace. */
    public CallTrace trace() {
      return error.trace();
    }
  }
}
