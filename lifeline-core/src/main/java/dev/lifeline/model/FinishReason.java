package dev.lifeline.model;

/** Why the model stopped, mapped from each provider's own words. */
public enum FinishReason {
  /** A natural end, or a stop sequence. */
  STOP,
  /** The token limit cut the answer off. */
  LENGTH,
  /** The model asked for tool calls. */
  TOOL_CALLS,
  /** The provider's content policy stopped or blocked the answer. */
  CONTENT_FILTER,
  /** The model refused. */
  REFUSAL,
  /** The provider reported an error in band. */
  ERROR,
  /** The provider said nothing, or something this version does not know. */
  UNKNOWN
}
