package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatRequest;

/**
 * One request of a {@link RequestStream}: when it arrives and what it asks.
 *
 * @param index its position in the stream, from 0
 * @param arrivalNanos when it arrives, from the scenario's start
 * @param promptTokens its prompt size, as the engine estimates it from the text
 * @param outputTokens how long a complete answer to it is
 * @param json whether it asks for JSON
 * @param stream whether its caller streams the answer
 * @param chat the request itself; every strategy sends this very instance
 * @param turn where it stands in its conversation, or null when the scenario has none
 */
public record SimRequest(
    int index,
    long arrivalNanos,
    int promptTokens,
    int outputTokens,
    boolean json,
    boolean stream,
    ChatRequest chat,
    ConversationTurn turn) {

  /** A request of no conversation. */
  public SimRequest(
      int index,
      long arrivalNanos,
      int promptTokens,
      int outputTokens,
      boolean json,
      boolean stream,
      ChatRequest chat) {
    this(index, arrivalNanos, promptTokens, outputTokens, json, stream, chat, null);
  }

  /** Its conversation's session key, or null when it is part of none. */
  public String sessionKey() {
    return turn == null ? null : turn.session();
  }
}
