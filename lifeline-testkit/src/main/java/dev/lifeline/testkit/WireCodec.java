package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One provider's wire format: which paths it serves, how it reads a request, and how it renders
 * answers, streams and errors. One instance per server; thread-safe.
 */
abstract class WireCodec {

  /** Where a request goes: the model named in the path (Gemini), and whether the path streams. */
  record Route(String pathModel, boolean stream, boolean sse) {}

  final Ids ids;

  WireCodec(Ids ids) {
    this.ids = ids;
  }

  static WireCodec of(WireFormat format, Ids ids) {
    switch (format) {
      case OPENAI:
        return new OpenAiCodec(ids);
      case ANTHROPIC:
        return new AnthropicCodec(ids);
      case GEMINI:
        return new GeminiCodec(ids);
      default:
        throw new AssertionError(format);
    }
  }

  /**
   * The base URL clients are given, for a server on {@code origin} ({@code http://127.0.0.1:PORT}).
   */
  abstract String baseUrl(String origin);

  /** The URL of a (streamed when {@code stream}) chat call for {@code model}. */
  abstract String chatUrl(String origin, String model, boolean stream);

  /** The route for a request, or null when this API has no such endpoint. */
  abstract Route route(String method, String path, String query);

  /**
   * The provider's 400 for a request it would refuse before any model runs ({@link RequestRules}),
   * or empty when the request is well formed; {@code body} is a JSON object.
   */
  abstract java.util.Optional<HttpReply> refuse(JsonNode body);

  /** What the request asks for; {@code body} is a JSON object. */
  abstract ParsedRequest parse(Route route, JsonNode body);

  /** The model named in a body that could not be fully understood, or null. */
  String modelOf(Route route, JsonNode body) {
    if (route != null && route.pathModel() != null) {
      return route.pathModel();
    }
    return body == null ? null : Json.textOrNull(body.get("model"));
  }

  /** A complete (non-streamed) 200 answer. */
  abstract HttpReply answer(ParsedRequest request, Completion completion, Instant now);

  /** The headers of a 200 stream. */
  abstract Map<String, String> streamHeaders(ParsedRequest request, Instant now);

  /** The frames of a complete 200 stream, terminator included. */
  abstract List<Frame> stream(ParsedRequest request, Completion completion, Instant now);

  /** The frames that report an error in-band, after {@code framesSent} frames of a stream. */
  abstract List<Frame> streamError(ParsedRequest request, int framesSent);

  /**
   * An error response.
   *
   * @param request what was understood of the request, or null when its body was not JSON
   * @param model the model named, or null
   * @param status the status asked for, or 0 to let the provider's convention decide
   * @param retryAfter for {@link ErrorCase#RATE_LIMITED}, the wait to announce
   */
  abstract HttpReply error(
      ErrorCase error,
      ParsedRequest request,
      String model,
      int status,
      Duration retryAfter,
      Instant now);

  /** The response for a path this API does not serve. */
  abstract HttpReply unknownPath(String method, String path);

  // ---- shared helpers
  // ------------------------------------------------------------------------------

  /** Headers in order. */
  static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  /** Whole seconds, rounded up, as a {@code retry-after} value. */
  static String retryAfterSeconds(Duration wait) {
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Long.toString(seconds);
  }

  /** A Go duration as OpenAI's reset headers carry it: "120ms", "1s", "1.5s", "6m0s", "1h2m3s". */
  static String goDuration(Duration wait) {
    if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
      return wait.toMillis() + "ms";
    }
    long hours = wait.toHours();
    long minutes = wait.toMinutesPart();
    BigDecimal seconds =
        BigDecimal.valueOf(wait.toSecondsPart())
            .add(BigDecimal.valueOf(wait.toMillisPart(), 3))
            .stripTrailingZeros();
    String secondsText =
        seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString();
    if (hours > 0) {
      return hours + "h" + minutes + "m" + secondsText + "s";
    }
    if (minutes > 0) {
      return minutes + "m" + secondsText + "s";
    }
    return secondsText + "s";
  }

  /** Seconds as a short human number: "0.12s", "1.5s", "20s". */
  static String humanSeconds(Duration wait) {
    BigDecimal seconds =
        BigDecimal.valueOf(wait.toMillis(), 3)
            .setScale(3, RoundingMode.HALF_UP)
            .stripTrailingZeros();
    return (seconds.scale() < 0 ? seconds.setScale(0) : seconds).toPlainString() + "s";
  }

  /** An RFC 3339 instant in UTC to the second, as Anthropic's reset headers carry it. */
  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(
        instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /** Cloudflare's branded error page for a 5xx from {@code host}. */
  String cloudflarePage(String host, int status, Instant now) {
    String title = cloudflareTitle(status);
    String ray = ids.hex(16);
    String time =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .format(now.atOffset(ZoneOffset.UTC));
    return "<!DOCTYPE html>\n"
        + "<!--[if lt IE 7]> <html class=\"no-js ie6 oldie\" lang=\"en-US\"> <![endif]-->\n"
        + "<!--[if gt IE 8]><!--> <html class=\"no-js\" lang=\"en-US\"> <!--<![endif]-->\n"
        + "<head>\n"
        + "<title>"
        + host
        + " | "
        + status
        + ": "
        + title
        + "</title>\n"
        + "<meta charset=\"UTF-8\" />\n"
        + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n"
        + "<meta http-equiv=\"X-UA-Compatible\" content=\"IE=Edge\" />\n"
        + "<meta name=\"robots\" content=\"noindex, nofollow\" />\n"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\" />\n"
        + "<link rel=\"stylesheet\" id=\"cf_styles-css\" href=\"/cdn-cgi/styles/main.css\" />\n"
        + "</head>\n"
        + "<body>\n"
        + "<div id=\"cf-wrapper\">\n"
        + "  <div id=\"cf-error-details\" class=\"p-0\">\n"
        + "    <header class=\"mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8\">\n"
        + "      <h1 class=\"inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl"
        + " text-black-dark leading-tight mr-2\">\n"
        + "        <span class=\"inline-block\">"
        + title
        + "</span>\n"
        + "        <span class=\"code-label\">Error code "
        + status
        + "</span>\n"
        + "      </h1>\n"
        + "      <div>Visit <a"
        + " href=\"https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_"
        + status
        + "&utm_campaign="
        + host
        + "\" target=\"_blank\" rel=\"noopener noreferrer\">"
        + "cloudflare.com</a> for more information.</div>\n"
        + "      <div class=\"mt-3\">"
        + time
        + "</div>\n"
        + "    </header>\n"
        + "    <div class=\"cf-error-footer cf-wrapper w-240 lg:w-full py-10 sm:py-4 sm:px-8"
        + " mx-auto text-center sm:text-left border-solid border-0 border-t border-gray-300\">\n"
        + "      <p class=\"text-13\">\n"
        + "        <span class=\"cf-footer-item sm:block sm:mb-1\">Cloudflare Ray ID: <strong"
        + " class=\"font-semibold\">"
        + ray
        + "</strong></span>\n"
        + "      </p>\n"
        + "    </div>\n"
        + "  </div>\n"
        + "</div>\n"
        + "</body>\n"
        + "</html>\n";
  }

  /** Cloudflare's headers on its own error pages. */
  Map<String, String> cloudflareHeaders() {
    return headers(
        "content-type", "text/html; charset=UTF-8",
        "server", "cloudflare",
        "cf-ray", ids.hex(16) + "-SJC",
        "cache-control",
            "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0",
        "expires", "Thu, 01 Jan 1970 00:00:01 GMT",
        "referrer-policy", "same-origin",
        "x-frame-options", "SAMEORIGIN");
  }

  /** Whether Cloudflare answers {@code status} with a page of its own. */
  static boolean isCloudflareStatus(int status) {
    return status == 502 || status == 504 || (status >= 520 && status <= 526);
  }

  private static String cloudflareTitle(int status) {
    switch (status) {
      case 502:
        return "Bad gateway";
      case 504:
        return "Gateway time-out";
      case 520:
        return "Web server is returning an unknown error";
      case 521:
        return "Web server is down";
      case 522:
        return "Connection timed out";
      case 523:
        return "Origin is unreachable";
      case 524:
        return "A timeout occurred";
      case 525:
        return "SSL handshake failed";
      case 526:
        return "Invalid SSL certificate";
      default:
        return "Error";
    }
  }

  /** A raw reply exactly as a {@link Fault#status(int, String, Map)} asked for it. */
  static HttpReply raw(int status, String body, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    boolean hasType =
        extra.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("content-type"));
    if (!hasType) {
      String trimmed = body.stripLeading();
      String type =
          trimmed.startsWith("{") || trimmed.startsWith("[")
              ? "application/json"
              : trimmed.startsWith("<") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
      headers.put("content-type", type);
    }
    headers.putAll(extra);
    return HttpReply.of(status, headers, body);
  }
}
