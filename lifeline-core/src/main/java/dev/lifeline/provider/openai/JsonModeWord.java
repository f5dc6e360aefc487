package dev.lifeline.provider.openai;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Role;
import java.util.Locale;

/**
 * OpenAI refuses JSON mode ({@code json_object}) with a 400 unless the word "json" appears in the
 * conversation ("'messages' must contain the word 'json' in some form"), so a request asking for
 * JSON without saying so gets a short instruction that does. Stateless.
 */
final class JsonModeWord {

  /** The instruction added; it names JSON, as the API demands. */
  static final String INSTRUCTION = "Answer in JSON.";

  private JsonModeWord() {}

  /**
   * Whether {@code request} asks for JSON mode and no message counted says "json".
   *
   * @param countSystem whether system messages count (they do on chat completions; on the Responses
   *     API they become {@code instructions}, which are not input messages)
   */
  static boolean needed(ChatRequest request, boolean countSystem) {
    if (request.responseFormat().type() != ResponseFormat.Type.JSON_OBJECT) {
      return false;
    }
    for (Message message : request.messages()) {
      boolean counted = countSystem || message.role() != Role.SYSTEM;
      if (counted && message.content().toLowerCase(Locale.ROOT).contains("json")) {
        return false;
      }
    }
    return true;
  }
}
