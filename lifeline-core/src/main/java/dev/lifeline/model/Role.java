package dev.lifeline.model;

/** Who speaks a {@link Message}. */
public enum Role {
  /** Instructions that frame the conversation. */
  SYSTEM,
  /** The person or program asking. */
  USER,
  /** The model. */
  ASSISTANT,
  /** The result of a tool call the model asked for. */
  TOOL
}
