package dev.lifeline.langchain4j;

import dev.lifeline.model.FinishReason;

/**
 * Finish reasons both ways. LangChain4j has five, Lifeline seven: a refusal and an in-band error
 * become LangChain4j's {@code OTHER}, and a reason nobody gave is null on LangChain4j's side and
 * {@link FinishReason#UNKNOWN} on Lifeline's.
 */
final class FinishReasons {

  private FinishReasons() {}

  /** Lifeline's reason as LangChain4j's; null for {@link FinishReason#UNKNOWN}. */
  static dev.langchain4j.model.output.FinishReason toLangChain4j(FinishReason reason) {
    return switch (reason) {
      case STOP -> dev.langchain4j.model.output.FinishReason.STOP;
      case LENGTH -> dev.langchain4j.model.output.FinishReason.LENGTH;
      case TOOL_CALLS -> dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION;
      case CONTENT_FILTER -> dev.langchain4j.model.output.FinishReason.CONTENT_FILTER;
      case REFUSAL, ERROR -> dev.langchain4j.model.output.FinishReason.OTHER;
      case UNKNOWN -> null;
    };
  }

  /** LangChain4j's reason, possibly null, as Lifeline's. */
  static FinishReason toLifeline(dev.langchain4j.model.output.FinishReason reason) {
    if (reason == null) {
      return FinishReason.UNKNOWN;
    }
    return switch (reason) {
      case STOP -> FinishReason.STOP;
      case LENGTH -> FinishReason.LENGTH;
      case TOOL_EXECUTION -> FinishReason.TOOL_CALLS;
      case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
      case OTHER -> FinishReason.UNKNOWN;
    };
  }
}
