package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tool calls as their pieces arrive in a stream. OpenAI sends the id and name once, then the
 * arguments in fragments, each piece keyed by the call's {@code index}; a server that sends whole
 * calls without an index (some compatible servers) is keyed by the call's id, or by position as a
 * last resort. Not thread-safe: one stream feeds it.
 */
final class StreamedToolCalls {

  private final TreeMap<Integer, Partial> calls = new TreeMap<>();

  /** Adds the {@code delta.tool_calls[position]} piece of one chunk. */
  void add(JsonNode piece, int position) {
    String id = OpenAiJson.text(piece.get("id"));
    Partial call = calls.computeIfAbsent(keyOf(piece, id, position), key -> new Partial());
    if (call.id == null) {
      call.id = id;
    }
    JsonNode function = piece.path("function");
    String name = OpenAiJson.text(function.get("name"));
    if (call.name == null && name != null) {
      call.name = name; // sent once; a server that repeats it must not double it
    }
    JsonNode arguments = function.get("arguments");
    if (arguments != null && !arguments.isNull()) {
      call.arguments.append(arguments.isTextual() ? arguments.asText() : arguments.toString());
    }
  }

  /**
   * The calls in index order.
   *
   * @throws dev.lifeline.failure.ProviderException with {@code INVALID_RESPONSE} for a call that
   *     never got a name
   */
  List<ToolCall> toToolCalls(int status) {
    List<ToolCall> result = new ArrayList<>();
    for (Map.Entry<Integer, Partial> entry : calls.entrySet()) {
      Partial call = entry.getValue();
      if (call.name == null) {
        throw OpenAiJson.invalidResponse(
            status, "streamed tool call " + entry.getKey() + " has no function name");
      }
      String id = call.id == null ? "call_" + entry.getKey() : call.id;
      result.add(new ToolCall(id, call.name, call.arguments.toString()));
    }
    return result;
  }

  private int keyOf(JsonNode piece, String id, int position) {
    if (piece.path("index").isInt()) {
      return piece.get("index").asInt();
    }
    if (id == null) {
      return position;
    }
    for (Map.Entry<Integer, Partial> entry : calls.entrySet()) {
      if (id.equals(entry.getValue().id)) {
        return entry.getKey();
      }
    }
    return calls.isEmpty() ? 0 : calls.lastKey() + 1;
  }

  /** One call, as far as it has arrived. */
  private static final class Partial {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }
}
