package dev.lifeline.bench.chaos;

/**
 * Where a {@link SimRequest} stands in its conversation. Immutable.
 *
 * @param session the conversation's session key ("conversation-17"), what a caller passes for
 *     session affinity
 * @param conversation the conversation's number, from 0
 * @param number the turn's number in it, from 0 (the first turn has nothing to find in a cache)
 */
public record ConversationTurn(String session, int conversation, int number) {

  /** Whether a prompt cache could hold part of this turn: every turn but the first. */
  public boolean followUp() {
    return number > 0;
  }
}
