package dev.lifeline;

/**
 * What a stream does when it breaks after part of the answer reached the caller: the answer goes on
 * elsewhere either way, and this says how the caller sees it.
 */
public enum OnStreamBreak {
  /**
   * The default: the next deployment is sent the conversation and the partial answer, and only what
   * extends the caller's text is passed on (a repeated span trimmed), so the caller sees one
   * answer; a {@link StreamEvent.Continued} marks the join.
   */
  CONTINUE,
  /**
   * The next deployment answers afresh: a {@link StreamEvent.Reset} tells the caller to discard the
   * text it has, then the new answer streams from its start.
   */
  RESTART
}
