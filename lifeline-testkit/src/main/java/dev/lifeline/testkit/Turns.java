package dev.lifeline.testkit;

/**
 * Reads a conversation turn by turn as a model would: the question to answer, and the partial
 * answer a request asks to continue. Not API.
 *
 * <p>A request continues a partial answer when it ends with an assistant turn (a prefill, as
 * Anthropic continues one) or with an assistant turn followed by a user turn that begins "Continue
 * exactly" (Lifeline's turn for wires without prefill); the question is then the user turn before
 * that assistant turn.
 */
final class Turns {
  private static final String CONTINUE_CUE = "Continue exactly";

  private String question = "";
  private String partial;
  private boolean continueAsked;

  /** Reads the next turn. */
  void add(boolean fromUser, boolean fromAssistant, String text) {
    if (fromUser) {
      if (partial != null && !continueAsked && text.startsWith(CONTINUE_CUE)) {
        continueAsked = true;
      } else if (!text.isEmpty()) {
        question = text;
        partial = null;
        continueAsked = false;
      }
    } else if (fromAssistant) {
      partial = partial != null && !continueAsked ? partial + text : text;
      continueAsked = false;
    }
  }

  /** The text of the last user turn that is a question, or {@code ""}. */
  String question() {
    return question;
  }

  /** The answer begun that the request asks to continue, or null. */
  String partial() {
    return partial;
  }
}
