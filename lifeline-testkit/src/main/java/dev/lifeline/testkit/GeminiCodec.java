package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Gemini, {@code POST /v1beta/models/{model}:generateContent} and {@code
 * :streamGenerateContent} (SSE with {@code alt=sse}, else a streamed JSON array).
 */
final class GeminiCodec extends WireCodec {

  private static final Pattern PATH =
      Pattern.compile("/v1(?:beta|alpha)?/models/([^/:]+):(generateContent|streamGenerateContent)");

  /** Gemini's 1M-token window, for the context-overflow message. */
  private static final int CONTEXT_WINDOW = 1_048_576;

  GeminiCodec(Ids ids) {
    super(ids);
  }

  @Override
  String baseUrl(String origin) {
    return origin;
  }

  @Override
  String chatUrl(String origin, String model, boolean stream) {
    return origin
        + "/v1beta/models/"
        + model
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  @Override
  Route route(String method, String path, String query) {
    Matcher matcher = PATH.matcher(path);
    if (!"POST".equals(method) || !matcher.matches()) {
      return null;
    }
    boolean stream = matcher.group(2).equals("streamGenerateContent");
    boolean sse = query != null && (("&" + query + "&").contains("&alt=sse&"));
    return new Route(matcher.group(1), stream, sse);
  }

  @Override
  java.util.Optional<HttpReply> refuse(JsonNode body) {
    // The API reads the payload against its proto before any rule: an unknown name fails first.
    List<String> malformed = GeminiRequestSchema.get().problems(body);
    if (!malformed.isEmpty()) {
      return java.util.Optional.of(json(errorBody(400, malformed.get(0), "INVALID_ARGUMENT")));
    }
    return RequestRules.gemini(body)
        .map(violation -> json(errorBody(400, violation.message(), "INVALID_ARGUMENT")));
  }

  @Override
  ParsedRequest parse(Route route, JsonNode body) {
    int chars = partsText(body.path("systemInstruction").path("parts")).length();
    String lastUser = "";
    Turns turns = new Turns();
    for (JsonNode content : body.path("contents")) {
      String text = partsText(content.path("parts"));
      chars += text.length();
      String role = content.path("role").asText("user");
      turns.add(role.equals("user"), role.equals("model"), text);
      if (role.equals("user") && !text.isEmpty() && turns.partial() == null) {
        lastUser = text;
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      for (JsonNode declaration : tool.path("functionDeclarations")) {
        String name = Json.textOrNull(declaration.get("name"));
        if (name != null) {
          tools.add(name);
        }
      }
    }
    boolean json =
        body.path("generationConfig")
            .path("responseMimeType")
            .asText("")
            .equals("application/json");
    return new ParsedRequest(
        route.pathModel(),
        lastUser,
        route.stream(),
        route.sse(),
        tools,
        json,
        false,
        chars,
        turns.partial());
  }

  private static String partsText(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : parts) {
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
    ObjectNode body;
    switch (completion.kind()) {
      case FILTERED:
        body = blocked(completion);
        break;
      case REFUSAL:
        body = response(Json.array().add(safetyStop()), usage(completion, false));
        break;
      case TOOL_CALL:
        body =
            response(
                Json.array().add(candidate(toolPart(completion), "STOP")), usage(completion, true));
        break;
      case EMPTY:
        body = response(Json.array().add(candidate(null, "STOP")), usage(completion, false));
        break;
      default:
        body =
            response(
                Json.array().add(candidate(textPart(completion.text()), finishReason(completion))),
                usage(completion, true));
    }
    finish(body, request);
    return HttpReply.of(200, successHeaders(), Json.write(body));
  }

  @Override
  Map<String, String> streamHeaders(ParsedRequest request, Instant now) {
    Map<String, String> headers = successHeaders();
    headers.put(
        "content-type", request.sse() ? "text/event-stream" : "application/json; charset=UTF-8");
    return headers;
  }

  @Override
  List<Frame> stream(ParsedRequest request, Completion completion, Instant now) {
    String responseId = ids.base62(22);
    List<ObjectNode> bodies = new ArrayList<>();
    List<Boolean> chunks = new ArrayList<>();
    switch (completion.kind()) {
      case FILTERED:
        bodies.add(blocked(completion));
        chunks.add(false);
        break;
      case REFUSAL:
        bodies.add(response(Json.array().add(safetyStop()), usage(completion, false)));
        chunks.add(false);
        break;
      case EMPTY:
        bodies.add(response(Json.array().add(candidate(null, "STOP")), usage(completion, false)));
        chunks.add(false);
        break;
      case TOOL_CALL:
        bodies.add(
            response(
                Json.array().add(candidate(toolPart(completion), "STOP")),
                usage(completion, true)));
        chunks.add(true);
        break;
      default:
        List<String> pieces = completion.chunks();
        for (int i = 0; i < pieces.size(); i++) {
          boolean last = i == pieces.size() - 1;
          ObjectNode usage =
              last
                  ? usage(completion, true)
                  : Json.object()
                      .put("promptTokenCount", completion.promptTokens())
                      .put("totalTokenCount", completion.promptTokens());
          bodies.add(
              response(
                  Json.array()
                      .add(
                          candidate(
                              textPart(pieces.get(i)), last ? finishReason(completion) : null)),
                  usage));
          chunks.add(true);
        }
    }
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      ObjectNode body = bodies.get(i);
      body.put("modelVersion", request.model());
      body.put("responseId", responseId);
      String text = request.sse() ? data(body) : (i == 0 ? "[" : ",\r\n") + Json.write(body);
      frames.add(new Frame(text, chunks.get(i)));
    }
    if (!request.sse()) {
      frames.add(Frame.preamble(bodies.isEmpty() ? "[]" : "]"));
    }
    return frames;
  }

  @Override
  List<Frame> streamError(ParsedRequest request, int framesSent) {
    ObjectNode error =
        errorBody(503, "The model is overloaded. Please try again later.", "UNAVAILABLE");
    if (request.sse()) {
      return List.of(Frame.preamble(data(error)));
    }
    return List.of(Frame.preamble((framesSent == 0 ? "[" : ",\r\n") + Json.write(error) + "]"));
  }

  private static ObjectNode response(ArrayNode candidates, ObjectNode usage) {
    ObjectNode body = Json.object();
    body.set("candidates", candidates);
    body.set("usageMetadata", usage);
    return body;
  }

  private void finish(ObjectNode body, ParsedRequest request) {
    body.put("modelVersion", request.model());
    body.put("responseId", ids.base62(22));
  }

  private static ObjectNode candidate(ObjectNode part, String finishReason) {
    ObjectNode content = Json.object();
    if (part != null) {
      content.set("parts", Json.array().add(part));
    }
    content.put("role", "model");
    ObjectNode candidate = Json.object();
    candidate.set("content", content);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    candidate.put("index", 0);
    return candidate;
  }

  private static ObjectNode safetyStop() {
    ObjectNode candidate = Json.object().put("finishReason", "SAFETY").put("index", 0);
    candidate.set("safetyRatings", safetyRatings());
    return candidate;
  }

  private static ObjectNode blocked(Completion completion) {
    ObjectNode feedback = Json.object().put("blockReason", "SAFETY");
    feedback.set("safetyRatings", safetyRatings());
    ObjectNode body = Json.object();
    body.set("promptFeedback", feedback);
    body.set(
        "usageMetadata",
        Json.object()
            .put("promptTokenCount", completion.promptTokens())
            .put("totalTokenCount", completion.promptTokens()));
    return body;
  }

  private static ArrayNode safetyRatings() {
    ArrayNode ratings = Json.array();
    ratings.add(
        Json.object()
            .put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
            .put("probability", "HIGH")
            .put("blocked", true));
    ratings.add(
        Json.object().put("category", "HARM_CATEGORY_HARASSMENT").put("probability", "NEGLIGIBLE"));
    ratings.add(
        Json.object()
            .put("category", "HARM_CATEGORY_HATE_SPEECH")
            .put("probability", "NEGLIGIBLE"));
    ratings.add(
        Json.object()
            .put("category", "HARM_CATEGORY_SEXUALLY_EXPLICIT")
            .put("probability", "NEGLIGIBLE"));
    return ratings;
  }

  private static ObjectNode textPart(String text) {
    return Json.object().put("text", text);
  }

  private static ObjectNode toolPart(Completion completion) {
    ObjectNode call = Json.object().put("name", completion.toolName());
    call.set("args", Json.parseOrNull(completion.toolArguments()));
    ObjectNode part = Json.object();
    part.set("functionCall", call);
    return part;
  }

  private static String finishReason(Completion completion) {
    return completion.kind() == Completion.Kind.TRUNCATED ? "MAX_TOKENS" : "STOP";
  }

  private static ObjectNode usage(Completion completion, boolean withCandidates) {
    int prompt = completion.promptTokens();
    int output = withCandidates ? completion.completionTokens() : 0;
    ObjectNode usage = Json.object().put("promptTokenCount", prompt);
    if (withCandidates) {
      usage.put("candidatesTokenCount", output);
    }
    usage.put("totalTokenCount", prompt + output);
    usage.set(
        "promptTokensDetails",
        Json.array().add(Json.object().put("modality", "TEXT").put("tokenCount", prompt)));
    return usage;
  }

  private static Map<String, String> successHeaders() {
    return headers(
        "content-type", "application/json; charset=UTF-8",
        "vary", "Origin, X-Origin, Referer",
        "server", "scaffolding on HTTPServer2",
        "x-xss-protection", "0",
        "x-frame-options", "SAMEORIGIN",
        "x-content-type-options", "nosniff");
  }

  /** Google's streams end events with CRLF pairs. */
  private static String data(ObjectNode body) {
    return "data: " + Json.write(body) + "\r\n\r\n";
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
    String name = model == null ? "gemini-2.0-flash" : model;
    switch (error) {
      case BAD_GATEWAY:
        return googlePage(
            502,
            "Server Error",
            "The server encountered a temporary error and could not"
                + " complete your request.<p>Please try again in 30 seconds.");
      case BAD_REQUEST:
        if (request == null) {
          String message = "Invalid JSON payload received. Unexpected token.";
          ObjectNode body = errorBody(400, message, "INVALID_ARGUMENT");
          ObjectNode badRequest =
              Json.object().put("@type", "type.googleapis.com/google.rpc.BadRequest");
          badRequest.set(
              "fieldViolations", Json.array().add(Json.object().put("description", message)));
          ((ObjectNode) body.get("error")).set("details", Json.array().add(badRequest));
          return json(body);
        }
        return corpus(error, name, request, retryAfter);
      case BY_STATUS:
        return byStatus(status, request, model, now);
      default:
        return corpus(error, name, request, retryAfter);
    }
  }

  /** The corpus body for {@code error}; the status is the body's {@code error.code}. */
  private HttpReply corpus(
      ErrorCase error, String model, ParsedRequest request, Duration retryAfter) {
    ErrorBodies.Entry entry = ErrorBodies.of(WireFormat.GEMINI, error);
    int asked = Math.max(CONTEXT_WINDOW + 101, request == null ? 0 : request.promptTokens());
    return json(
        entry.render(
            Map.of(
                "model",
                model,
                "contextWindow",
                Integer.toString(CONTEXT_WINDOW),
                "promptTokens",
                Integer.toString(asked),
                "retryDelay",
                protobufDuration(retryAfter == null ? Fault.DEFAULT_RETRY_AFTER : retryAfter))));
  }

  private HttpReply byStatus(int status, ParsedRequest request, String model, Instant now) {
    switch (status) {
      case 400:
        return error(ErrorCase.BAD_REQUEST, request, model, 0, null, now);
      case 401:
        return json(
            errorBody(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access token,"
                    + " login cookie or other valid authentication credential. See"
                    + " https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "UNAUTHENTICATED"));
      case 402:
        return json(
            errorBody(
                402,
                "Your prepayment credits are depleted. Please go to AI Studio at"
                    + " https://ai.studio/projects to manage your project and billing.",
                "RESOURCE_EXHAUSTED"));
      case 403:
        return json(
            errorBody(
                403,
                "Method doesn't allow unregistered callers (callers without established identity)."
                    + " Please use API Key or other form of API consumer identity to call this"
                    + " API.",
                "PERMISSION_DENIED"));
      case 404:
        return error(ErrorCase.MODEL_NOT_FOUND, request, model, 0, null, now);
      case 429:
        return error(ErrorCase.RATE_LIMITED, request, model, 0, null, now);
      case 500:
        return error(ErrorCase.SERVER_ERROR, request, model, 0, null, now);
      case 502:
        return error(ErrorCase.BAD_GATEWAY, request, model, 0, null, now);
      case 503:
        return error(ErrorCase.OVERLOADED, request, model, 0, null, now);
      case 504:
        return json(
            errorBody(
                504, "Deadline expired before operation could complete.", "DEADLINE_EXCEEDED"));
      default:
        return json(
            errorBody(status, "The service returned HTTP " + status + ".", grpcStatus(status)));
    }
  }

  private static String grpcStatus(int status) {
    switch (status) {
      case 408:
        return "DEADLINE_EXCEEDED";
      case 409:
        return "ABORTED";
      case 413:
      case 422:
        return "INVALID_ARGUMENT";
      case 499:
        return "CANCELLED";
      case 501:
        return "UNIMPLEMENTED";
      default:
        return status >= 500 ? "UNAVAILABLE" : "FAILED_PRECONDITION";
    }
  }

  /** A google.protobuf.Duration in JSON: "47s", "0.120s", "10.673410956s". */
  static String protobufDuration(Duration wait) {
    BigDecimal seconds =
        BigDecimal.valueOf(wait.getSeconds()).add(BigDecimal.valueOf(wait.getNano(), 9));
    if (wait.getNano() == 0) {
      return wait.getSeconds() + "s";
    }
    int scale = wait.getNano() % 1_000_000 == 0 ? 3 : wait.getNano() % 1_000 == 0 ? 6 : 9;
    return seconds.setScale(scale).toPlainString() + "s";
  }

  @Override
  HttpReply unknownPath(String method, String path) {
    return googlePage(
        404,
        "Not Found",
        "The requested URL <code>"
            + path.replace("<", "&lt;")
            + "</code> was not found on this server.");
  }

  private static ObjectNode errorBody(int code, String message, String status) {
    ObjectNode body = Json.object();
    body.set(
        "error", Json.object().put("code", code).put("message", message).put("status", status));
    return body;
  }

  private static HttpReply json(ObjectNode body) {
    return HttpReply.of(
        body.path("error").path("code").asInt(),
        headers(
            "content-type", "application/json; charset=UTF-8",
            "vary", "Origin, X-Origin, Referer",
            "server", "scaffolding on HTTPServer2"),
        Json.write(body));
  }

  /** Google's front-end error page ("Error 502 (Server Error)!!1"). */
  private static HttpReply googlePage(int status, String reason, String explanation) {
    String page =
        "<!DOCTYPE html>\n"
            + "<html lang=en>\n"
            + "  <meta charset=utf-8>\n"
            + "  <meta name=viewport content=\"initial-scale=1, minimum-scale=1,"
            + " width=device-width\">\n"
            + "  <title>Error "
            + status
            + " ("
            + reason
            + ")!!1</title>\n"
            + "  <style>\n"
            + "    *{margin:0;padding:0}html,code{font:15px/22px"
            + " arial,sans-serif}html{background:#fff;color:#222;padding:15px}body{margin:7% auto"
            + " 0;max-width:390px;min-height:180px;padding:30px 0 15px}\n"
            + "  </style>\n"
            + "  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n"
            + "  <p><b>"
            + status
            + ".</b> <ins>That\u2019s an error.</ins>\n"
            + "  <p>"
            + explanation
            + "  <ins>That\u2019s all we know.</ins>\n";
    return HttpReply.of(
        status,
        headers("content-type", "text/html; charset=UTF-8", "referrer-policy", "no-referrer"),
        page);
  }
}
