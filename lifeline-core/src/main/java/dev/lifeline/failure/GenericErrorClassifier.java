package dev.lifeline.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.internal.retry.RetryAfter;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.provider.ProviderException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The classifier every provider starts from: HTTP status first, then the provider's own code, type
 * and wording, read from whichever error envelope the body uses (OpenAI, Azure, Anthropic, Google,
 * Mistral, OpenRouter, Ollama, a CDN's HTML page).
 *
 * <p>Reading is lenient: malformed JSON, HTML, an empty or huge body, a JSON array around the error
 * (Gemini) or blank lines before it (DeepSeek) never make it throw; the worst case is a failure
 * classified by status alone. Stateless and thread-safe.
 */
final class GenericErrorClassifier implements ErrorClassifier {

  /** The shared instance, on the system wall clock. */
  static final GenericErrorClassifier INSTANCE =
      new GenericErrorClassifier(dev.lifeline.time.Ticker.system()::now);

  private static final ObjectMapper JSON = new ObjectMapper();

  // Bodies above this are not parsed as JSON: no provider's error envelope is that large, and a
  // multi-megabyte body should cost a scan, not a tree.
  private static final int MAX_JSON_CHARS = 2 * 1024 * 1024;
  // Wording is matched against at most this much text, so every regex stays cheap on any input.
  private static final int MAX_WORDING_CHARS = 8 * 1024;
  // A message is for a log line and a trace: long enough for the provider's sentence, never a page.
  private static final int MAX_MESSAGE_CHARS = 1000;
  private static final int MAX_SUMMARY_CHARS = 200;
  // Every excerpt of provider text is scrubbed, then cut, by the one scrubber (keys are the
  // engine's to add).
  private static final SecretScrubber SCRUBBER = SecretScrubber.withoutKeys();
  // A Retry-After this long on a 429 is a quota ("retry after 86400 seconds"), not a rate limit.
  private static final Duration QUOTA_WAIT = Duration.ofHours(1);
  // The status of a 2xx-borne error whose envelope names none; not a value HTTP can carry.
  private static final int STATUS_UNKNOWN = Integer.MIN_VALUE;

  private static final Set<String> DIAGNOSTIC_HEADERS =
      Set.of(
          "retry-after",
          "retry-after-ms",
          "x-ms-retry-after-ms",
          "x-should-retry",
          "content-type",
          "x-request-id",
          "request-id",
          "apim-request-id",
          "x-amzn-requestid",
          "x-amzn-errortype",
          "x-goog-request-id",
          "cf-ray");
  private static final List<String> DIAGNOSTIC_PREFIXES =
      List.of("x-ratelimit", "anthropic-ratelimit-", "ratelimit");

  private static final Set<String> CONTENT_BLOCKING_FINISH =
      Set.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII");

  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern CONTEXT =
      Pattern.compile(
          "context[ _-]?(?:length|window|limit)|prompt (?:is )?too long|too many tokens"
              + "|input token count.{0,120}?exceeds? the maximum|reduce the length"
              + "|request_too_large");
  private static final Pattern TPM_TOO_LARGE =
      Pattern.compile("request too large.{0,400}?(?:tokens per min|\\btpm\\b)");
  private static final Pattern QUOTA =
      Pattern.compile(
          "insufficient_quota|exceeded your current quota|\\bbilling|\\bcredits?\\b"
              + "|insufficient[ _]balance|spend(?:ing)?[ _]limit|perday|per day|limit: 0\\b"
              + "|payment required");
  // Gemini's per-minute 429 also says "You exceeded your current quota ... billing details"; only a
  // daily quota, a zero limit or credits gone mean that waiting will not help.
  private static final Pattern GOOGLE_QUOTA =
      Pattern.compile("perday|per day|limit: 0\\b|\\bcredits?\\b|prepay");
  private static final Pattern CONTENT_FILTER =
      Pattern.compile(
          "content_filter|responsibleaipolicyviolation|content management policy"
              + "|content_policy_violation|content policy|\\bsafety\\b");
  private static final Pattern INVALID_KEY =
      Pattern.compile(
          "api key not valid|invalid api key|invalid_api_key|incorrect api key|api_key_invalid"
              + "|invalid x-api-key");
  private static final Pattern MODEL_MISSING =
      Pattern.compile(
          "model_not_found|invalid_model|invalid model|unknown model"
              + "|\\bmodels?\\b.{0,200}?(?:not found|does not exist)");
  private static final Pattern REGION =
      Pattern.compile(
          "not available in your country|location is not supported|unsupported_country");
  private static final Pattern OVERLOAD =
      Pattern.compile(
          "overload|at capacity|capacity exceeded|over capacity|\\bbusy\\b|slow[ _]down"
              + "|\\bunavailable\\b");
  // Narrower than OVERLOAD: there "unavailable" may be a 503's reason phrase, not about load.
  private static final Pattern CAPACITY =
      Pattern.compile("overload|capacity exceeded|at capacity|over capacity|\\bbusy\\b");
  private static final Pattern RATE =
      Pattern.compile("rate[ _-]?limit|too many requests|throttl|resource_exhausted");
  private static final Pattern TIMED_OUT = Pattern.compile("time[ _-]?out|timed out|deadline");
  private static final Pattern GOOGLE_STATUS = Pattern.compile("[A-Z][A-Z_]{1,40}");
  private static final Pattern NUMERIC = Pattern.compile("\\d{1,9}");
  private static final Pattern HTML_TITLE =
      Pattern.compile(
          "<title[^>]{0,200}>(.{0,500}?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HTML_H1 =
      Pattern.compile("<h1[^>]{0,200}>(.{0,500}?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HTML_TAG = Pattern.compile("<[^<>]{0,1000}>");
  // Only 5xx: the codes a CDN answers for its origin. A 4xx page agrees with its HTTP status.
  private static final Pattern HTTP_CODE = Pattern.compile("\\b(5\\d\\d)\\b");
  private static final Pattern ERROR_CODE =
      Pattern.compile("error code:?\\s*(5\\d\\d)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final Supplier<Instant> wallClock;

  /**
   * A classifier that reads the wall clock from {@code wallClock}, to turn absolute dates (an
   * HTTP-date Retry-After, a reset timestamp) into waits.
   */
  GenericErrorClassifier(Supplier<Instant> wallClock) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
  }

  @Override
  public Optional<Failure> classify(RawResponse response) {
    return classify(response, wallClock.get());
  }

  /**
   * Classifies {@code response} as if it arrived at {@code now}; what {@link
   * #classify(RawResponse)} does with the wall clock, made deterministic for tests and replays.
   *
   * @return the failure; empty only for a 2xx answer with no sign of failure
   */
  Optional<Failure> classify(RawResponse response, Instant now) {
    if (response == null) {
      return Optional.of(Failure.of(ErrorKind.INVALID_RESPONSE, "no response"));
    }
    try {
      return classifyResponse(response, now);
    } catch (RuntimeException | StackOverflowError unexpected) {
      // The rules above are meant never to throw; if one does, status alone still gives a sound
      // answer.
      if (response.isSuccessful()) {
        return Optional.empty();
      }
      Verdict verdict = byStatus(response.status(), "", false, null, false);
      return Optional.of(
          Failure.builder(verdict.kind)
              .status(response.status())
              .message("HTTP " + response.status())
              .remedyHint(verdict.hint)
              .headers(diagnosticHeaders(response))
              .build());
    }
  }

  private Optional<Failure> classifyResponse(RawResponse response, Instant now) {
    String body = stripLeading(response.body());
    JsonNode root = parse(body);
    Envelope envelope = root == null ? null : Envelope.read(root);
    int status = response.status();

    if (response.isSuccessful()) {
      if (root == null) {
        return Optional.empty(); // an unparseable 200 is the adapter's to judge (INVALID_RESPONSE)
      }
      Optional<Failure> blocked = contentBlock(root, response);
      if (blocked.isPresent() || envelope == null || !envelope.failure) {
        return blocked;
      }
    }

    String message;
    String wording;
    boolean html = false;
    int effectiveStatus = status;
    if (envelope != null && (envelope.failure || envelope.message != null)) {
      message = envelope.message != null ? envelope.message : excerpt(body);
      wording = envelope.wording();
      if (response.isSuccessful()) {
        // A 200 carrying an error (OpenRouter, a mid-stream error event): the envelope says what it
        // was.
        effectiveStatus = envelope.impliedStatus();
      }
    } else if (isHtml(response, body)) {
      html = true;
      String head =
          body.length() > MAX_WORDING_CHARS * 4 ? body.substring(0, MAX_WORDING_CHARS * 4) : body;
      String title = htmlText(HTML_TITLE, head);
      String heading = htmlText(HTML_H1, head);
      String text = collapse(HTML_TAG.matcher(head).replaceAll(" "));
      message =
          "HTML error page: "
              + firstNonEmpty(title, heading, SCRUBBER.excerpt(text, 80), "(no title)");
      wording = (title + " " + heading + " " + text);
      effectiveStatus = htmlStatus(status, title, heading, text);
    } else if (body.isBlank()) {
      message = "HTTP " + status + " with an empty body";
      wording = "";
    } else {
      message = excerpt(body);
      wording = body;
    }
    wording = words(wording + " " + response.header("x-amzn-errortype").orElse(""));

    Duration retryAfter = RetryAfter.fromResponse(response, now).orElse(null);
    boolean google = envelope != null && envelope.googleStatus != null;
    Verdict verdict = byStatus(effectiveStatus, wording, google, retryAfter, html);
    Remedy hint = shouldRetryHint(response, verdict);

    return Optional.of(
        Failure.builder(verdict.kind)
            .status(status)
            .providerCode(envelope == null ? null : envelope.providerCode())
            .message(boundedMessage(message))
            .retryAfter(retryAfter)
            .remedyHint(hint)
            .headers(diagnosticHeaders(response))
            .build());
  }

  /**
   * The kind for a status, refined by wording. {@link #STATUS_UNKNOWN} is a 200 carrying an error
   * the envelope gives no status for, so wording alone decides.
   */
  private static Verdict byStatus(
      int status, String words, boolean google, Duration retryAfter, boolean html) {
    switch (status) {
      case 401:
        return Verdict.of(ErrorKind.AUTHENTICATION);
      case 402:
        return Verdict.of(ErrorKind.QUOTA_EXHAUSTED);
      case 403:
        return Verdict.of(
            QUOTA.matcher(words).find() ? ErrorKind.QUOTA_EXHAUSTED : ErrorKind.PERMISSION);
      case 404:
        return Verdict.of(ErrorKind.MODEL_NOT_FOUND);
      case 408:
        return Verdict.of(ErrorKind.TIMEOUT);
      case 409: // a conflict on the provider's side; the official SDKs retry it
        return Verdict.of(ErrorKind.SERVER_ERROR);
      case 413:
        // Groq's token-per-minute "Request too large" will never pass as sent on this deployment.
        return TPM_TOO_LARGE.matcher(words).find()
            ? new Verdict(ErrorKind.RATE_LIMITED, Remedy.DEGRADE)
            : Verdict.of(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
      case 429:
        return tooManyRequests(words, google, retryAfter);
      case 498: // Groq: flex-tier capacity exceeded, try later
        return Verdict.of(ErrorKind.OVERLOADED);
      case 500:
        return Verdict.of(
            OVERLOAD.matcher(words).find() ? ErrorKind.OVERLOADED : ErrorKind.SERVER_ERROR);
      case 503:
        // A provider's 503 means "busy"; a CDN's HTML 503 means the front door is down, so retry
        // then fail over rather than degrade to another model behind the same door.
        return Verdict.of(
            html && !CAPACITY.matcher(words).find()
                ? ErrorKind.SERVER_ERROR
                : ErrorKind.OVERLOADED);
      case 504:
      case 522: // Cloudflare: connection to the origin timed out
      case 524: // Cloudflare: the origin took over ~100 s to answer
        return Verdict.of(ErrorKind.TIMEOUT);
      case 521: // Cloudflare: the origin refused the connection; it is down, not slow
        return new Verdict(ErrorKind.SERVER_ERROR, Remedy.FAILOVER);
      case 529:
        return Verdict.of(ErrorKind.OVERLOADED);
      default:
        if (status == STATUS_UNKNOWN) {
          return byWording(words);
        }
        if (status >= 500 && status <= 599) {
          return Verdict.of(ErrorKind.SERVER_ERROR);
        }
        if (status >= 400 && status <= 499) {
          return badRequest(words);
        }
        // A 1xx/3xx here means a wrong endpoint or a misbehaving proxy, not a provider's answer.
        return Verdict.of(ErrorKind.INVALID_RESPONSE);
    }
  }

  private static Verdict tooManyRequests(String words, boolean google, Duration retryAfter) {
    if ((google ? GOOGLE_QUOTA : QUOTA).matcher(words).find()) {
      return Verdict.of(ErrorKind.QUOTA_EXHAUSTED);
    }
    if (TPM_TOO_LARGE.matcher(words).find()) {
      // OpenAI: the request alone exceeds the per-minute token budget; waiting will not help.
      return new Verdict(ErrorKind.RATE_LIMITED, Remedy.DEGRADE);
    }
    if (retryAfter != null && retryAfter.compareTo(QUOTA_WAIT) >= 0) {
      return Verdict.of(ErrorKind.QUOTA_EXHAUSTED);
    }
    if (CAPACITY.matcher(words).find()) {
      // "Service tier capacity exceeded for this model" (Mistral), "That model is currently
      // overloaded" (older OpenAI 429s): the model is busy, not our budget; another may not be.
      return Verdict.of(ErrorKind.OVERLOADED);
    }
    return Verdict.of(ErrorKind.RATE_LIMITED);
  }

  /**
   * 400, 422 and other 4xx: wrong as sent, unless the wording says which specific thing is wrong.
   */
  private static Verdict badRequest(String words) {
    return refine(words).map(Verdict::of).orElse(Verdict.of(ErrorKind.BAD_REQUEST));
  }

  private static Optional<ErrorKind> refine(String words) {
    if (CONTEXT.matcher(words).find()) {
      return Optional.of(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    }
    if (REGION.matcher(words).find()) {
      // Before the billing rule: Gemini's "not available in your country" says "enable billing".
      return Optional.of(ErrorKind.PERMISSION);
    }
    if (CONTENT_FILTER.matcher(words).find()) {
      return Optional.of(ErrorKind.CONTENT_FILTERED);
    }
    if (QUOTA.matcher(words).find()) {
      return Optional.of(ErrorKind.QUOTA_EXHAUSTED); // Anthropic and DeepSeek report billing as 400
    }
    if (INVALID_KEY.matcher(words).find()) {
      return Optional.of(ErrorKind.AUTHENTICATION); // Gemini reports a bad key as 400
    }
    if (MODEL_MISSING.matcher(words).find()) {
      return Optional.of(ErrorKind.MODEL_NOT_FOUND);
    }
    return Optional.empty();
  }

  /**
   * A 2xx error whose envelope names no status: wording decides, and a server error is the default.
   */
  private static Verdict byWording(String words) {
    Optional<ErrorKind> refined = refine(words);
    if (refined.isPresent()) {
      return Verdict.of(refined.get());
    }
    if (RATE.matcher(words).find()) {
      return Verdict.of(ErrorKind.RATE_LIMITED);
    }
    if (OVERLOAD.matcher(words).find()) {
      return Verdict.of(ErrorKind.OVERLOADED);
    }
    if (TIMED_OUT.matcher(words).find()) {
      return Verdict.of(ErrorKind.TIMEOUT);
    }
    return Verdict.of(ErrorKind.SERVER_ERROR);
  }

  /**
   * The Stainless SDKs' {@code x-should-retry} header overrides the status: "false" on a kind we
   * would retry means move on at once; "true" on a 4xx we would not retry means the provider knows
   * it is transient.
   */
  private static Remedy shouldRetryHint(RawResponse response, Verdict verdict) {
    String header = response.header("x-should-retry").orElse("").trim();
    boolean retryable = RemedyTable.defaults().ruleFor(verdict.kind).maxRetries() > 0;
    if (header.equalsIgnoreCase("false") && retryable && verdict.hint == null) {
      return Remedy.FAILOVER;
    }
    if (header.equalsIgnoreCase("true")
        && !retryable
        && response.status() >= 400
        && response.status() <= 499) {
      return Remedy.RETRY;
    }
    return verdict.hint;
  }

  /**
   * A 2xx whose answer the provider withheld: an OpenAI/Azure choice stopped by the content filter
   * with nothing in it, a Gemini prompt blocked before any candidate, or a Gemini candidate stopped
   * for safety with no parts.
   */
  private static Optional<Failure> contentBlock(JsonNode root, RawResponse response) {
    JsonNode top = root.isArray() && root.size() > 0 ? root.get(0) : root;
    if (top == null || !top.isObject()) {
      return Optional.empty();
    }
    JsonNode choices = top.path("choices");
    if (choices.isArray() && choices.size() > 0) {
      boolean filtered = false;
      for (JsonNode choice : choices) {
        if (hasContent(choice)) {
          return Optional.empty();
        }
        filtered |= "content_filter".equals(choice.path("finish_reason").asText(null));
      }
      if (filtered) {
        String categories = filteredCategories(choices.get(0).path("content_filter_results"));
        return Optional.of(
            blocked(
                response,
                "content_filter",
                "the provider's content filter withheld the answer"
                    + (categories.isEmpty() ? "" : " (" + categories + ")")));
      }
      return Optional.empty();
    }
    JsonNode candidates = top.path("candidates");
    String blockReason = top.path("promptFeedback").path("blockReason").asText("");
    if (!blockReason.isEmpty() && (!candidates.isArray() || candidates.size() == 0)) {
      String detail = top.path("promptFeedback").path("blockReasonMessage").asText("");
      return Optional.of(
          blocked(
              response,
              blockReason,
              "the prompt was blocked: " + blockReason + (detail.isEmpty() ? "" : " - " + detail)));
    }
    if (candidates.isArray() && candidates.size() > 0) {
      String reason = null;
      for (JsonNode candidate : candidates) {
        JsonNode parts = candidate.path("content").path("parts");
        if (parts.isArray() && parts.size() > 0) {
          return Optional.empty();
        }
        String finish = candidate.path("finishReason").asText("");
        if (CONTENT_BLOCKING_FINISH.contains(finish)) {
          reason = finish;
        }
      }
      if (reason != null) {
        return Optional.of(
            blocked(response, reason, "the answer was blocked: finishReason " + reason));
      }
    }
    return Optional.empty();
  }

  private static boolean hasContent(JsonNode choice) {
    JsonNode message = choice.has("message") ? choice.path("message") : choice.path("delta");
    JsonNode content = message.path("content");
    boolean text =
        (content.isTextual() && !content.asText().isEmpty())
            || (content.isArray() && content.size() > 0)
            || (choice.path("text").isTextual() && !choice.path("text").asText().isEmpty());
    JsonNode toolCalls = message.path("tool_calls");
    return text
        || (toolCalls.isArray() && toolCalls.size() > 0)
        || message.path("function_call").isObject();
  }

  private static String filteredCategories(JsonNode results) {
    StringBuilder names = new StringBuilder();
    results
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().path("filtered").asBoolean(false)) {
                names.append(names.length() == 0 ? "" : ", ").append(entry.getKey());
              }
            });
    return SCRUBBER.excerpt(names.toString(), MAX_SUMMARY_CHARS);
  }

  private static Failure blocked(RawResponse response, String code, String message) {
    return Failure.builder(ErrorKind.CONTENT_FILTERED)
        .status(response.status())
        .providerCode(code)
        .message(message)
        .headers(diagnosticHeaders(response))
        .build();
  }

  // ---- reading bodies

  /**
   * Drops a byte-order mark and the blank lines DeepSeek sends while it holds a connection open.
   */
  private static String stripLeading(String body) {
    int start = 0;
    while (start < body.length()
        && (Character.isWhitespace(body.charAt(start)) || body.charAt(start) == '\uFEFF')) {
      start++;
    }
    return start == 0 ? body : body.substring(start);
  }

  /**
   * The body as a JSON tree, or null when it is not JSON (or too large to be an error envelope).
   */
  private static JsonNode parse(String body) {
    if (body.isEmpty() || body.length() > MAX_JSON_CHARS) {
      return null;
    }
    char first = body.charAt(0);
    if (first != '{' && first != '[') {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException | RuntimeException malformed) {
      return null; // truncated, invalid or too deeply nested: classified by status and text instead
    }
  }

  private static boolean isHtml(RawResponse response, String body) {
    String type = response.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    return type.contains("html") || (!body.isEmpty() && body.charAt(0) == '<');
  }

  /** The status a CDN page names in its title or text ("502: Bad gateway", "Error code 524"). */
  private static int htmlStatus(int status, String title, String heading, String text) {
    for (String source : new String[] {title, heading}) {
      Matcher code = HTTP_CODE.matcher(source);
      if (code.find()) {
        return Integer.parseInt(code.group(1));
      }
    }
    Matcher code = ERROR_CODE.matcher(text);
    return code.find() ? Integer.parseInt(code.group(1)) : status;
  }

  private static String htmlText(Pattern element, String html) {
    Matcher match = element.matcher(html);
    if (!match.find()) {
      return "";
    }
    String text = HTML_TAG.matcher(match.group(1)).replaceAll(" ");
    text =
        text.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ");
    return SCRUBBER.excerpt(text, MAX_SUMMARY_CHARS);
  }

  /**
   * The message cut to a log line's length: scrubbed before it is cut, so a key straddling the cut
   * is masked whole, not left as an unrecognisable prefix.
   */
  private static String boundedMessage(String message) {
    return SCRUBBER.excerpt(message, MAX_MESSAGE_CHARS);
  }

  /** A short one-line excerpt of a body that has no message field, scrubbed before it is cut. */
  private static String excerpt(String body) {
    return SCRUBBER.excerpt(body, MAX_SUMMARY_CHARS);
  }

  /**
   * Lower-case, URLs removed (a "billing" link is not a billing error), bounded for the regexes.
   */
  private static String words(String text) {
    String head = text.length() > MAX_WORDING_CHARS ? text.substring(0, MAX_WORDING_CHARS) : text;
    return URL.matcher(head.toLowerCase(Locale.ROOT)).replaceAll(" ");
  }

  private static String collapse(String text) {
    return SPACES.matcher(text).replaceAll(" ").trim();
  }

  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  private static Map<String, String> diagnosticHeaders(RawResponse response) {
    Map<String, String> kept = new LinkedHashMap<>();
    response
        .headers()
        .forEach(
            (name, values) -> {
              if (DIAGNOSTIC_HEADERS.contains(name)
                  || DIAGNOSTIC_PREFIXES.stream().anyMatch(name::startsWith)) {
                kept.put(name, SCRUBBER.excerpt(String.join(", ", values), MAX_SUMMARY_CHARS));
              }
            });
    return kept;
  }

  // ---- exceptions

  @Override
  public Failure classify(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause == null) {
      return Failure.of(ErrorKind.SERVER_ERROR, "unexpected error (none given)");
    }
    if (cause instanceof ProviderException) {
      return ((ProviderException) cause).failure();
    }
    String description = describe(cause);
    if (cause instanceof HttpTimeoutException
        || cause instanceof SocketTimeoutException
        || cause instanceof TimeoutException) {
      return Failure.of(ErrorKind.TIMEOUT, description);
    }
    if (cause instanceof ConnectException
        || cause instanceof NoRouteToHostException
        || cause instanceof UnknownHostException) {
      // Refused, unroutable or unknown: the host is not there, and will not be there in a second.
      return Failure.of(ErrorKind.NETWORK, description).withRemedyHint(Remedy.FAILOVER);
    }
    if (cause instanceof SSLException) {
      Throwable inner = cause.getCause();
      if (inner instanceof SocketException || inner instanceof EOFException) {
        return Failure.of(ErrorKind.NETWORK, description); // a reset during TLS: transient
      }
      // A handshake or certificate failure repeats on every attempt to this host.
      return Failure.of(ErrorKind.NETWORK, description).withRemedyHint(Remedy.FAILOVER);
    }
    if (cause instanceof JsonProcessingException) {
      return Failure.of(ErrorKind.INVALID_RESPONSE, description);
    }
    if (cause instanceof IOException) {
      // Reset, broken pipe, EOF, GOAWAY, "header parser received no bytes": retry once.
      return Failure.of(ErrorKind.NETWORK, description);
    }
    return Failure.of(ErrorKind.SERVER_ERROR, "unexpected " + description);
  }

  /**
   * The exception that says what happened: wrappers from futures and streams are peeled off, and so
   * is a bare IOException around a more specific one (the JDK HTTP client wraps that way).
   */
  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < 16; depth++) {
      Throwable next = current.getCause();
      boolean wrapper =
          current instanceof CompletionException
              || current instanceof ExecutionException
              || current instanceof UncheckedIOException
              || (current.getClass() == IOException.class
                  && (next instanceof IOException || next instanceof TimeoutException));
      if (!wrapper || next == null || next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    String simple = error.getClass().getSimpleName();
    String name = simple.isEmpty() ? error.getClass().getName() : simple; // anonymous classes
    return message == null || message.isBlank()
        ? name
        : name + ": " + SCRUBBER.excerpt(message, MAX_MESSAGE_CHARS);
  }

  // ---- values

  /** A kind and, when the classifier knows better than the kind's default, a remedy. */
  private static final class Verdict {
    final ErrorKind kind;
    final Remedy hint;

    Verdict(ErrorKind kind, Remedy hint) {
      this.kind = kind;
      this.hint = hint;
    }

    static Verdict of(ErrorKind kind) {
      return new Verdict(kind, null);
    }
  }

  /**
   * What an error envelope says, whichever provider's shape it has: OpenAI/Azure/OpenRouter {@code
   * {"error":{"message","type","code"}}}, Anthropic {@code
   * {"type":"error","error":{"type","message"}}}, Google {@code
   * {"error":{"code","message","status","details"}}}, Ollama {@code {"error":"..."}}, Mistral
   * {@code {"message":...}} or {@code {"object":"error",...}}, FastAPI {@code {"detail":...}}.
   */
  private static final class Envelope {
    /** Whether the body is unmistakably an error (so a 2xx carrying it is a failure). */
    boolean failure;

    String message;
    String code;
    boolean numericCode;
    String type;
    String googleStatus;
    final StringBuilder extra = new StringBuilder();

    static Envelope read(JsonNode root) {
      JsonNode top = root;
      if (top.isArray()) {
        // Gemini sometimes wraps the error in a one-element array.
        top = top.size() > 0 ? top.get(0) : null;
      }
      if (top == null || !top.isObject()) {
        return null;
      }
      Envelope envelope = new Envelope();
      JsonNode error = top.get("error");
      if (error != null && error.isObject()) {
        envelope.failure = !hasAnswer(top);
        envelope.message = text(error.get("message"));
        envelope.setCode(error.get("code"));
        envelope.type = text(error.get("type"));
        envelope.googleStatus = googleStatus(error.get("status"));
        envelope.readDetails(error.get("details"));
        envelope.addExtra(text(error.path("innererror").get("code")));
        envelope.addExtra(text(error.path("error").get("code")));
        JsonNode metadata = error.path("metadata");
        envelope.addExtra(text(metadata.get("raw")));
        envelope.addExtra(text(metadata.get("provider_name")));
      } else if (error != null && error.isTextual() && !error.asText().isBlank()) {
        envelope.failure = !hasAnswer(top);
        envelope.message = error.asText();
      } else {
        envelope.failure =
            "error".equals(text(top.get("object"))) || "error".equals(text(top.get("type")));
        envelope.message = text(top.get("message"));
        if (envelope.message == null) {
          envelope.message = text(top.get("detail"));
        }
        envelope.setCode(top.get("code"));
        String type = text(top.get("type"));
        envelope.type = "error".equals(type) ? null : type;
      }
      if (envelope.message == null
          && envelope.code == null
          && envelope.type == null
          && !envelope.failure) {
        return null;
      }
      return envelope;
    }

    /** An OpenRouter stream error keeps its choices, with finish_reason "error". */
    private static boolean hasAnswer(JsonNode top) {
      JsonNode choices = top.path("choices");
      if (!choices.isArray() || choices.size() == 0) {
        return false;
      }
      for (JsonNode choice : choices) {
        if ("error".equals(choice.path("finish_reason").asText(null))) {
          return false;
        }
      }
      return true;
    }

    private void setCode(JsonNode node) {
      code = text(node);
      numericCode = code != null && NUMERIC.matcher(code).matches();
    }

    /** Google's typed details: the daily-quota ids, the error reason, and any nested error code. */
    private void readDetails(JsonNode details) {
      if (details == null) {
        return;
      }
      if (details.isObject()) {
        addExtra(text(details.get("error_code"))); // Anthropic: enforced_spend_limit_reached
        return;
      }
      for (JsonNode detail : details) {
        addExtra(text(detail.get("reason"))); // ErrorInfo: API_KEY_INVALID
        for (JsonNode violation : detail.path("violations")) {
          addExtra(text(violation.get("quotaId"))); // QuotaFailure: ...PerDay...
          addExtra(text(violation.get("quotaMetric")));
        }
      }
    }

    private void addExtra(String value) {
      if (value != null && extra.length() < MAX_WORDING_CHARS) {
        extra.append(' ').append(value);
      }
    }

    /** Everything worth matching wording against, bounded. */
    String wording() {
      StringBuilder all = new StringBuilder();
      for (String part : new String[] {message, code, type, googleStatus}) {
        if (part != null) {
          all.append(' ')
              .append(
                  part.length() > MAX_WORDING_CHARS ? part.substring(0, MAX_WORDING_CHARS) : part);
        }
      }
      return all.append(extra).toString();
    }

    /** The provider's code: Google's status, else a symbolic code, else the type, else a number. */
    String providerCode() {
      String chosen;
      if (googleStatus != null) {
        chosen = googleStatus;
      } else if (code != null && !numericCode) {
        chosen = code;
      } else if (type != null) {
        chosen = type;
      } else {
        chosen = code;
      }
      return chosen == null ? null : SCRUBBER.excerpt(chosen, MAX_SUMMARY_CHARS);
    }

    /**
     * The status a 2xx-borne error would have had: a numeric code that is an HTTP status
     * (OpenRouter), Google's status, or the Anthropic type / OpenAI code's documented status;
     * {@link #STATUS_UNKNOWN} when none says.
     */
    int impliedStatus() {
      if (numericCode) {
        int number = Integer.parseInt(code);
        if (number >= 400 && number <= 599) {
          return number;
        }
      }
      for (String name : new String[] {googleStatus, type, code}) {
        Integer status = name == null ? null : IMPLIED.get(name.toLowerCase(Locale.ROOT));
        if (status != null) {
          return status;
        }
      }
      return STATUS_UNKNOWN;
    }

    /**
     * Google's canonical status ("RESOURCE_EXHAUSTED"); Azure puts a numeric "status" there too.
     */
    private static String googleStatus(JsonNode node) {
      String value = node != null && node.isTextual() ? node.asText().trim() : "";
      return GOOGLE_STATUS.matcher(value).matches() ? value : null;
    }

    private static String text(JsonNode node) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return null;
      }
      if (node.isValueNode()) {
        String value = node.asText();
        return value.isBlank() ? null : value;
      }
      String json = node.toString();
      return json.length() > MAX_WORDING_CHARS ? json.substring(0, MAX_WORDING_CHARS) : json;
    }
  }

  private static final Map<String, Integer> IMPLIED = impliedStatuses();

  private static Map<String, Integer> impliedStatuses() {
    Map<String, Integer> map = new LinkedHashMap<>();
    // Google canonical codes.
    map.put("invalid_argument", 400);
    map.put("failed_precondition", 400);
    map.put("out_of_range", 400);
    map.put("unauthenticated", 401);
    map.put("permission_denied", 403);
    map.put("not_found", 404);
    map.put("aborted", 409);
    map.put("already_exists", 409);
    map.put("resource_exhausted", 429);
    map.put("internal", 500);
    map.put("unknown", 500);
    map.put("data_loss", 500);
    map.put("unimplemented", 501);
    map.put("unavailable", 503);
    map.put("deadline_exceeded", 504);
    // Anthropic error types, with the statuses its documentation gives them.
    map.put("invalid_request_error", 400);
    map.put("authentication_error", 401);
    map.put("billing_error", 402);
    map.put("permission_error", 403);
    map.put("not_found_error", 404);
    map.put("request_too_large", 413);
    map.put("rate_limit_error", 429);
    map.put("api_error", 500);
    map.put("timeout_error", 504);
    map.put("overloaded_error", 529);
    // OpenAI codes seen in stream error events and Responses API failures.
    map.put("rate_limit_exceeded", 429);
    map.put("insufficient_quota", 429);
    map.put("context_length_exceeded", 400);
    map.put("invalid_api_key", 401);
    map.put("model_not_found", 404);
    map.put("server_error", 500);
    map.put("server_is_overloaded", 503);
    map.put("slow_down", 503);
    map.put("content_filter", 400);
    return Map.copyOf(map);
  }
}
