package dev.lifeline.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FakeLlmServer} does with one request: answer, fail with a status, misbehave on the
 * connection, break a stream, or answer 200 OK with something useless.
 *
 * <p>Error statuses are rendered in the wire format of the server that plays them, with that
 * provider's real body and headers (see each factory). Any fault can carry a {@link Latency}
 * applied before the response headers ({@link #withLatency(Duration)}). Immutable and thread-safe;
 * a fault may be queued many times and shared between servers.
 *
 * <p>Streaming faults count <em>answer chunks</em>: the events that carry part of the answer
 * (OpenAI content/refusal/tool-argument deltas, Anthropic {@code content_block_delta}s, Gemini
 * chunks). The preamble (OpenAI's role chunk; Anthropic's {@code message_start}, {@code
 * content_block_start} and {@code ping}) always precedes them. On a request that does not stream,
 * {@link #slowStream} waits once before the headers, {@link #stallStream} sends the headers and
 * part of the body then goes silent, {@link #cutStream} acts as {@link #closeMidBody()}, and {@link
 * #midStreamError} answers as {@link #overloaded()}.
 */
public final class Fault {

  /** Retry-After used by {@link #rateLimited()}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  enum Kind {
    HEALTHY,
    REFUSAL,
    EMPTY_ANSWER,
    TRUNCATED,
    CONTENT_FILTERED,
    MALFORMED_JSON,
    ERROR,
    RAW,
    HANG,
    RESET_CONNECTION,
    CLOSE_MID_BODY,
    SLOW_STREAM,
    STALL_STREAM,
    CUT_STREAM,
    MID_STREAM_ERROR
  }

  private static final Fault HEALTHY =
      new Fault(Kind.HEALTHY, null, 0, null, Map.of(), null, 0, null);

  private final Kind kind;
  private final ErrorCase error;
  private final int status;
  private final String body;
  private final Map<String, String> headers;
  private final Duration duration;
  private final int afterChunks;
  private final Latency latency;

  private Fault(
      Kind kind,
      ErrorCase error,
      int status,
      String body,
      Map<String, String> headers,
      Duration duration,
      int afterChunks,
      Latency latency) {
    this.kind = kind;
    this.error = error;
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.duration = duration;
    this.afterChunks = afterChunks;
    this.latency = latency;
  }

  // ---- answers
  // -------------------------------------------------------------------------------------

  /** A normal answer (the server's configured text, tool call or JSON; see {@link Script}). */
  public static Fault healthy() {
    return HEALTHY;
  }

  /** A normal answer after a fixed {@code delay} before the headers. */
  public static Fault latency(Duration delay) {
    return HEALTHY.withLatency(delay);
  }

  /** A normal answer after a wait drawn from {@code latency}. */
  public static Fault latency(Latency latency) {
    return HEALTHY.withLatency(latency);
  }

  // ---- error statuses
  // ------------------------------------------------------------------------------

  /** {@link #rateLimited(Duration)} with a Retry-After of one second. */
  public static Fault rateLimited() {
    return rateLimited(DEFAULT_RETRY_AFTER);
  }

  /**
   * 429 with the provider's rate-limit body and headers, saying to retry after {@code retryAfter}.
   *
   * <p>OpenAI: {@code rate_limit_exceeded} ("Please try again in 1.5s."), {@code retry-after}
   * (whole seconds, rounded up), {@code retry-after-ms} and {@code x-ratelimit-*} headers with the
   * reset as a Go duration. Anthropic: {@code rate_limit_error}, {@code retry-after} (whole
   * seconds, rounded up) and {@code anthropic-ratelimit-*} headers with the reset as RFC 3339.
   * Gemini: {@code RESOURCE_EXHAUSTED} with a per-minute {@code QuotaFailure} and {@code
   * RetryInfo.retryDelay}; like Google, no Retry-After header.
   *
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public static Fault rateLimited(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative but was " + retryAfter);
    }
    return error(ErrorCase.RATE_LIMITED, 429, retryAfter);
  }

  /**
   * The provider is overloaded: Anthropic 529 {@code overloaded_error}; OpenAI 503 "The engine is
   * currently overloaded"; Gemini 503 {@code UNAVAILABLE} "The model is overloaded".
   */
  public static Fault overloaded() {
    return new Fault(Kind.ERROR, ErrorCase.OVERLOADED, 0, null, Map.of(), null, 0, null);
  }

  /**
   * 500 with the provider's internal-error body ({@code server_error}, {@code api_error}, {@code
   * INTERNAL}).
   */
  public static Fault serverError() {
    return error(ErrorCase.SERVER_ERROR, 500, null);
  }

  /**
   * 502 from the CDN in front of the provider, as {@code text/html}: Cloudflare's page for OpenAI
   * and Anthropic ({@code <title>api.openai.com | 502: Bad gateway</title>}, {@code server:
   * cloudflare}, {@code cf-ray}), Google's front-end page for Gemini ({@code Error 502 (Server
   * Error)!!1}).
   */
  public static Fault badGateway() {
    return error(ErrorCase.BAD_GATEWAY, 502, null);
  }

  /**
   * The key is refused: OpenAI 401 {@code invalid_api_key}; Anthropic 401 {@code
   * authentication_error}; Gemini, as Google does for API keys, 400 {@code INVALID_ARGUMENT} with
   * {@code ErrorInfo.reason API_KEY_INVALID} (use {@code status(401)} for Google's OAuth-style 401
   * {@code UNAUTHENTICATED}).
   */
  public static Fault unauthorized() {
    return new Fault(Kind.ERROR, ErrorCase.UNAUTHORIZED, 0, null, Map.of(), null, 0, null);
  }

  /**
   * The account is out of money or daily quota: OpenAI 429 {@code insufficient_quota}; Anthropic
   * 400 "Your credit balance is too low"; Gemini 429 {@code RESOURCE_EXHAUSTED} with a {@code
   * PerDay} quota id.
   */
  public static Fault quotaExhausted() {
    return new Fault(Kind.ERROR, ErrorCase.QUOTA_EXHAUSTED, 0, null, Map.of(), null, 0, null);
  }

  /**
   * 400 with the provider's context-overflow wording: OpenAI {@code context_length_exceeded}
   * ("maximum context length is"), Anthropic "prompt is too long: N tokens > M maximum", Gemini
   * "The input token count (N) exceeds the maximum number of tokens allowed (M)."
   */
  public static Fault contextLengthExceeded() {
    return error(ErrorCase.CONTEXT_LENGTH_EXCEEDED, 400, null);
  }

  /**
   * 404 naming the requested model ({@code model_not_found}, {@code not_found_error}, {@code
   * NOT_FOUND}).
   */
  public static Fault modelNotFound() {
    return error(ErrorCase.MODEL_NOT_FOUND, 404, null);
  }

  /** 400 for a malformed request ({@code invalid_request_error}, {@code INVALID_ARGUMENT}). */
  public static Fault badRequest() {
    return error(ErrorCase.BAD_REQUEST, 400, null);
  }

  /**
   * {@code status} with the provider's usual body and headers for it (for example 403 permission,
   * 413 request too large, 504 timeout, 529 overloaded, 520-524 CDN pages); a status the provider
   * has no usual body for gets a generic one in the provider's error envelope.
   *
   * @throws IllegalArgumentException if {@code status} is not in 400..599
   */
  public static Fault status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be in 400..599 but was " + status);
    }
    return error(ErrorCase.BY_STATUS, status, null);
  }

  /**
   * Exactly {@code status}, {@code body} and {@code headers}, whatever the wire format. The content
   * type is guessed from the body (JSON, HTML or plain text) unless {@code headers} sets one.
   *
   * @throws IllegalArgumentException if {@code status} is not in 200..599
   */
  public static Fault status(int status, String body, Map<String, String> headers) {
    requireStatus(status);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    return new Fault(Kind.RAW, null, status, body, copyOf(headers), null, 0, null);
  }

  // ---- connection faults
  // ---------------------------------------------------------------------------

  /**
   * Accepts the request and never answers. The exchange is released (the connection closed) when
   * the server stops or is {@linkplain FakeLlmServer#reset() reset}.
   */
  public static Fault hang() {
    return new Fault(Kind.HANG, null, 0, null, Map.of(), null, 0, null);
  }

  /**
   * Drops the connection without a response. Approximated: the JDK's HTTP server gives no access to
   * the socket, so this is an orderly close (FIN) rather than a TCP RST; clients see it the same
   * way, as an {@code IOException} with no response.
   */
  public static Fault resetConnection() {
    return new Fault(Kind.RESET_CONNECTION, null, 0, null, Map.of(), null, 0, null);
  }

  /**
   * Sends 200 and its headers, then part of the body, then drops the connection: a body shorter
   * than its {@code Content-Length}, or a chunked stream without its last chunk.
   */
  public static Fault closeMidBody() {
    return new Fault(Kind.CLOSE_MID_BODY, null, 0, null, Map.of(), null, 0, null);
  }

  // ---- stream faults
  // -------------------------------------------------------------------------------

  /**
   * A complete, valid stream with {@code perChunk} before every event.
   *
   * @throws IllegalArgumentException if {@code perChunk} is negative
   */
  public static Fault slowStream(Duration perChunk) {
    Objects.requireNonNull(perChunk, "perChunk");
    if (perChunk.isNegative()) {
      throw new IllegalArgumentException("perChunk must not be negative but was " + perChunk);
    }
    return new Fault(Kind.SLOW_STREAM, null, 0, null, Map.of(), perChunk, 0, null);
  }

  /**
   * Sends the preamble and {@code afterChunks} answer chunks, then goes silent with the connection
   * open, until the server stops or is reset.
   *
   * @throws IllegalArgumentException if {@code afterChunks} is negative
   */
  public static Fault stallStream(int afterChunks) {
    return new Fault(
        Kind.STALL_STREAM, null, 0, null, Map.of(), null, requireChunks(afterChunks), null);
  }

  /**
   * Sends the preamble and {@code afterChunks} answer chunks, then ends the HTTP response cleanly
   * without the stream's end: no finish reason, no {@code [DONE]} / {@code message_stop} (at most
   * every event but the last is sent).
   *
   * @throws IllegalArgumentException if {@code afterChunks} is negative
   */
  public static Fault cutStream(int afterChunks) {
    return new Fault(
        Kind.CUT_STREAM, null, 0, null, Map.of(), null, requireChunks(afterChunks), null);
  }

  /**
   * Sends the preamble and {@code afterChunks} answer chunks, then an in-band error: OpenAI {@code
   * data: {"error":{...}}} followed by {@code data: [DONE]}; Anthropic {@code event: error} with
   * {@code overloaded_error}; Gemini a chunk {@code
   * {"error":{"code":503,...,"status":"UNAVAILABLE"}}}.
   *
   * @throws IllegalArgumentException if {@code afterChunks} is negative
   */
  public static Fault midStreamError(int afterChunks) {
    return new Fault(
        Kind.MID_STREAM_ERROR, null, 0, null, Map.of(), null, requireChunks(afterChunks), null);
  }

  // ---- 200 OK silent failures
  // ----------------------------------------------------------------------

  /**
   * 200 with a refusal: OpenAI {@code message.refusal} set, {@code content} null, {@code
   * finish_reason} still {@code stop}; Anthropic {@code stop_reason: "refusal"} with no content;
   * Gemini {@code finishReason: SAFETY} with no parts.
   */
  public static Fault refusal() {
    return new Fault(Kind.REFUSAL, null, 0, null, Map.of(), null, 0, null);
  }

  /** 200 with no answer: empty content, a normal stop reason and zero completion tokens. */
  public static Fault emptyAnswer() {
    return new Fault(Kind.EMPTY_ANSWER, null, 0, null, Map.of(), null, 0, null);
  }

  /**
   * 200 with the first half of the answer and the length stop reason ({@code length}, {@code
   * max_tokens}, {@code MAX_TOKENS}).
   */
  public static Fault truncated() {
    return new Fault(Kind.TRUNCATED, null, 0, null, Map.of(), null, 0, null);
  }

  /**
   * 200 {@code application/json} whose body is cut off mid-object (fully transmitted: the transfer
   * is fine, the JSON is not). Streaming, one event's JSON is cut off and the stream then ends
   * normally.
   */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, null, 0, null, Map.of(), null, 0, null);
  }

  /**
   * 200 blocked by the provider's filter: OpenAI {@code finish_reason: content_filter} with null
   * content; Gemini {@code promptFeedback.blockReason: SAFETY} with no candidates; Anthropic, which
   * has no such filter, a {@code stop_reason: "refusal"}.
   */
  public static Fault contentFiltered() {
    return new Fault(Kind.CONTENT_FILTERED, null, 0, null, Map.of(), null, 0, null);
  }

  // ---- composition
  // ---------------------------------------------------------------------------------

  /**
   * This fault after a fixed {@code delay} before the response headers (for a hang or a reset,
   * before the connection is dropped).
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public Fault withLatency(Duration delay) {
    return withLatency(Latency.fixed(delay));
  }

  /** This fault after a wait drawn from {@code latency} before the response headers. */
  public Fault withLatency(Latency latency) {
    Objects.requireNonNull(latency, "latency");
    return new Fault(kind, error, status, body, headers, duration, afterChunks, latency);
  }

  // ---- package-private view
  // ------------------------------------------------------------------------

  Kind kind() {
    return kind;
  }

  ErrorCase error() {
    return error;
  }

  /** The status for {@link Kind#ERROR} (0 when the wire format chooses) and {@link Kind#RAW}. */
  int status() {
    return status;
  }

  String body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** Retry-After of a rate limit, or the per-chunk delay of a slow stream. */
  Duration duration() {
    return duration;
  }

  int afterChunks() {
    return afterChunks;
  }

  /** The latency before the headers, or null for none. */
  Latency latency() {
    return latency;
  }

  /** Whether this fault is about streams. */
  boolean isStreamFault() {
    return kind == Kind.SLOW_STREAM
        || kind == Kind.STALL_STREAM
        || kind == Kind.CUT_STREAM
        || kind == Kind.MID_STREAM_ERROR;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    switch (kind) {
      case ERROR:
        text.append(error == ErrorCase.BY_STATUS ? "status" : lowerCamel(error.name())).append('(');
        if (error == ErrorCase.BY_STATUS) {
          text.append(status);
        } else if (duration != null) {
          text.append(duration);
        }
        text.append(')');
        break;
      case RAW:
        text.append("status(").append(status).append(", raw body)");
        break;
      case SLOW_STREAM:
        text.append("slowStream(").append(duration).append(')');
        break;
      case STALL_STREAM:
      case CUT_STREAM:
      case MID_STREAM_ERROR:
        text.append(lowerCamel(kind.name())).append('(').append(afterChunks).append(')');
        break;
      default:
        text.append(lowerCamel(kind.name())).append("()");
    }
    if (latency != null) {
      text.append(" after ").append(latency);
    }
    return text.toString();
  }

  private static Fault error(ErrorCase error, int status, Duration retryAfter) {
    return new Fault(Kind.ERROR, error, status, null, Map.of(), retryAfter, 0, null);
  }

  private static void requireStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be in 200..599 but was " + status);
    }
  }

  private static int requireChunks(int afterChunks) {
    if (afterChunks < 0) {
      throw new IllegalArgumentException("afterChunks must be >= 0 but was " + afterChunks);
    }
    return afterChunks;
  }

  private static Map<String, String> copyOf(Map<String, String> headers) {
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            copy.put(
                Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, name)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static String lowerCamel(String constant) {
    StringBuilder text = new StringBuilder();
    boolean upper = false;
    for (char c : constant.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        text.append(upper ? c : Character.toLowerCase(c));
        upper = false;
      }
    }
    return text.toString();
  }
}
