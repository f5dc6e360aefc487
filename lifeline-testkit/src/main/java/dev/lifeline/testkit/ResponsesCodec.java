package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}, served by the OpenAI fake beside chat
 * completions: the same errors and headers (delegated to {@link OpenAiCodec}), {@code response}
 * objects for answers, and typed SSE events for streams.
 */
final class ResponsesCodec extends WireCodec {

  private final OpenAiCodec chat;

  ResponsesCodec(Ids ids, OpenAiCodec chat) {
    super(ids);
    this.chat = chat;
  }

  @Override
  String baseUrl(String origin) {
    return chat.baseUrl(origin);
  }

  @Override
  String chatUrl(String origin, String model, boolean stream) {
    return origin + "/v1/responses";
  }

  @Override
  Route route(String method, String path, String query) {
    return "POST".equals(method) && path.endsWith("/responses")
        ? new Route(null, false, true)
        : null;
  }

  @Override
  java.util.Optional<HttpReply> refuse(JsonNode body) {
    return RequestRules.responses(body).map(chat::invalidRequest);
  }

  @Override
  ParsedRequest parse(Route route, JsonNode body) {
    String lastUser = "";
    JsonNode input = body.path("input");
    int chars = body.path("instructions").asText("").length();
    if (input.isTextual()) {
      lastUser = input.asText();
      chars += lastUser.length();
    }
    for (JsonNode item : input) {
      String text = text(item.get("content")) + item.path("output").asText("");
      chars += text.length();
      if ("user".equals(item.path("role").asText())) {
        lastUser = text;
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      String name = Json.textOrNull(tool.get("name"));
      if (name != null) {
        tools.add(name);
      }
    }
    String format = body.path("text").path("format").path("type").asText("");
    boolean json = format.equals("json_object") || format.equals("json_schema");
    return new ParsedRequest(
        Json.textOrNull(body.get("model")),
        lastUser,
        body.path("stream").asBoolean(false),
        true,
        tools,
        json,
        true,
        chars);
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }

  // ---- answers
  // -------------------------------------------------------------------------------------

  @Override
  HttpReply answer(ParsedRequest request, Completion completion, Instant now) {
    ObjectNode response = response(request, now, status(completion));
    ArrayNode output = response.putArray("output");
    ObjectNode item = item(completion, true);
    if (item != null) {
      output.add(item);
    }
    finish(response, request, completion, now);
    return HttpReply.of(200, chat.successHeaders("application/json"), Json.write(response));
  }

  @Override
  Map<String, String> streamHeaders(ParsedRequest request, Instant now) {
    return chat.successHeaders("text/event-stream; charset=utf-8");
  }

  @Override
  List<Frame> stream(ParsedRequest request, Completion completion, Instant now) {
    Events events = new Events();
    ObjectNode started = response(request, now, "in_progress");
    started.putArray("output");
    events.preamble("response.created", Json.object().set("response", started));
    events.preamble("response.in_progress", Json.object().set("response", started.deepCopy()));
    ObjectNode item = item(completion, false);
    if (item != null) {
      String itemId = item.path("id").asText();
      events.preamble("response.output_item.added", outputIndex().set("item", item.deepCopy()));
      boolean call = completion.kind() == Completion.Kind.TOOL_CALL;
      boolean refusal = completion.kind() == Completion.Kind.REFUSAL;
      ObjectNode part = call ? null : part(completion, "");
      if (part != null) {
        events.preamble("response.content_part.added", partEvent(itemId, part));
      }
      String deltaType =
          call
              ? "response.function_call_arguments.delta"
              : refusal ? "response.refusal.delta" : "response.output_text.delta";
      for (String piece : completion.chunks()) {
        ObjectNode delta = outputIndex().put("item_id", itemId);
        if (!call) {
          delta.put("content_index", 0);
        }
        delta.put("delta", piece);
        if (!call && !refusal) {
          delta.putArray("logprobs");
        }
        events.chunk(deltaType, delta);
      }
      ObjectNode done = item(completion, true);
      done.put("id", itemId);
      if (call) {
        events.preamble(
            "response.function_call_arguments.done",
            outputIndex()
                .put("item_id", itemId)
                .put("name", completion.toolName())
                .put("arguments", completion.toolArguments()));
      } else {
        ObjectNode whole = part(completion, completion.text());
        ObjectNode textDone = outputIndex().put("item_id", itemId).put("content_index", 0);
        if (refusal) {
          events.preamble("response.refusal.done", textDone.put("refusal", completion.text()));
        } else {
          textDone.put("text", completion.text()).putArray("logprobs");
          events.preamble("response.output_text.done", textDone);
        }
        events.preamble("response.content_part.done", partEvent(itemId, whole));
      }
      events.preamble("response.output_item.done", outputIndex().set("item", done));
      item = done;
    }
    ObjectNode finished = response(request, now, status(completion));
    ArrayNode output = finished.putArray("output");
    if (item != null) {
      output.add(item);
    }
    finish(finished, request, completion, now);
    String terminal =
        "incomplete".equals(finished.path("status").asText())
            ? "response.incomplete"
            : "response.completed";
    events.preamble(terminal, Json.object().set("response", finished));
    return events.frames;
  }

  @Override
  List<Frame> streamError(ParsedRequest request, int framesSent) {
    ObjectNode failed = response(request, Instant.EPOCH, "failed");
    failed.putArray("output");
    failed.set(
        "error",
        Json.object()
            .put("code", "server_error")
            .put("message", "The model failed to generate a response."));
    ObjectNode event = Json.object().put("type", "response.failed");
    event.set("response", failed);
    event.put("sequence_number", framesSent);
    return List.of(Frame.preamble(sse("response.failed", event)));
  }

  /** The events of one stream, numbered in order. */
  private static final class Events {
    final List<Frame> frames = new ArrayList<>();

    void preamble(String type, ObjectNode body) {
      frames.add(Frame.preamble(sse(type, numbered(type, body))));
    }

    void chunk(String type, ObjectNode body) {
      frames.add(Frame.chunk(sse(type, numbered(type, body))));
    }

    private ObjectNode numbered(String type, ObjectNode body) {
      ObjectNode event = Json.object().put("type", type);
      event.setAll(body);
      event.put("sequence_number", frames.size());
      return event;
    }
  }

  private static String sse(String type, ObjectNode event) {
    return "event: " + type + "\ndata: " + Json.write(event) + "\n\n";
  }

  private static ObjectNode outputIndex() {
    return Json.object().put("output_index", 0);
  }

  private static ObjectNode partEvent(String itemId, ObjectNode part) {
    ObjectNode event = outputIndex().put("item_id", itemId).put("content_index", 0);
    event.set("part", part);
    return event;
  }

  private static String status(Completion completion) {
    switch (completion.kind()) {
      case TRUNCATED:
      case FILTERED:
        return "incomplete";
      default:
        return "completed";
    }
  }

  /** The output item, complete ({@code done}) or as first announced; null when there is none. */
  private ObjectNode item(Completion completion, boolean done) {
    switch (completion.kind()) {
      case FILTERED:
      case EMPTY:
        return null;
      case TOOL_CALL:
        return Json.object()
            .put("id", "fc_" + ids.hex(24))
            .put("type", "function_call")
            .put("status", done ? "completed" : "in_progress")
            .put("arguments", done ? completion.toolArguments() : "")
            .put("call_id", "call_" + ids.base62(24))
            .put("name", completion.toolName());
      default:
        ObjectNode message =
            Json.object()
                .put("id", "msg_" + ids.hex(24))
                .put("type", "message")
                .put(
                    "status",
                    !done
                        ? "in_progress"
                        : completion.kind() == Completion.Kind.TRUNCATED
                            ? "incomplete"
                            : "completed");
        ArrayNode content = message.putArray("content");
        if (done) {
          content.add(part(completion, completion.text()));
        }
        message.put("role", "assistant");
        return message;
    }
  }

  private static ObjectNode part(Completion completion, String text) {
    if (completion.kind() == Completion.Kind.REFUSAL) {
      return Json.object().put("type", "refusal").put("refusal", text);
    }
    ObjectNode part = Json.object().put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    return part.put("text", text);
  }

  /** A response object's fields but its output, usage and end. */
  private ObjectNode response(ParsedRequest request, Instant now, String status) {
    ObjectNode body = Json.object();
    body.put("id", "resp_" + ids.hex(48));
    body.put("object", "response");
    body.put("created_at", now.getEpochSecond());
    body.put("status", status);
    body.put("background", false);
    body.putNull("error");
    body.putNull("incomplete_details");
    body.putNull("instructions");
    body.putNull("max_output_tokens");
    body.putNull("max_tool_calls");
    body.put("model", request.model() == null ? "gpt-4o" : request.model());
    body.put("parallel_tool_calls", true);
    body.putNull("previous_response_id");
    body.set("reasoning", Json.object().putNull("effort").putNull("summary"));
    body.put("service_tier", "default");
    body.put("store", false);
    body.put("temperature", 1.0);
    body.set("text", Json.object().set("format", Json.object().put("type", "text")));
    body.put("tool_choice", "auto");
    body.putArray("tools");
    body.put("top_p", 1.0);
    body.put("truncation", "disabled");
    // No usage until it is known: the spec types it as an object, never null.
    body.set("metadata", Json.object());
    return body;
  }

  /** Sets the usage and how the response ended. */
  private static void finish(
      ObjectNode response, ParsedRequest request, Completion completion, Instant now) {
    switch (completion.kind()) {
      case TRUNCATED:
        response.set("incomplete_details", Json.object().put("reason", "max_output_tokens"));
        break;
      case FILTERED:
        response.set("incomplete_details", Json.object().put("reason", "content_filter"));
        break;
      default:
        response.put("completed_at", now.getEpochSecond());
    }
    int input = completion.promptTokens();
    int output = completion.completionTokens();
    ObjectNode usage = Json.object().put("input_tokens", input);
    usage.set(
        "input_tokens_details", Json.object().put("cached_tokens", 0).put("cache_write_tokens", 0));
    usage.put("output_tokens", output);
    usage.set("output_tokens_details", Json.object().put("reasoning_tokens", 0));
    usage.put("total_tokens", input + output);
    response.set("usage", usage);
  }

  // ---- errors: the same envelope as chat completions
  // -------------------------------------------------------------------

  @Override
  HttpReply error(
      ErrorCase error,
      ParsedRequest request,
      String model,
      int status,
      Duration retryAfter,
      Instant now) {
    return chat.error(error, request, model, status, retryAfter, now);
  }

  @Override
  HttpReply unknownPath(String method, String path) {
    return chat.unknownPath(method, path);
  }
}
