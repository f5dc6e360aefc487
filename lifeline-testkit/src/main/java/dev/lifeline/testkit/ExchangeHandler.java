package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Serves one exchange of a {@link FakeLlmServer}: records it, picks its fault, and plays it.
 *
 * <p>Dropping a connection relies on the JDK server's contract: closing an exchange before its
 * response started closes the connection, and a handler that throws has its connection closed,
 * without the final chunk of a chunked body.
 */
final class ExchangeHandler implements HttpHandler {

  /** Thrown to make the JDK server drop the connection as it stands. */
  static final class DropConnection extends IOException {
    DropConnection(String why) {
      super(why);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // expected control flow, not a bug: no stack trace to fill
    }
  }

  /** How much of the default answer quotes the question. */
  static final int QUOTE_LENGTH = 80;

  private final FakeLlmServer server;
  private final WireCodec codec;

  ExchangeHandler(FakeLlmServer server, WireCodec codec) {
    this.server = server;
    this.codec = codec;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    CountDownLatch release = server.gate().current();
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String body = new String(bytes, StandardCharsets.UTF_8);
    URI uri = exchange.getRequestURI();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    WireCodec.Route route = codec.route(method, uri.getPath(), uri.getRawQuery());
    EmbeddingCodec.Route embedding =
        route == null ? EmbeddingCodec.route(server.wireFormat(), method, uri.getPath()) : null;
    JsonNode json = Json.parseOrNull(body);
    String model =
        embedding != null
            ? embedding.modelOf(json)
            : codec.modelOf(route, json != null && json.isObject() ? json : null);
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RecordedRequest recorded =
        server.record(method, pathAndQuery, headersOf(exchange), body, model);
    Instant now = server.ticker().now();

    if (route == null && embedding == null) {
      send(exchange, codec.unknownPath(method, uri.getPath()));
      return;
    }
    String requiredKey = server.requiredApiKey();
    if (requiredKey != null && !requiredKey.equals(recorded.apiKey().orElse(null))) {
      send(exchange, codec.error(ErrorCase.UNAUTHORIZED, null, model, 0, null, now));
      return;
    }
    if (json == null || !json.isObject()) {
      send(exchange, codec.error(ErrorCase.BAD_REQUEST, null, model, 0, null, now));
      return;
    }
    if (embedding != null) {
      new EmbeddingExchange(server, codec).serve(exchange, embedding, json, model, release);
      return;
    }
    java.util.Optional<HttpReply> refused = codec.refuse(json);
    if (refused.isPresent()) {
      send(exchange, refused.get()); // as the providers do, before any script plays
      return;
    }
    ParsedRequest request = codec.parse(route, json);
    Fault fault = server.resolve(model);
    if (!fault.latency().isNone() && server.waiter().await(release, fault.latency().draw())) {
      throw new DropConnection("server stopping or reset during latency");
    }
    play(exchange, fault, request, model, release);
  }

  private void play(
      HttpExchange exchange,
      Fault fault,
      ParsedRequest request,
      String model,
      CountDownLatch release)
      throws IOException {
    Instant now = server.ticker().now();
    if (fault instanceof Fault.ProviderError error) {
      send(
          exchange,
          codec.error(error.errorCase(), request, model, error.status(), error.retryAfter(), now));
    } else if (fault instanceof Fault.Raw raw) {
      send(exchange, WireCodec.raw(raw.status(), raw.body(), raw.headers()));
    } else if (fault instanceof Fault.Hang) {
      ReleaseGate.awaitRelease(release);
      throw new DropConnection("hung exchange released");
    } else if (fault instanceof Fault.ResetConnection) {
      exchange.close(); // before the response started: the JDK server closes the connection
    } else if (fault instanceof Fault.MalformedJson) {
      malformed(exchange, request, completion(request, model, Fault.healthy()), now);
    } else if (fault instanceof Fault.CloseMidBody) {
      closeMidBody(exchange, request, completion(request, model, Fault.healthy()), now);
    } else if (FaultText.isStreamFault(fault)) {
      streamFault(
          exchange, fault, request, completion(request, model, Fault.healthy()), now, release);
    } else {
      // Healthy and the 200-OK silent failures.
      answer(exchange, request, completion(request, model, fault), now);
    }
  }

  private void streamFault(
      HttpExchange exchange,
      Fault fault,
      ParsedRequest request,
      Completion completion,
      Instant now,
      CountDownLatch release)
      throws IOException {
    if (!request.stream()) {
      if (fault instanceof Fault.SlowStream slow) {
        if (server.waiter().await(release, slow.perChunk())) {
          throw new DropConnection("server stopping or reset");
        }
        answer(exchange, request, completion, now);
      } else if (fault instanceof Fault.StallStream) {
        HttpReply reply = codec.answer(request, completion, now);
        startFixed(exchange, reply);
        OutputStream out = exchange.getResponseBody();
        out.write(reply.body(), 0, reply.body().length / 2);
        out.flush();
        ReleaseGate.awaitRelease(release);
        throw new DropConnection("stalled exchange released");
      } else if (fault instanceof Fault.CutStream) {
        closeMidBody(exchange, request, completion, now);
      } else { // MidStreamError
        send(exchange, codec.error(ErrorCase.OVERLOADED, request, request.model(), 0, null, now));
      }
      return;
    }
    List<Frame> frames = codec.stream(request, completion, now);
    startStream(exchange, request, now);
    OutputStream out = exchange.getResponseBody();
    if (fault instanceof Fault.SlowStream slow) {
      for (Frame frame : frames) {
        if (server.waiter().await(release, slow.perChunk())) {
          throw new DropConnection("server stopping or reset mid-stream");
        }
        write(out, frame.text());
      }
      exchange.close();
    } else if (fault instanceof Fault.StallStream stall) {
      writeAll(out, frames.subList(0, prefixEnd(frames, stall.afterChunks())));
      ReleaseGate.awaitRelease(release);
      throw new DropConnection("stalled stream released");
    } else if (fault instanceof Fault.CutStream cut) {
      writeAll(out, frames.subList(0, prefixEnd(frames, cut.afterChunks())));
      exchange.close(); // a clean end of the HTTP body, without the stream's own end
    } else {
      int end = prefixEnd(frames, ((Fault.MidStreamError) fault).afterChunks());
      writeAll(out, frames.subList(0, end));
      writeAll(out, codec.streamError(request, end));
      exchange.close();
    }
  }

  /**
   * How many frames precede the fault: the preamble and {@code afterChunks} answer chunks, never
   * the last frame (the stream's end).
   */
  static int prefixEnd(List<Frame> frames, int afterChunks) {
    int seen = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).answerChunk()) {
        if (seen == afterChunks) {
          return Math.min(i, frames.size() - 1);
        }
        seen++;
      }
    }
    return Math.max(0, frames.size() - 1);
  }

  private void answer(
      HttpExchange exchange, ParsedRequest request, Completion completion, Instant now)
      throws IOException {
    if (!request.stream()) {
      send(exchange, codec.answer(request, completion, now));
      return;
    }
    List<Frame> frames = codec.stream(request, completion, now);
    startStream(exchange, request, now);
    writeAll(exchange.getResponseBody(), frames);
    exchange.close();
  }

  private void malformed(
      HttpExchange exchange, ParsedRequest request, Completion completion, Instant now)
      throws IOException {
    if (!request.stream()) {
      HttpReply reply = codec.answer(request, completion, now);
      String text = new String(reply.body(), StandardCharsets.UTF_8);
      send(exchange, HttpReply.of(200, reply.headers(), text.substring(0, text.length() / 2)));
      return;
    }
    List<Frame> frames = new java.util.ArrayList<>(codec.stream(request, completion, now));
    int target = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).answerChunk()) {
        target = i;
        break;
      }
    }
    frames.set(target, new Frame(breakJson(frames.get(target).text()), true));
    startStream(exchange, request, now);
    writeAll(exchange.getResponseBody(), frames);
    exchange.close();
  }

  /**
   * The frame with its JSON cut in half, keeping what surrounds it (the SSE field and blank line).
   */
  static String breakJson(String frame) {
    int start = frame.indexOf('{');
    int end = frame.lastIndexOf('}');
    if (start < 0 || end < start) {
      return frame;
    }
    String json = frame.substring(start, end + 1);
    return frame.substring(0, start)
        + json.substring(0, json.length() / 2)
        + frame.substring(end + 1);
  }

  private void closeMidBody(
      HttpExchange exchange, ParsedRequest request, Completion completion, Instant now)
      throws IOException {
    if (request.stream()) {
      StringBuilder all = new StringBuilder();
      codec.stream(request, completion, now).forEach(frame -> all.append(frame.text()));
      startStream(exchange, request, now);
      OutputStream out = exchange.getResponseBody();
      write(out, all.substring(0, all.length() / 2));
      throw new DropConnection("closed mid-body");
    }
    HttpReply reply = codec.answer(request, completion, now);
    startFixed(exchange, reply);
    OutputStream out = exchange.getResponseBody();
    out.write(reply.body(), 0, reply.body().length / 2);
    out.flush();
    throw new DropConnection("closed mid-body");
  }

  /** The answer a healthy (or silently failing) model gives to {@code request}. */
  private Completion completion(ParsedRequest request, String model, Fault fault) {
    int promptTokens = request.promptTokens();
    if (fault instanceof Fault.Refusal) {
      return Completion.refusal(promptTokens);
    }
    if (fault instanceof Fault.EmptyAnswer) {
      return Completion.empty(promptTokens);
    }
    if (fault instanceof Fault.ContentFiltered) {
      return Completion.filtered(promptTokens);
    }
    boolean truncated = fault instanceof Fault.Truncated;
    String toolName = server.answerSetting(model, Script::configuredToolName);
    if (toolName != null && request.toolNames().contains(toolName) && !truncated) {
      String arguments = server.answerSetting(model, Script::configuredToolArguments);
      return Completion.toolCall(toolName, arguments, promptTokens);
    }
    String text;
    String defaultText = defaultText(request.lastUserMessage());
    if (request.wantsJson()) {
      String json = server.answerSetting(model, Script::configuredJsonAnswer);
      text = json != null ? json : Json.write(Json.object().put("answer", defaultText));
    } else {
      String configured = server.answerSetting(model, Script::configuredAnswerText);
      text = configured != null ? configured : defaultText;
    }
    String partial = request.partialAnswer();
    if (partial != null && !truncated && text.startsWith(partial.stripTrailing())) {
      // Asked to continue an answer it would have given: the rest of it, as a model continues.
      text = text.substring(partial.stripTrailing().length());
    }
    return truncated
        ? Completion.truncated(text, promptTokens)
        : Completion.text(text, promptTokens);
  }

  /** "Answer to: " and the first 80 characters of the question. */
  static String defaultText(String question) {
    String quoted = question.strip().replaceAll("\\s+", " ");
    if (quoted.codePointCount(0, quoted.length()) > QUOTE_LENGTH) {
      quoted = quoted.substring(0, quoted.offsetByCodePoints(0, QUOTE_LENGTH));
    }
    return "Answer to: " + quoted;
  }

  // ---- writing
  // -------------------------------------------------------------------------------------

  static void send(HttpExchange exchange, HttpReply reply) throws IOException {
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private static void startFixed(HttpExchange exchange, HttpReply reply) throws IOException {
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(reply.status(), reply.body().length);
  }

  private void startStream(HttpExchange exchange, ParsedRequest request, Instant now)
      throws IOException {
    codec
        .streamHeaders(request, now)
        .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(200, 0); // chunked
  }

  private static void writeAll(OutputStream out, List<Frame> frames) throws IOException {
    for (Frame frame : frames) {
      write(out, frame.text());
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Map<String, List<String>> headersOf(HttpExchange exchange) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) ->
                headers.merge(
                    name.toLowerCase(Locale.ROOT),
                    List.copyOf(values),
                    (a, b) -> {
                      List<String> both = new java.util.ArrayList<>(a);
                      both.addAll(b);
                      return List.copyOf(both);
                    }));
    return headers;
  }
}
