package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI chat completions, {@code POST /v1/chat/completions}. */
final class OpenAiCodec extends WireCodec {

  private static final String HOST = "api.openai.com";

  /** OpenAI's largest common context window, for the context-overflow message. */
  private static final int CONTEXT_WINDOW = 128_000;

  private final String fingerprint;

  OpenAiCodec(Ids ids) {
    super(ids);
    this.fingerprint = "fp_" + ids.hex(10);
  }

  @Override
  String baseUrl(String origin) {
    return origin + "/v1";
  }

  @Override
  String chatUrl(String origin, String model, boolean stream) {
    return origin + "/v1/chat/completions";
  }

  @Override
  Route route(String method, String path, String query) {
    return "POST".equals(method) && path.endsWith("/chat/completions")
        ? new Route(null, false, true)
        : null;
  }

  @Override
  java.util.Optional<HttpReply> refuse(JsonNode body) {
    return RequestRules.openAi(body).map(this::invalidRequest);
  }

  /** OpenAI's 400 for {@code violation}; the Responses API answers in the same envelope. */
  HttpReply invalidRequest(RequestRules.Violation violation) {
    return json(
        400,
        errorObject(
            violation.message(), "invalid_request_error", violation.param(), violation.code()));
  }

  @Override
  ParsedRequest parse(Route route, JsonNode body) {
    String lastUser = "";
    int chars = 0;
    Turns turns = new Turns();
    for (JsonNode message : body.path("messages")) {
      String text = contentText(message.get("content"));
      chars += text.length();
      String role = message.path("role").asText();
      turns.add("user".equals(role), "assistant".equals(role), text);
      if ("user".equals(role) && turns.partial() == null) {
        lastUser = text;
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      String name = Json.textOrNull(tool.path("function").get("name"));
      if (name != null) {
        tools.add(name);
      }
    }
    for (JsonNode function : body.path("functions")) {
      String name = Json.textOrNull(function.get("name"));
      if (name != null) {
        tools.add(name);
      }
    }
    String format = body.path("response_format").path("type").asText("");
    boolean json = format.equals("json_object") || format.equals("json_schema");
    return new ParsedRequest(
        Json.textOrNull(body.get("model")),
        lastUser,
        body.path("stream").asBoolean(false),
        true,
        tools,
        json,
        body.path("stream_options").path("include_usage").asBoolean(false),
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
    for (JsonNode part : content) {
      if (part.has("text")) {
        text.append(part.path("text").asText());
      }
    }
    return text.toString();
  }

  // ---- answers
  // -------------------------------------------------------------------------------------

  @Override
  HttpReply answer(ParsedRequest request, Completion completion, Instant now) {
    ObjectNode message = Json.object().put("role", "assistant");
    String finish;
    switch (completion.kind()) {
      case TOOL_CALL:
        message.putNull("content");
        message.set("tool_calls", Json.array().add(toolCall(completion, true)));
        message.putNull("refusal");
        finish = "tool_calls";
        break;
      case REFUSAL:
        message.putNull("content");
        message.put("refusal", completion.text());
        finish = "stop";
        break;
      case FILTERED:
        message.putNull("content");
        message.putNull("refusal");
        finish = "content_filter";
        break;
      case TRUNCATED:
        message.put("content", completion.text());
        message.putNull("refusal");
        finish = "length";
        break;
      default:
        message.put("content", completion.text());
        message.putNull("refusal");
        finish = "stop";
    }
    message.set("annotations", Json.array());
    ObjectNode choice = Json.object().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", finish);
    ObjectNode body = envelope("chatcmpl-" + ids.base62(29), "chat.completion", request, now);
    body.set("choices", Json.array().add(choice));
    body.set("usage", usage(request, completion));
    body.put("service_tier", "default");
    body.put("system_fingerprint", fingerprint);
    return HttpReply.of(200, successHeaders("application/json"), Json.write(body));
  }

  @Override
  Map<String, String> streamHeaders(ParsedRequest request, Instant now) {
    return successHeaders("text/event-stream; charset=utf-8");
  }

  @Override
  List<Frame> stream(ParsedRequest request, Completion completion, Instant now) {
    String id = "chatcmpl-" + ids.base62(29);
    List<Frame> frames = new ArrayList<>();
    ObjectNode first = Json.object().put("role", "assistant");
    switch (completion.kind()) {
      case TOOL_CALL:
        first.putNull("content");
        first.set("tool_calls", Json.array().add(toolCall(completion, false).put("index", 0)));
        break;
      case REFUSAL:
        first.putNull("content");
        first.put("refusal", "");
        break;
      case FILTERED:
        first.putNull("content");
        break;
      default:
        first.put("content", "");
    }
    if (completion.kind() != Completion.Kind.REFUSAL) {
      first.putNull("refusal");
    }
    frames.add(Frame.preamble(data(chunk(id, request, now, first, null))));
    for (String piece : completion.chunks()) {
      ObjectNode delta = Json.object();
      switch (completion.kind()) {
        case TOOL_CALL:
          ObjectNode call = Json.object().put("index", 0);
          call.set("function", Json.object().put("arguments", piece));
          delta.set("tool_calls", Json.array().add(call));
          break;
        case REFUSAL:
          delta.put("refusal", piece);
          break;
        default:
          delta.put("content", piece);
      }
      frames.add(Frame.chunk(data(chunk(id, request, now, delta, null))));
    }
    frames.add(
        Frame.preamble(data(chunk(id, request, now, Json.object(), finishReason(completion)))));
    if (request.includeUsage()) {
      ObjectNode last = envelope(id, "chat.completion.chunk", request, now);
      last.put("service_tier", "default");
      last.put("system_fingerprint", fingerprint);
      last.set("choices", Json.array());
      last.set("usage", usage(request, completion));
      frames.add(Frame.preamble(data(last)));
    }
    frames.add(Frame.preamble("data: [DONE]\n\n"));
    return frames;
  }

  @Override
  List<Frame> streamError(ParsedRequest request, int framesSent) {
    ObjectNode error = Json.object();
    error.set(
        "error",
        errorObject(
            "The server had an error while processing your request. Sorry about that!",
            "server_error",
            null,
            null));
    return List.of(Frame.preamble(data(error)), Frame.preamble("data: [DONE]\n\n"));
  }

  private ObjectNode chunk(
      String id, ParsedRequest request, Instant now, ObjectNode delta, String finish) {
    ObjectNode chunk = envelope(id, "chat.completion.chunk", request, now);
    chunk.put("service_tier", "default");
    chunk.put("system_fingerprint", fingerprint);
    ObjectNode choice = Json.object().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    chunk.set("choices", Json.array().add(choice));
    if (request.includeUsage()) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  private static String finishReason(Completion completion) {
    switch (completion.kind()) {
      case TOOL_CALL:
        return "tool_calls";
      case FILTERED:
        return "content_filter";
      case TRUNCATED:
        return "length";
      default:
        return "stop";
    }
  }

  private ObjectNode envelope(String id, String object, ParsedRequest request, Instant now) {
    ObjectNode body = Json.object();
    body.put("id", id);
    body.put("object", object);
    body.put("created", now.getEpochSecond());
    body.put("model", request.model() == null ? "gpt-4o" : request.model());
    return body;
  }

  private ObjectNode toolCall(Completion completion, boolean withArguments) {
    ObjectNode call = Json.object().put("id", "call_" + ids.base62(24)).put("type", "function");
    call.set(
        "function",
        Json.object()
            .put("name", completion.toolName())
            .put("arguments", withArguments ? completion.toolArguments() : ""));
    return call;
  }

  private static ObjectNode usage(ParsedRequest request, Completion completion) {
    int prompt = completion.promptTokens();
    int output = completion.completionTokens();
    ObjectNode usage =
        Json.object()
            .put("prompt_tokens", prompt)
            .put("completion_tokens", output)
            .put("total_tokens", prompt + output);
    usage.set(
        "prompt_tokens_details", Json.object().put("cached_tokens", 0).put("audio_tokens", 0));
    usage.set(
        "completion_tokens_details",
        Json.object()
            .put("reasoning_tokens", 0)
            .put("audio_tokens", 0)
            .put("accepted_prediction_tokens", 0)
            .put("rejected_prediction_tokens", 0));
    return usage;
  }

  Map<String, String> successHeaders(String contentType) {
    return headers(
        "content-type", contentType,
        "x-request-id", "req_" + ids.hex(32),
        "openai-version", "2020-10-01",
        "openai-processing-ms", "412",
        "x-ratelimit-limit-requests", "10000",
        "x-ratelimit-limit-tokens", "30000000",
        "x-ratelimit-remaining-requests", "9999",
        "x-ratelimit-remaining-tokens", "29999000",
        "x-ratelimit-reset-requests", "6ms",
        "x-ratelimit-reset-tokens", "2ms");
  }

  private static String data(ObjectNode node) {
    return "data: " + Json.write(node) + "\n\n";
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
    String name = model == null ? "gpt-4o" : model;
    switch (error) {
      case RATE_LIMITED:
        return rateLimited(name, retryAfter == null ? Fault.DEFAULT_RETRY_AFTER : retryAfter);
      case BAD_GATEWAY:
        return HttpReply.of(502, cloudflareHeaders(), cloudflarePage(HOST, 502, now));
      case BAD_REQUEST:
        if (request == null) {
          return unparseable();
        }
        return corpus(error, name, request);
      case BY_STATUS:
        return byStatus(status, request, model, now);
      default:
        return corpus(error, name, request);
    }
  }

  /** The corpus body for {@code error}, with its status. */
  private HttpReply corpus(ErrorCase error, String model, ParsedRequest request) {
    ErrorBodies.Entry entry = ErrorBodies.of(WireFormat.OPENAI, error);
    int asked = Math.max(CONTEXT_WINDOW + 1, request == null ? 0 : request.promptTokens());
    return HttpReply.of(
        entry.status(),
        errorHeaders(),
        Json.write(
            entry.render(
                Map.of(
                    "model",
                    model,
                    "contextWindow",
                    Integer.toString(CONTEXT_WINDOW),
                    "promptTokens",
                    Integer.toString(asked)))));
  }

  private HttpReply byStatus(int status, ParsedRequest request, String model, Instant now) {
    switch (status) {
      case 400:
        return error(ErrorCase.BAD_REQUEST, request, model, 0, null, now);
      case 401:
        return error(ErrorCase.UNAUTHORIZED, request, model, 0, null, now);
      case 403:
        return json(
            403,
            errorObject(
                "Country, region, or territory not supported",
                "request_forbidden",
                null,
                "unsupported_country_region_territory"));
      case 404:
        return error(ErrorCase.MODEL_NOT_FOUND, request, model, 0, null, now);
      case 429:
        return error(ErrorCase.RATE_LIMITED, request, model, 0, null, now);
      case 500:
        return error(ErrorCase.SERVER_ERROR, request, model, 0, null, now);
      case 503:
        return error(ErrorCase.OVERLOADED, request, model, 0, null, now);
      case 524:
        {
          ObjectNode error = Json.object();
          error.set(
              "error",
              Json.object()
                  // The integer OpenAI really sends (corpus PROVIDERS.md), though its own OpenAPI
                  // spec types code as string or null: clients must survive what the API does.
                  .put("code", 524)
                  .put("message", "Gateway timeout.")
                  .putNull("param")
                  .put("type", "cf_gateway_timeout"));
          return HttpReply.of(524, errorHeaders(), Json.write(error));
        }
      default:
        if (isCloudflareStatus(status)) {
          return HttpReply.of(status, cloudflareHeaders(), cloudflarePage(HOST, status, now));
        }
        return json(
            status,
            errorObject(
                "The server returned HTTP " + status + ".",
                status >= 500 ? "server_error" : "invalid_request_error",
                null,
                null));
    }
  }

  private HttpReply rateLimited(String model, Duration wait) {
    Map<String, String> headers = errorHeaders();
    headers.put("retry-after", retryAfterSeconds(wait));
    headers.put("retry-after-ms", Long.toString(wait.toMillis()));
    headers.put("x-ratelimit-limit-requests", "500");
    headers.put("x-ratelimit-limit-tokens", "30000");
    headers.put("x-ratelimit-remaining-requests", "0");
    headers.put("x-ratelimit-remaining-tokens", "29000");
    headers.put("x-ratelimit-reset-requests", goDuration(wait));
    headers.put("x-ratelimit-reset-tokens", goDuration(wait));
    String hint =
        wait.compareTo(Duration.ofSeconds(1)) < 0 ? wait.toMillis() + "ms" : humanSeconds(wait);
    ObjectNode body =
        ErrorBodies.of(WireFormat.OPENAI, ErrorCase.RATE_LIMITED)
            .render(Map.of("model", model, "wait", hint));
    return HttpReply.of(429, headers, Json.write(body));
  }

  private HttpReply unparseable() {
    return json(
        400,
        errorObject(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
                + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but"
                + " what was sent was not valid JSON. If you have trouble figuring out how to fix"
                + " this, please contact us through our help center at help.openai.com.)",
            "invalid_request_error",
            null,
            null));
  }

  @Override
  HttpReply unknownPath(String method, String path) {
    return json(
        404,
        errorObject(
            "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null));
  }

  private HttpReply json(int status, ObjectNode error) {
    ObjectNode body = Json.object();
    body.set("error", error);
    return HttpReply.of(status, errorHeaders(), Json.write(body));
  }

  private Map<String, String> errorHeaders() {
    return headers(
        "content-type", "application/json; charset=utf-8",
        "x-request-id", "req_" + ids.hex(32),
        "openai-version", "2020-10-01");
  }

  private static ObjectNode errorObject(String message, String type, String param, String code) {
    ObjectNode error = Json.object().put("message", message).put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return error;
  }
}
