package dev.lifeline.opentelemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Message;
import java.util.List;
import java.util.Locale;

/**
 * Prompts and answers as the GenAI conventions' {@code gen_ai.input.messages} and {@code
 * gen_ai.output.messages} JSON: a list of messages, each with its role and its parts (text only).
 * Written only when the user opted in.
 */
final class ContentJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentJson() {}

  /** The request's messages. */
  static String input(List<Message> messages) {
    ArrayNode list = JSON.createArrayNode();
    for (Message message : messages) {
      list.add(message(message.role().name().toLowerCase(Locale.ROOT), message.content()));
    }
    return list.toString();
  }

  /** The answer, as one assistant message with its finish reason. */
  static String output(ChatResponse response) {
    ObjectNode message = message("assistant", response.text());
    if (response.finishReason() != null) {
      message.put("finish_reason", finishReason(response.finishReason()));
    }
    return JSON.createArrayNode().add(message).toString();
  }

  /** A finish reason as the conventions write it ("stop", "length"). */
  static String finishReason(FinishReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  private static ObjectNode message(String role, String text) {
    ObjectNode message = JSON.createObjectNode().put("role", role);
    ArrayNode parts = message.putArray("parts");
    if (text != null && !text.isEmpty()) {
      parts.addObject().put("type", "text").put("content", text);
    }
    return message;
  }
}
