package dev.lifeline.testkit;

/**
 * One piece of a streamed response, written and flushed on its own.
 *
 * @param text the exact text written (an SSE event with its blank line, or a JSON-array element)
 * @param answerChunk whether it carries part of the answer, which is what stream faults count
 */
record Frame(String text, boolean answerChunk) {

  static Frame preamble(String text) {
    return new Frame(text, false);
  }

  static Frame chunk(String text) {
    return new Frame(text, true);
  }
}
