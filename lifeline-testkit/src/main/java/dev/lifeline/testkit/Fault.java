package dev.lifeline.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FakeLlmServer} or a {@link ScriptedProvider} does with one request: answer, fail
 * with a status, misbehave on the connection, break a stream, or answer 200 OK with something
 * useless.
 *
 * <p>A fault is one of the records below; the static factories ({@link #rateLimited()}, {@link
 * #overloaded()}, {@link #hang()}...) are the friendly way to make one. Error statuses are rendered
 * in the wire format of the server that plays them, with that provider's real body and headers (see
 * each factory). Every fault carries a {@link Latency} waited before the response headers ({@link
 * #withLatency(Duration)}; none by default), on the server's clock. Immutable and thread-safe; a
 * fault may be queued many times and shared between servers.
 *
 * <p>Streaming faults count <em>answer chunks</em>: the events that carry part of the answer
 * (OpenAI content/refusal/tool-argument deltas, Anthropic {@code content_block_delta}s, Gemini
 * chunks). The preamble (OpenAI's role chunk; Anthropic's {@code message_start}, {@code
 * content_block_start} and {@code ping}) always precedes them. On a request that does not stream,
 * {@link #slowStream} waits once before the headers, {@link #stallStream} sends the headers and
 * part of the body then goes silent, {@link #cutStream} acts as {@link #closeMidBody()}, and {@link
 * #midStreamError} answers as {@link #overloaded()}.
 */
public sealed interface Fault
    permits Fault.Healthy,
        Fault.Refusal,
        Fault.EmptyAnswer,
        Fault.Truncated,
        Fault.ContentFiltered,
        Fault.MalformedJson,
        Fault.ProviderError,
        Fault.Raw,
        Fault.Hang,
        Fault.ResetConnection,
        Fault.CloseMidBody,
        Fault.SlowStream,
        Fault.StallStream,
        Fault.CutStream,
        Fault.MidStreamError {

  /** Retry-After used by {@link #rateLimited()}. */
  Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /** The wait before the response headers; {@link Latency#none()} when there is none. */
  Latency latency();

  /** This fault after a wait drawn from {@code latency} before the response headers. */
  Fault withLatency(Latency latency);

  /**
   * This fault after a fixed {@code delay} before the response headers (for a hang or a reset,
   * before the connection is dropped).
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  default Fault withLatency(Duration delay) {
    return withLatency(Latency.fixed(delay));
  }

  // ---- answers
  // -------------------------------------------------------------------------------------

  /** A normal answer (the server's configured text, tool call or JSON; see {@link Script}). */
  static Fault healthy() {
    return Healthy.NOW;
  }

  /** A normal answer after a fixed {@code delay} before the headers. */
  static Fault latency(Duration delay) {
    return healthy().withLatency(delay);
  }

  /** A normal answer after a wait drawn from {@code latency}. */
  static Fault latency(Latency latency) {
    return healthy().withLatency(latency);
  }

  // ---- error statuses
  // ------------------------------------------------------------------------------

  /** {@link #rateLimited(Duration)} with a Retry-After of one second. */
  static Fault rateLimited() {
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
  static Fault rateLimited(Duration retryAfter) {
    return new ProviderError(ErrorCase.RATE_LIMITED, 429, retryAfter, Latency.none());
  }

  /**
   * The provider is overloaded: Anthropic 529 {@code overloaded_error}; OpenAI 503 "The engine is
   * currently overloaded"; Gemini 503 {@code UNAVAILABLE} "The model is overloaded".
   */
  static Fault overloaded() {
    return ProviderError.of(ErrorCase.OVERLOADED, 0);
  }

  /**
   * 500 with the provider's internal-error body ({@code server_error}, {@code api_error}, {@code
   * INTERNAL}).
   */
  static Fault serverError() {
    return ProviderError.of(ErrorCase.SERVER_ERROR, 500);
  }

  /**
   * 502 from the CDN in front of the provider, as {@code text/html}: Cloudflare's page for OpenAI
   * and Anthropic ({@code <title>api.openai.com | 502: Bad gateway</title>}, {@code server:
   * cloudflare}, {@code cf-ray}), Google's front-end page for Gemini ({@code Error 502 (Server
   * Error)!!1}).
   */
  static Fault badGateway() {
    return ProviderError.of(ErrorCase.BAD_GATEWAY, 502);
  }

  /**
   * The key is refused: OpenAI 401 {@code invalid_api_key}; Anthropic 401 {@code
   * authentication_error}; Gemini, as Google does for API keys, 400 {@code INVALID_ARGUMENT} with
   * {@code ErrorInfo.reason API_KEY_INVALID} (use {@code status(401)} for Google's OAuth-style 401
   * {@code UNAUTHENTICATED}).
   */
  static Fault unauthorized() {
    return ProviderError.of(ErrorCase.UNAUTHORIZED, 0);
  }

  /**
   * The account is out of money or daily quota: OpenAI 429 {@code insufficient_quota}; Anthropic
   * 400 "Your credit balance is too low"; Gemini 429 {@code RESOURCE_EXHAUSTED} with a {@code
   * PerDay} quota id.
   */
  static Fault quotaExhausted() {
    return ProviderError.of(ErrorCase.QUOTA_EXHAUSTED, 0);
  }

  /**
   * 400 with the provider's context-overflow wording: OpenAI {@code context_length_exceeded}
   * ("maximum context length is"), Anthropic "prompt is too long: N tokens > M maximum", Gemini
   * "The input token count (N) exceeds the maximum number of tokens allowed (M)."
   */
  static Fault contextLengthExceeded() {
    return ProviderError.of(ErrorCase.CONTEXT_LENGTH_EXCEEDED, 400);
  }

  /**
   * 404 naming the requested model ({@code model_not_found}, {@code not_found_error}, {@code
   * NOT_FOUND}).
   */
  static Fault modelNotFound() {
    return ProviderError.of(ErrorCase.MODEL_NOT_FOUND, 404);
  }

  /** 400 for a malformed request ({@code invalid_request_error}, {@code INVALID_ARGUMENT}). */
  static Fault badRequest() {
    return ProviderError.of(ErrorCase.BAD_REQUEST, 400);
  }

  /**
   * {@code status} with the provider's usual body and headers for it (for example 403 permission,
   * 413 request too large, 504 timeout, 529 overloaded, 520-524 CDN pages); a status the provider
   * has no usual body for gets a generic one in the provider's error envelope.
   *
   * @throws IllegalArgumentException if {@code status} is not in 400..599
   */
  static Fault status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be in 400..599 but was " + status);
    }
    return ProviderError.of(ErrorCase.BY_STATUS, status);
  }

  /**
   * Exactly {@code status}, {@code body} and {@code headers}, whatever the wire format. The content
   * type is guessed from the body (JSON, HTML or plain text) unless {@code headers} sets one.
   *
   * @throws IllegalArgumentException if {@code status} is not in 200..599
   */
  static Fault status(int status, String body, Map<String, String> headers) {
    return new Raw(status, body, headers, Latency.none());
  }

  // ---- connection faults
  // ---------------------------------------------------------------------------

  /**
   * Accepts the request and never answers. The exchange is released (the connection closed) when
   * the server stops or is {@linkplain FakeLlmServer#reset() reset}.
   */
  static Fault hang() {
    return new Hang(Latency.none());
  }

  /**
   * Drops the connection without a response. Approximated: the JDK's HTTP server gives no access to
   * the socket, so this is an orderly close (FIN) rather than a TCP RST; clients see it the same
   * way, as an {@code IOException} with no response.
   */
  static Fault resetConnection() {
    return new ResetConnection(Latency.none());
  }

  /**
   * Sends 200 and its headers, then part of the body, then drops the connection: a body shorter
   * than its {@code Content-Length}, or a chunked stream without its last chunk.
   */
  static Fault closeMidBody() {
    return new CloseMidBody(Latency.none());
  }

  // ---- stream faults
  // -------------------------------------------------------------------------------

  /**
   * A complete, valid stream with {@code perChunk} before every event.
   *
   * @throws IllegalArgumentException if {@code perChunk} is negative
   */
  static Fault slowStream(Duration perChunk) {
    return new SlowStream(perChunk, Latency.none());
  }

  /**
   * Sends the preamble and {@code afterChunks} answer chunks, then goes silent with the connection
   * open, until the server stops or is reset.
   *
   * @throws IllegalArgumentException if {@code afterChunks} is negative
   */
  static Fault stallStream(int afterChunks) {
    return new StallStream(afterChunks, Latency.none());
  }

  /**
   * Sends the preamble and {@code afterChunks} answer chunks, then ends the HTTP response cleanly
   * without the stream's end: no finish reason, no {@code [DONE]} / {@code message_stop} (at most
   * every event but the last is sent).
   *
   * @throws IllegalArgumentException if {@code afterChunks} is negative
   */
  static Fault cutStream(int afterChunks) {
    return new CutStream(afterChunks, Latency.none());
  }

  /**
   * Sends the preamble and {@code afterChunks} answer chunks, then an in-band error: OpenAI {@code
   * data: {"error":{...}}} followed by {@code data: [DONE]}; Anthropic {@code event: error} with
   * {@code overloaded_error}; Gemini a chunk {@code
   * {"error":{"code":503,...,"status":"UNAVAILABLE"}}}.
   *
   * @throws IllegalArgumentException if {@code afterChunks} is negative
   */
  static Fault midStreamError(int afterChunks) {
    return new MidStreamError(afterChunks, Latency.none());
  }

  // ---- 200 OK silent failures
  // ----------------------------------------------------------------------

  /**
   * 200 with a refusal: OpenAI {@code message.refusal} set, {@code content} null, {@code
   * finish_reason} still {@code stop}; Anthropic {@code stop_reason: "refusal"} with no content;
   * Gemini {@code finishReason: SAFETY} with no parts.
   */
  static Fault refusal() {
    return new Refusal(Latency.none());
  }

  /** 200 with no answer: empty content, a normal stop reason and zero completion tokens. */
  static Fault emptyAnswer() {
    return new EmptyAnswer(Latency.none());
  }

  /**
   * 200 with the first half of the answer and the length stop reason ({@code length}, {@code
   * max_tokens}, {@code MAX_TOKENS}).
   */
  static Fault truncated() {
    return new Truncated(Latency.none());
  }

  /**
   * 200 {@code application/json} whose body is cut off mid-object (fully transmitted: the transfer
   * is fine, the JSON is not). Streaming, one event's JSON is cut off and the stream then ends
   * normally.
   */
  static Fault malformedJson() {
    return new MalformedJson(Latency.none());
  }

  /**
   * 200 blocked by the provider's filter: OpenAI {@code finish_reason: content_filter} with null
   * content; Gemini {@code promptFeedback.blockReason: SAFETY} with no candidates; Anthropic, which
   * has no such filter, a {@code stop_reason: "refusal"}.
   */
  static Fault contentFiltered() {
    return new ContentFiltered(Latency.none());
  }

  // ---- the faults
  // ----------------------------------------------------------------------------------

  /**
   * A normal answer; see {@link #healthy()}.
   *
   * @param latency the wait before the headers
   */
  record Healthy(Latency latency) implements Fault {
    static final Healthy NOW = new Healthy(Latency.none());

    /** Checks the latency. */
    public Healthy {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new Healthy(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("healthy()", latency);
    }
  }

  /**
   * A 200 refusal; see {@link #refusal()}.
   *
   * @param latency the wait before the headers
   */
  record Refusal(Latency latency) implements Fault {
    /** Checks the latency. */
    public Refusal {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new Refusal(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("refusal()", latency);
    }
  }

  /**
   * A 200 without an answer; see {@link #emptyAnswer()}.
   *
   * @param latency the wait before the headers
   */
  record EmptyAnswer(Latency latency) implements Fault {
    /** Checks the latency. */
    public EmptyAnswer {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new EmptyAnswer(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("emptyAnswer()", latency);
    }
  }

  /**
   * A 200 with half an answer and the length stop reason; see {@link #truncated()}.
   *
   * @param latency the wait before the headers
   */
  record Truncated(Latency latency) implements Fault {
    /** Checks the latency. */
    public Truncated {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new Truncated(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("truncated()", latency);
    }
  }

  /**
   * A 200 blocked by the provider's filter; see {@link #contentFiltered()}.
   *
   * @param latency the wait before the headers
   */
  record ContentFiltered(Latency latency) implements Fault {
    /** Checks the latency. */
    public ContentFiltered {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new ContentFiltered(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("contentFiltered()", latency);
    }
  }

  /**
   * A 200 whose JSON is cut off; see {@link #malformedJson()}.
   *
   * @param latency the wait before the headers
   */
  record MalformedJson(Latency latency) implements Fault {
    /** Checks the latency. */
    public MalformedJson {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new MalformedJson(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("malformedJson()", latency);
    }
  }

  /**
   * One of the provider's own errors, rendered with its real body and headers in the wire format of
   * whoever plays it; see {@link #rateLimited()}, {@link #overloaded()}, {@link #status(int)} and
   * the other factories.
   *
   * @param errorCase which error
   * @param status the status to answer with, or 0 to let the provider's convention decide (an
   *     overload is a 529 at Anthropic, a 503 elsewhere)
   * @param retryAfter for {@link ErrorCase#RATE_LIMITED}, the wait to announce; else null
   * @param latency the wait before the headers
   */
  record ProviderError(ErrorCase errorCase, int status, Duration retryAfter, Latency latency)
      implements Fault {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code status} is neither 0 nor in 400..599 (0 is refused
     *     for {@link ErrorCase#BY_STATUS}), or {@code retryAfter} is negative
     */
    public ProviderError {
      Objects.requireNonNull(errorCase, "errorCase");
      Objects.requireNonNull(latency, "latency");
      if (status != 0 && (status < 400 || status > 599)) {
        throw new IllegalArgumentException("status must be 0 or in 400..599 but was " + status);
      }
      if (errorCase == ErrorCase.BY_STATUS && status == 0) {
        throw new IllegalArgumentException("BY_STATUS needs a status in 400..599 but was 0");
      }
      if (errorCase == ErrorCase.RATE_LIMITED) {
        Objects.requireNonNull(retryAfter, "retryAfter");
      }
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative but was " + retryAfter);
      }
    }

    static ProviderError of(ErrorCase errorCase, int status) {
      return new ProviderError(errorCase, status, null, Latency.none());
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new ProviderError(errorCase, status, retryAfter, latency);
    }

    @Override
    public String toString() {
      String text;
      if (errorCase == ErrorCase.BY_STATUS) {
        text = "status(" + status + ")";
      } else {
        text =
            FaultText.lowerCamel(errorCase.name())
                + "("
                + (retryAfter == null ? "" : retryAfter.toString())
                + ")";
      }
      return FaultText.describe(text, latency);
    }
  }

  /**
   * Exactly this status, body and headers, whatever the wire format; see {@link #status(int,
   * String, Map)}.
   *
   * @param status the status, in 200..599
   * @param body the body
   * @param headers the headers (copied, in order)
   * @param latency the wait before the headers
   */
  record Raw(int status, String body, Map<String, String> headers, Latency latency)
      implements Fault {

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException if {@code status} is not in 200..599
     */
    public Raw {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("status must be in 200..599 but was " + status);
      }
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(latency, "latency");
      Map<String, String> copy = new LinkedHashMap<>();
      Objects.requireNonNull(headers, "headers")
          .forEach(
              (name, value) ->
                  copy.put(
                      Objects.requireNonNull(name, "header name"),
                      Objects.requireNonNull(value, name)));
      headers = Collections.unmodifiableMap(copy);
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new Raw(status, body, headers, latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("status(" + status + ", raw body)", latency);
    }
  }

  /**
   * No answer, ever; see {@link #hang()}.
   *
   * @param latency the wait before hanging (it changes nothing visible but the recording)
   */
  record Hang(Latency latency) implements Fault {
    /** Checks the latency. */
    public Hang {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new Hang(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("hang()", latency);
    }
  }

  /**
   * The connection dropped without a response; see {@link #resetConnection()}.
   *
   * @param latency the wait before the connection is dropped
   */
  record ResetConnection(Latency latency) implements Fault {
    /** Checks the latency. */
    public ResetConnection {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new ResetConnection(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("resetConnection()", latency);
    }
  }

  /**
   * 200 then the connection dropped mid-body; see {@link #closeMidBody()}.
   *
   * @param latency the wait before the headers
   */
  record CloseMidBody(Latency latency) implements Fault {
    /** Checks the latency. */
    public CloseMidBody {
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new CloseMidBody(latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("closeMidBody()", latency);
    }
  }

  /**
   * A complete stream with a wait before every event; see {@link #slowStream(Duration)}.
   *
   * @param perChunk the wait before each event, zero or more
   * @param latency the wait before the headers
   */
  record SlowStream(Duration perChunk, Latency latency) implements Fault {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code perChunk} is negative
     */
    public SlowStream {
      Objects.requireNonNull(perChunk, "perChunk");
      Objects.requireNonNull(latency, "latency");
      if (perChunk.isNegative()) {
        throw new IllegalArgumentException("perChunk must not be negative but was " + perChunk);
      }
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new SlowStream(perChunk, latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("slowStream(" + perChunk + ")", latency);
    }
  }

  /**
   * A stream that goes silent; see {@link #stallStream(int)}.
   *
   * @param afterChunks answer chunks sent before the silence, zero or more
   * @param latency the wait before the headers
   */
  record StallStream(int afterChunks, Latency latency) implements Fault {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code afterChunks} is negative
     */
    public StallStream {
      FaultText.requireChunks(afterChunks);
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new StallStream(afterChunks, latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("stallStream(" + afterChunks + ")", latency);
    }
  }

  /**
   * A stream that ends without its end; see {@link #cutStream(int)}.
   *
   * @param afterChunks answer chunks sent before the cut, zero or more
   * @param latency the wait before the headers
   */
  record CutStream(int afterChunks, Latency latency) implements Fault {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code afterChunks} is negative
     */
    public CutStream {
      FaultText.requireChunks(afterChunks);
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new CutStream(afterChunks, latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("cutStream(" + afterChunks + ")", latency);
    }
  }

  /**
   * A stream that reports an error in-band; see {@link #midStreamError(int)}.
   *
   * @param afterChunks answer chunks sent before the error, zero or more
   * @param latency the wait before the headers
   */
  record MidStreamError(int afterChunks, Latency latency) implements Fault {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code afterChunks} is negative
     */
    public MidStreamError {
      FaultText.requireChunks(afterChunks);
      Objects.requireNonNull(latency, "latency");
    }

    @Override
    public Fault withLatency(Latency latency) {
      return new MidStreamError(afterChunks, latency);
    }

    @Override
    public String toString() {
      return FaultText.describe("midStreamError(" + afterChunks + ")", latency);
    }
  }
}
