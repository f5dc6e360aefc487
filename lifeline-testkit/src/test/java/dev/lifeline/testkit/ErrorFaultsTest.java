package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Error statuses with each provider's real body and headers. */
class ErrorFaultsTest {

  // Started before the first test, reset between tests, stopped after the last.
  @RegisterExtension static final FakeFleetExtension FLEET = new FakeFleetExtension();
  private final TestClient client = new TestClient();

  /**
   * Each named fault in each format: the status, and the marker that identifies it (OpenAI {@code
   * error.code} or else {@code error.type}; Anthropic {@code error.type}; Gemini {@code
   * error.status}), and a fragment of the message.
   */
  static Stream<Arguments> namedErrors() {
    return Stream.of(
        arguments(
            WireFormat.OPENAI,
            Fault.rateLimited(),
            429,
            "rate_limit_exceeded",
            "Please try again in"),
        arguments(WireFormat.OPENAI, Fault.overloaded(), 503, "server_error", "overloaded"),
        arguments(WireFormat.OPENAI, Fault.serverError(), 500, "server_error", "error processing"),
        arguments(
            WireFormat.OPENAI, Fault.unauthorized(), 401, "invalid_api_key", "Incorrect API key"),
        arguments(
            WireFormat.OPENAI,
            Fault.quotaExhausted(),
            429,
            "insufficient_quota",
            "exceeded your current quota"),
        arguments(
            WireFormat.OPENAI,
            Fault.contextLengthExceeded(),
            400,
            "context_length_exceeded",
            "maximum context length is"),
        arguments(
            WireFormat.OPENAI,
            Fault.modelNotFound(),
            404,
            "model_not_found",
            "`gpt-4o` does not exist"),
        arguments(WireFormat.OPENAI, Fault.badRequest(), 400, "invalid_type", "Invalid type"),
        arguments(WireFormat.ANTHROPIC, Fault.rateLimited(), 429, "rate_limit_error", "rate limit"),
        arguments(WireFormat.ANTHROPIC, Fault.overloaded(), 529, "overloaded_error", "Overloaded"),
        arguments(WireFormat.ANTHROPIC, Fault.serverError(), 500, "api_error", "unexpected error"),
        arguments(
            WireFormat.ANTHROPIC, Fault.unauthorized(), 401, "authentication_error", "x-api-key"),
        arguments(
            WireFormat.ANTHROPIC,
            Fault.quotaExhausted(),
            400,
            "invalid_request_error",
            "credit balance is too low"),
        arguments(
            WireFormat.ANTHROPIC,
            Fault.contextLengthExceeded(),
            400,
            "invalid_request_error",
            "prompt is too long"),
        arguments(
            WireFormat.ANTHROPIC,
            Fault.modelNotFound(),
            404,
            "not_found_error",
            "model: claude-sonnet-4-20250514"),
        arguments(
            WireFormat.ANTHROPIC,
            Fault.badRequest(),
            400,
            "invalid_request_error",
            "Field required"),
        arguments(WireFormat.ANTHROPIC, Fault.status(403), 403, "permission_error", "permission"),
        arguments(WireFormat.ANTHROPIC, Fault.status(504), 504, "timeout_error", "timed out"),
        arguments(
            WireFormat.GEMINI,
            Fault.rateLimited(),
            429,
            "RESOURCE_EXHAUSTED",
            "Please retry in 1s."),
        arguments(
            WireFormat.GEMINI, Fault.overloaded(), 503, "UNAVAILABLE", "The model is overloaded"),
        arguments(WireFormat.GEMINI, Fault.serverError(), 500, "INTERNAL", "internal error"),
        arguments(
            WireFormat.GEMINI, Fault.unauthorized(), 400, "INVALID_ARGUMENT", "API key not valid"),
        arguments(
            WireFormat.GEMINI, Fault.quotaExhausted(), 429, "RESOURCE_EXHAUSTED", "limit: 250"),
        arguments(
            WireFormat.GEMINI,
            Fault.contextLengthExceeded(),
            400,
            "INVALID_ARGUMENT",
            "exceeds the maximum number of tokens"),
        arguments(
            WireFormat.GEMINI,
            Fault.modelNotFound(),
            404,
            "NOT_FOUND",
            "models/gemini-2.0-flash is not found"),
        arguments(
            WireFormat.GEMINI, Fault.badRequest(), 400, "INVALID_ARGUMENT", "Invalid JSON payload"),
        arguments(
            WireFormat.GEMINI, Fault.status(401), 401, "UNAUTHENTICATED", "invalid authentication"),
        arguments(
            WireFormat.GEMINI, Fault.status(403), 403, "PERMISSION_DENIED", "unregistered callers"),
        arguments(
            WireFormat.GEMINI, Fault.status(504), 504, "DEADLINE_EXCEEDED", "Deadline expired"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @MethodSource("namedErrors")
  void answersWithTheProvidersErrorBody(
      WireFormat format, Fault fault, int status, String marker, String message) {
    FakeLlmServer server = serverFor(format);
    server.enqueue(fault);

    HttpResponse<String> response =
        client.chat(server, TestClient.modelFor(format), "hello", false);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/json");
    JsonNode body = TestClient.parse(response.body());
    switch (format) {
      case OPENAI:
        {
          JsonNode error = body.path("error");
          assertThat(
                  error.has("message")
                      && error.has("type")
                      && error.has("param")
                      && error.has("code"))
              .isTrue();
          String code =
              error.path("code").isNull()
                  ? error.path("type").asText()
                  : error.path("code").asText();
          assertThat(code).isEqualTo(marker);
          assertThat(error.path("message").asText()).contains(message);
          assertThat(response.headers().firstValue("x-request-id")).isPresent();
          break;
        }
      case ANTHROPIC:
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(marker);
        assertThat(body.path("error").path("message").asText()).contains(message);
        assertThat(body.path("request_id").asText())
            .isEqualTo(response.headers().firstValue("request-id").orElseThrow());
        break;
      default:
        assertThat(body.path("error").path("code").asInt()).isEqualTo(status);
        assertThat(body.path("error").path("status").asText()).isEqualTo(marker);
        assertThat(body.path("error").path("message").asText()).contains(message);
    }
    assertThat(server.script().pending()).isZero();
  }

  @Test
  void openAiRateLimitCarriesRetryAfterAndResetHeaders() {
    FakeLlmServer openai = FLEET.fleet().server("openai");
    openai.enqueue(
        Fault.rateLimited(Duration.ofMillis(1500)), Fault.rateLimited(Duration.ofMillis(250)));

    HttpResponse<String> first = client.chat(openai, "gpt-4o-mini", "hello", false);
    HttpResponse<String> second = client.chat(openai, "gpt-4o-mini", "hello", false);

    assertThat(first.headers().firstValue("retry-after")).hasValue("2");
    assertThat(first.headers().firstValue("retry-after-ms")).hasValue("1500");
    assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1.5s");
    assertThat(first.body())
        .contains("Rate limit reached for gpt-4o-mini", "Please try again in 1.5s.");
    assertThat(second.headers().firstValue("x-ratelimit-reset-requests")).hasValue("250ms");
    assertThat(second.headers().firstValue("retry-after")).hasValue("1");
    assertThat(second.body()).contains("Please try again in 250ms.");
  }

  @Test
  void anthropicRateLimitCarriesRetryAfterAndRfc3339Resets() {
    FakeLlmServer anthropic = FLEET.fleet().server("anthropic");
    anthropic.enqueue(Fault.rateLimited(Duration.ofSeconds(12)));
    Instant before = Instant.now().minusSeconds(1);

    HttpResponse<String> response =
        client.chat(anthropic, "claude-sonnet-4-20250514", "hello", false);

    assertThat(response.headers().firstValue("retry-after")).hasValue("12");
    assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining"))
        .hasValue("0");
    Instant reset =
        Instant.parse(
            response.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
    assertThat(reset).isBetween(before.plusSeconds(11), Instant.now().plusSeconds(13));
    assertThat(response.headers().firstValue("x-should-retry")).hasValue("true");
    // Every family the API sends on a 429: requests, tokens, and tokens split into input/output.
    for (String family : List.of("requests", "tokens", "input-tokens", "output-tokens")) {
      for (String part : List.of("limit", "remaining", "reset")) {
        assertThat(response.headers().firstValue("anthropic-ratelimit-" + family + "-" + part))
            .as(family + "-" + part)
            .isPresent();
      }
    }
    Instant.parse(
        response.headers().firstValue("anthropic-ratelimit-output-tokens-reset").orElseThrow());
  }

  @Test
  void geminiRateLimitPutsTheWaitInRetryInfoOnly() {
    FakeLlmServer gemini = FLEET.fleet().server("gemini");
    gemini.enqueue(Fault.rateLimited(Duration.ofSeconds(47)), Fault.quotaExhausted());

    HttpResponse<String> perMinute = client.chat(gemini, "gemini-2.0-flash", "hello", false);
    HttpResponse<String> perDay = client.chat(gemini, "gemini-2.0-flash", "hello", false);

    assertThat(perMinute.headers().firstValue("retry-after")).isEmpty();
    JsonNode details = TestClient.parse(perMinute.body()).path("error").path("details");
    assertThat(details.findValuesAsText("retryDelay")).containsExactly("47s");
    assertThat(details.findValuesAsText("quotaId"))
        .containsExactly("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
    JsonNode dayDetails = TestClient.parse(perDay.body()).path("error").path("details");
    assertThat(dayDetails.findValuesAsText("quotaId").get(0)).contains("PerDay");
    assertThat(dayDetails.findValuesAsText("retryDelay")).isEmpty();
  }

  @Test
  void badGatewayIsTheCdnsHtmlPage() {
    FLEET.fleet().servers().forEach(server -> server.enqueue(Fault.badGateway()));

    HttpResponse<String> openai =
        client.chat(FLEET.fleet().server("openai"), "gpt-4o", "hi", false);
    HttpResponse<String> anthropic =
        client.chat(FLEET.fleet().server("anthropic"), "claude-sonnet-4-20250514", "hi", false);
    HttpResponse<String> gemini =
        client.chat(FLEET.fleet().server("gemini"), "gemini-2.0-flash", "hi", false);

    assertThat(openai.statusCode()).isEqualTo(502);
    assertThat(openai.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(openai.headers().firstValue("server")).hasValue("cloudflare");
    assertThat(openai.headers().firstValue("cf-ray")).isPresent();
    assertThat(openai.body())
        .contains("<title>api.openai.com | 502: Bad gateway</title>", "Error code 502");
    assertThat(anthropic.body()).contains("<title>api.anthropic.com | 502: Bad gateway</title>");
    assertThat(gemini.statusCode()).isEqualTo(502);
    assertThat(gemini.body()).contains("<title>Error 502 (Server Error)!!1</title>");
  }

  @Test
  void statusCodesMapToTheProvidersUsualBodies() {
    FakeLlmServer openai = FLEET.fleet().server("openai");
    openai.enqueue(Fault.status(503), Fault.status(524), Fault.status(522), Fault.status(418));

    HttpResponse<String> overloaded = client.chat(openai, "gpt-4o", "hi", false);
    HttpResponse<String> timeout = client.chat(openai, "gpt-4o", "hi", false);
    HttpResponse<String> cdn = client.chat(openai, "gpt-4o", "hi", false);
    HttpResponse<String> other = client.chat(openai, "gpt-4o", "hi", false);

    assertThat(overloaded.statusCode()).isEqualTo(503);
    assertThat(overloaded.body()).contains("overloaded");
    assertThat(TestClient.parse(timeout.body()).path("error").path("type").asText())
        .isEqualTo("cf_gateway_timeout");
    assertThat(cdn.body()).contains("522: Connection timed out");
    assertThat(other.statusCode()).isEqualTo(418);
    assertThat(TestClient.parse(other.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void anthropicStatus529IsOverloaded() {
    FakeLlmServer anthropic = FLEET.fleet().server("anthropic");
    anthropic.enqueue(Fault.status(529));

    HttpResponse<String> response = client.chat(anthropic, "claude-sonnet-4-20250514", "hi", false);

    assertThat(response.statusCode()).isEqualTo(529);
    assertThat(TestClient.parse(response.body()).path("error").path("type").asText())
        .isEqualTo("overloaded_error");
  }

  @Test
  void rawStatusIsSentExactly() {
    FakeLlmServer gemini = FLEET.fleet().server("gemini");
    gemini.enqueue(
        Fault.status(
            504, "<html><head><title>504 Gateway Time-out</title></head></html>", Map.of()),
        Fault.status(
            429, "Too Many Requests", Map.of("Retry-After", "Tue, 24 Nov 2026 15:00:30 GMT")));

    HttpResponse<String> html = client.chat(gemini, "gemini-2.0-flash", "hi", false);
    HttpResponse<String> text = client.chat(gemini, "gemini-2.0-flash", "hi", false);

    assertThat(html.statusCode()).isEqualTo(504);
    assertThat(html.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(html.body()).contains("504 Gateway Time-out");
    assertThat(text.body()).isEqualTo("Too Many Requests");
    assertThat(text.headers().firstValue("retry-after")).hasValue("Tue, 24 Nov 2026 15:00:30 GMT");
    assertThat(text.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
  }

  @Test
  void errorsAreRenderedInTheFormatOfTheServerThatPlaysThem() {
    Fault shared = Fault.overloaded();
    FLEET.fleet().servers().forEach(server -> server.always(shared));

    assertThat(client.chat(FLEET.fleet().server("openai"), "gpt-4o", "hi", false).statusCode())
        .isEqualTo(503);
    assertThat(
            client
                .chat(FLEET.fleet().server("anthropic"), "claude-sonnet-4-20250514", "hi", false)
                .statusCode())
        .isEqualTo(529);
    assertThat(
            client
                .chat(FLEET.fleet().server("gemini"), "gemini-2.0-flash", "hi", false)
                .statusCode())
        .isEqualTo(503);
  }

  private static FakeLlmServer serverFor(WireFormat format) {
    return FLEET.fleet().servers().stream()
        .filter(server -> server.wireFormat() == format)
        .findFirst()
        .orElseThrow();
  }
}
