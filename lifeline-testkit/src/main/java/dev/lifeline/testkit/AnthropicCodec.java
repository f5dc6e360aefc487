package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Anthropic messages, {@code POST /v1/messages}. */
final class AnthropicCodec extends WireCodec {

  private static final String HOST = "api.anthropic.com";

  /** Claude's context window, for the "prompt is too long" message. */
  private static final int CONTEXT_WINDOW = 200_000;

  AnthropicCodec(Ids ids) {
    super(ids);
  }

  @Override
  String baseUrl(String origin) {
    return origin;
  }

  @Override
  String chatUrl(String origin, String model, boolean stream) {
    return origin + "/v1/messages";
  }

  @Override
  Route route(String method, String path, String query) {
    return "POST".equals(method) && path.equals("/v1/messages")
        ? new Route(null, false, true)
        : null;
  }

  @Override
  java.util.Optional<HttpReply> refuse(JsonNode body) {
    return RequestRules.anthropic(body)
        .map(violation -> json(400, "invalid_request_error", violation.message()));
  }

  @Override
  ParsedRequest parse(Route route, JsonNode body) {
    int chars = contentText(body.get("system")).length();
    String lastUser = "";
    Turns turns = new Turns();
    for (JsonNode message : body.path("messages")) {
      String text = contentText(message.get("content"));
      chars += text.length();
      String role = message.path("role").asText();
      turns.add("user".equals(role), "assistant".equals(role), text);
      if ("user".equals(role) && !text.isEmpty() && turns.partial() == null) {
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
    // output_config.format is the API's structured output; output_format its earlier beta name.
    boolean json =
        body.path("output_config").path("format").path("type").asText("").startsWith("json")
            || body.path("output_format").path("type").asText("").startsWith("json");
    return new ParsedRequest(
        Json.textOrNull(body.get("model")),
        lastUser,
        body.path("stream").asBoolean(false),
        true,
        tools,
        json,
        false,
        chars,
        turns.partial());
  }

  private static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asText())) {
        text.append(block.path("text").asText());
      }
    }
    return text.toString();
  }

  // ---- answers
  // -------------------------------------------------------------------------------------

  @Override
  HttpReply answer(ParsedRequest request, Completion completion, Instant now) {
    ObjectNode body = message(request, completion);
    body.set("content", contentBlocks(completion));
    body.put("stop_reason", stopReason(completion));
    body.putNull("stop_sequence");
    body.set("stop_details", stopDetails(completion));
    body.set("usage", usage(completion.promptTokens(), completion.completionTokens()));
    return HttpReply.of(200, successHeaders("application/json", now), Json.write(body));
  }

  @Override
  Map<String, String> streamHeaders(ParsedRequest request, Instant now) {
    Map<String, String> headers = successHeaders("text/event-stream; charset=utf-8", now);
    headers.put("cache-control", "no-cache");
    return headers;
  }

  @Override
  List<Frame> stream(ParsedRequest request, Completion completion, Instant now) {
    List<Frame> frames = new ArrayList<>();
    ObjectNode start = message(request, completion);
    start.set("content", Json.array());
    start.putNull("stop_reason");
    start.putNull("stop_sequence");
    start.putNull("stop_details");
    start.set("usage", usage(completion.promptTokens(), 1));
    ObjectNode messageStart = Json.object().put("type", "message_start");
    messageStart.set("message", start);
    frames.add(Frame.preamble(event("message_start", messageStart)));

    boolean hasBlock =
        completion.kind() == Completion.Kind.TEXT
            || completion.kind() == Completion.Kind.TRUNCATED
            || completion.kind() == Completion.Kind.TOOL_CALL;
    if (hasBlock) {
      ObjectNode block;
      if (completion.kind() == Completion.Kind.TOOL_CALL) {
        block = toolUse(completion.toolName(), Json.object());
      } else {
        block = Json.object().put("type", "text").put("text", "");
        block.putNull("citations");
      }
      ObjectNode blockStart = Json.object().put("type", "content_block_start").put("index", 0);
      blockStart.set("content_block", block);
      frames.add(Frame.preamble(event("content_block_start", blockStart)));
    }
    frames.add(Frame.preamble("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
    if (hasBlock) {
      for (String piece : completion.chunks()) {
        ObjectNode delta =
            completion.kind() == Completion.Kind.TOOL_CALL
                ? Json.object().put("type", "input_json_delta").put("partial_json", piece)
                : Json.object().put("type", "text_delta").put("text", piece);
        ObjectNode blockDelta = Json.object().put("type", "content_block_delta").put("index", 0);
        blockDelta.set("delta", delta);
        frames.add(Frame.chunk(event("content_block_delta", blockDelta)));
      }
      frames.add(
          Frame.preamble(
              event(
                  "content_block_stop",
                  Json.object().put("type", "content_block_stop").put("index", 0))));
    }
    ObjectNode messageDelta = Json.object().put("type", "message_delta");
    ObjectNode delta = Json.object().put("stop_reason", stopReason(completion));
    delta.putNull("stop_sequence");
    delta.set("stop_details", stopDetails(completion));
    delta.putNull("container");
    messageDelta.set("delta", delta);
    // The final usage: every count so far (the input again), no cache or tier breakdown.
    ObjectNode finalUsage =
        usage(completion.promptTokens(), hasBlock ? completion.completionTokens() : 0);
    finalUsage.remove(List.of("cache_creation", "service_tier"));
    messageDelta.set("usage", finalUsage);
    frames.add(Frame.preamble(event("message_delta", messageDelta)));
    frames.add(Frame.preamble(event("message_stop", Json.object().put("type", "message_stop"))));
    return frames;
  }

  @Override
  List<Frame> streamError(ParsedRequest request, int framesSent) {
    return List.of(
        Frame.preamble(
            "event: error\n"
                + "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\","
                + " \"message\": \"Overloaded\"}}\n\n"));
  }

  private ObjectNode message(ParsedRequest request, Completion completion) {
    ObjectNode message =
        Json.object()
            .put("id", "msg_01" + ids.base62(22))
            .put("type", "message")
            .put("role", "assistant")
            .put("model", request.model() == null ? "claude-sonnet-4-20250514" : request.model());
    message.putNull("container"); // no code-execution container: the API sends null
    return message;
  }

  /** A {@code tool_use} block the model itself called ({@code caller} direct). */
  private ObjectNode toolUse(String name, JsonNode input) {
    ObjectNode block =
        Json.object()
            .put("type", "tool_use")
            .put("id", "toolu_01" + ids.base62(22))
            .put("name", name);
    block.set("input", input);
    block.set("caller", Json.object().put("type", "direct"));
    return block;
  }

  /** Null, except for a refusal, which the API details (its category is unknown here). */
  private static JsonNode stopDetails(Completion completion) {
    if (!"refusal".equals(stopReason(completion))) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    ObjectNode details = Json.object().put("type", "refusal");
    details.putNull("category");
    details.putNull("explanation");
    return details;
  }

  private com.fasterxml.jackson.databind.node.ArrayNode contentBlocks(Completion completion) {
    switch (completion.kind()) {
      case TEXT:
      case TRUNCATED:
        {
          ObjectNode block = Json.object().put("type", "text").put("text", completion.text());
          block.putNull("citations");
          return Json.array().add(block);
        }
      case TOOL_CALL:
        return Json.array()
            .add(toolUse(completion.toolName(), Json.parseOrNull(completion.toolArguments())));
      default:
        return Json.array();
    }
  }

  private static String stopReason(Completion completion) {
    switch (completion.kind()) {
      case TRUNCATED:
        return "max_tokens";
      case TOOL_CALL:
        return "tool_use";
      case REFUSAL:
      case FILTERED:
        return "refusal";
      default:
        return "end_turn";
    }
  }

  private static ObjectNode usage(int input, int output) {
    ObjectNode usage =
        Json.object()
            .put("input_tokens", input)
            .put("cache_creation_input_tokens", 0)
            .put("cache_read_input_tokens", 0);
    usage.set(
        "cache_creation",
        Json.object().put("ephemeral_5m_input_tokens", 0).put("ephemeral_1h_input_tokens", 0));
    usage.put("output_tokens", output);
    usage.putNull("server_tool_use"); // no server tool ran
    usage.put("service_tier", "standard");
    return usage;
  }

  private Map<String, String> successHeaders(String contentType, Instant now) {
    return headers(
        "content-type", contentType,
        "request-id", requestId(),
        "anthropic-organization-id", "5e2b4c8a-0000-4000-8000-00000000f00d",
        "anthropic-ratelimit-requests-limit", "50",
        "anthropic-ratelimit-requests-remaining", "49",
        "anthropic-ratelimit-requests-reset", rfc3339(now.plusSeconds(1)),
        "anthropic-ratelimit-tokens-limit", "30000",
        "anthropic-ratelimit-tokens-remaining", "29000",
        "anthropic-ratelimit-tokens-reset", rfc3339(now.plusSeconds(2)),
        "anthropic-ratelimit-input-tokens-limit", "20000",
        "anthropic-ratelimit-input-tokens-remaining", "19500",
        "anthropic-ratelimit-input-tokens-reset", rfc3339(now.plusSeconds(2)),
        "anthropic-ratelimit-output-tokens-limit", "10000",
        "anthropic-ratelimit-output-tokens-remaining", "9500",
        "anthropic-ratelimit-output-tokens-reset", rfc3339(now.plusSeconds(2)));
  }

  private String requestId() {
    return "req_011C" + ids.base62(20);
  }

  private static String event(String name, ObjectNode data) {
    return "event: " + name + "\ndata: " + Json.write(data) + "\n\n";
  }

  // ---- errors
  // --------------------------------------------------------------------------------------

  @Override
  HttpReply error(
      ErrorCase error,
      ParsedRequest request,
      String model,
      int status,
      Duration retryAfter,
      Instant now) {
    String name = model == null ? "claude-sonnet-4-20250514" : model;
    switch (error) {
      case RATE_LIMITED:
        {
          Duration wait = retryAfter == null ? Fault.DEFAULT_RETRY_AFTER : retryAfter;
          HttpReply reply = corpus(error, name, request);
          Map<String, String> headers = new java.util.LinkedHashMap<>(reply.headers());
          headers.put("retry-after", retryAfterSeconds(wait));
          headers.put("anthropic-ratelimit-requests-limit", "50");
          headers.put("anthropic-ratelimit-requests-remaining", "0");
          headers.put("anthropic-ratelimit-requests-reset", rfc3339(now.plus(wait)));
          headers.put("anthropic-ratelimit-tokens-limit", "30000");
          headers.put("anthropic-ratelimit-tokens-remaining", "30000");
          headers.put("anthropic-ratelimit-tokens-reset", rfc3339(now));
          // The token families split the tokens limit; this 429 is the requests limit's.
          headers.put("anthropic-ratelimit-input-tokens-limit", "20000");
          headers.put("anthropic-ratelimit-input-tokens-remaining", "20000");
          headers.put("anthropic-ratelimit-input-tokens-reset", rfc3339(now));
          headers.put("anthropic-ratelimit-output-tokens-limit", "10000");
          headers.put("anthropic-ratelimit-output-tokens-remaining", "10000");
          headers.put("anthropic-ratelimit-output-tokens-reset", rfc3339(now));
          return new HttpReply(429, headers, reply.body());
        }
      case BAD_GATEWAY:
        return HttpReply.of(502, cloudflareHeaders(), cloudflarePage(HOST, 502, now));
      case BAD_REQUEST:
        return request == null
            ? json(
                400,
                "invalid_request_error",
                "There was an error parsing the body of your request.")
            : corpus(error, name, request);
      case BY_STATUS:
        return byStatus(status, request, model, now);
      default:
        return corpus(error, name, request);
    }
  }

  /** The corpus body for {@code error}, with its status and this request's id. */
  private HttpReply corpus(ErrorCase error, String model, ParsedRequest request) {
    ErrorBodies.Entry entry = ErrorBodies.of(WireFormat.ANTHROPIC, error);
    int asked = Math.max(CONTEXT_WINDOW + 5351, request == null ? 0 : request.promptTokens());
    ObjectNode body =
        entry.render(
            Map.of(
                "model",
                model,
                "contextWindow",
                Integer.toString(CONTEXT_WINDOW),
                "promptTokens",
                Integer.toString(asked)));
    return json(entry.status(), body);
  }

  private HttpReply byStatus(int status, ParsedRequest request, String model, Instant now) {
    switch (status) {
      case 400:
        return error(ErrorCase.BAD_REQUEST, request, model, 0, null, now);
      case 401:
        return error(ErrorCase.UNAUTHORIZED, request, model, 0, null, now);
      case 402:
        return json(
            402,
            "billing_error",
            "Your credit balance is too low to access the Anthropic API. Please go to Plans &"
                + " Billing to upgrade or purchase credits.");
      case 403:
        return json(
            403,
            "permission_error",
            "Your API key does not have permission to use the specified resource.");
      case 404:
        return error(ErrorCase.MODEL_NOT_FOUND, request, model, 0, null, now);
      case 413:
        return json(
            413, "request_too_large", "Request exceeds the maximum allowed number of bytes.");
      case 429:
        return error(ErrorCase.RATE_LIMITED, request, model, 0, null, now);
      case 500:
        return error(ErrorCase.SERVER_ERROR, request, model, 0, null, now);
      case 504:
        return json(504, "timeout_error", "Request timed out");
      case 529:
        return error(ErrorCase.OVERLOADED, request, model, 0, null, now);
      default:
        if (isCloudflareStatus(status)) {
          return HttpReply.of(status, cloudflareHeaders(), cloudflarePage(HOST, status, now));
        }
        return json(
            status,
            status >= 500 ? "api_error" : "invalid_request_error",
            "The server returned HTTP " + status + ".");
    }
  }

  @Override
  HttpReply unknownPath(String method, String path) {
    return json(404, "not_found_error", "Not Found");
  }

  private HttpReply json(int status, String type, String message) {
    ObjectNode body = Json.object().put("type", "error");
    body.set("error", Json.object().put("type", type).put("message", message));
    return json(status, body);
  }

  private HttpReply json(int status, ObjectNode body) {
    String requestId = requestId();
    body.put("request_id", requestId);
    return HttpReply.of(
        status,
        headers(
            "content-type",
            "application/json",
            "request-id",
            requestId,
            "x-should-retry",
            Boolean.toString(status == 408 || status == 409 || status == 429 || status >= 500)),
        Json.write(body));
  }
}
