package dev.lifeline.testkit;

import java.util.List;

/**
 * What the fake understood of a request.
 *
 * @param model the model named, or null
 * @param lastUserMessage the text of the last user message, or {@code ""}
 * @param stream whether to stream
 * @param sse for Gemini streams, whether {@code alt=sse} was asked (else a streamed JSON array)
 * @param toolNames the names of the tools offered, in order
 * @param wantsJson whether the request asks for a JSON answer
 * @param includeUsage OpenAI {@code stream_options.include_usage}
 * @param promptChars characters of text in the whole prompt, for the token estimate
 * @param partialAnswer the answer begun that the request asks to continue (see {@link Turns}), or
 *     null
 */
record ParsedRequest(
    String model,
    String lastUserMessage,
    boolean stream,
    boolean sse,
    List<String> toolNames,
    boolean wantsJson,
    boolean includeUsage,
    int promptChars,
    String partialAnswer) {

  ParsedRequest {
    toolNames = List.copyOf(toolNames);
  }

  /** A request that continues no answer. */
  ParsedRequest(
      String model,
      String lastUserMessage,
      boolean stream,
      boolean sse,
      List<String> toolNames,
      boolean wantsJson,
      boolean includeUsage,
      int promptChars) {
    this(
        model, lastUserMessage, stream, sse, toolNames, wantsJson, includeUsage, promptChars, null);
  }

  /** Prompt tokens, estimated at four characters a token as the providers' rule of thumb says. */
  int promptTokens() {
    return Math.max(1, (promptChars + 3) / 4);
  }
}
