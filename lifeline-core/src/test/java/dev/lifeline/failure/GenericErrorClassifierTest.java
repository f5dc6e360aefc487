package dev.lifeline.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Remedy;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GenericErrorClassifierTest {

  private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
  private static final GenericErrorClassifier CLASSIFIER = new GenericErrorClassifier(() -> NOW);
  private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";

  private static Failure classify(int status, Map<String, String> headers, String body) {
    return CLASSIFIER
        .classify(RawResponse.of(status, headers, body), NOW)
        .orElseThrow(() -> new AssertionError("expected a failure for " + status + " " + body));
  }

  private static Optional<Failure> classify2xx(String body) {
    return CLASSIFIER.classify(RawResponse.of(200, Map.of(), body), NOW);
  }

  @Test
  void genericIsTheSharedInstanceOnTheWallClock() {
    assertThat(ErrorClassifier.generic()).isSameAs(GenericErrorClassifier.INSTANCE);
    Optional<Failure> failure =
        ErrorClassifier.generic().classify(RawResponse.of(429, Map.of("retry-after", "3"), ""));
    assertThat(failure).get().extracting(Failure::kind).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.get().retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theInjectedClockTurnsAnHttpDateIntoAWait() {
    GenericErrorClassifier atNoon = new GenericErrorClassifier(() -> NOW);
    RawResponse response =
        RawResponse.of(
            429, Map.of("Retry-After", "Tue, 24 Nov 2026 15:00:30 GMT"), "Too Many Requests");

    assertThat(atNoon.classify(response).orElseThrow().retryAfter())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Nested
  class Exceptions {

    static Stream<Arguments> mapping() {
      return Stream.of(
          Arguments.of(
              new HttpConnectTimeoutException("HTTP connect timed out"), ErrorKind.TIMEOUT, null),
          Arguments.of(new HttpTimeoutException("request timed out"), ErrorKind.TIMEOUT, null),
          Arguments.of(new SocketTimeoutException("Read timed out"), ErrorKind.TIMEOUT, null),
          Arguments.of(new TimeoutException(), ErrorKind.TIMEOUT, null),
          Arguments.of(
              new ConnectException("Connection refused"), ErrorKind.NETWORK, Remedy.FAILOVER),
          Arguments.of(
              new NoRouteToHostException("No route to host"), ErrorKind.NETWORK, Remedy.FAILOVER),
          Arguments.of(
              new UnknownHostException("api.openai.invalid"), ErrorKind.NETWORK, Remedy.FAILOVER),
          Arguments.of(
              new SSLHandshakeException("PKIX path building failed"),
              ErrorKind.NETWORK,
              Remedy.FAILOVER),
          Arguments.of(
              new SSLException("Connection reset", new SocketException("Connection reset")),
              ErrorKind.NETWORK,
              null),
          Arguments.of(new SocketException("Connection reset"), ErrorKind.NETWORK, null),
          Arguments.of(new SocketException("Broken pipe"), ErrorKind.NETWORK, null),
          Arguments.of(new EOFException("EOF reached while reading"), ErrorKind.NETWORK, null),
          Arguments.of(
              new IOException("/127.0.0.1:8080: GOAWAY received"), ErrorKind.NETWORK, null),
          Arguments.of(
              new IOException("HTTP/1.1 header parser received no bytes"), ErrorKind.NETWORK, null),
          Arguments.of(new IOException("connection closed locally"), ErrorKind.NETWORK, null),
          Arguments.of(new IOException("something odd"), ErrorKind.NETWORK, null),
          Arguments.of(jsonError(), ErrorKind.INVALID_RESPONSE, null),
          Arguments.of(new IllegalStateException("boom"), ErrorKind.SERVER_ERROR, null));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @MethodSource("mapping")
    void mapsToKindAndHint(Throwable error, ErrorKind kind, Remedy hint) {
      Failure failure = CLASSIFIER.classify(error);

      assertThat(failure.kind()).isEqualTo(kind);
      assertThat(failure.remedyHint()).isEqualTo(hint);
      assertThat(failure.status()).isZero();
      assertThat(failure.message())
          .startsWith(
              kind == ErrorKind.SERVER_ERROR ? "unexpected " : error.getClass().getSimpleName());
    }

    @Test
    void unwrapsFutureAndStreamWrappers() {
      Throwable wrapped =
          new CompletionException(
              new ExecutionException(
                  new UncheckedIOException(new SocketTimeoutException("Read timed out"))));

      Failure failure = CLASSIFIER.classify(wrapped);

      assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(failure.message()).isEqualTo("SocketTimeoutException: Read timed out");
    }

    @Test
    void unwrapsABareIoExceptionAroundAMoreSpecificOne() {
      Failure failure =
          CLASSIFIER.classify(
              new IOException("send failed", new ConnectException("Connection refused")));

      assertThat(failure.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(failure.remedyHint()).isEqualTo(Remedy.FAILOVER);
    }

    @Test
    void aProviderExceptionKeepsItsOwnFailure() {
      Failure own =
          Failure.builder(ErrorKind.QUOTA_EXHAUSTED).status(402).message("credits gone").build();

      assertThat(CLASSIFIER.classify(new CompletionException(new ProviderException(own))))
          .isSameAs(own);
    }

    @Test
    void anUnexpectedExceptionSaysSo() {
      Failure failure = CLASSIFIER.classify(new IllegalStateException("boom"));

      assertThat(failure.message()).isEqualTo("unexpected IllegalStateException: boom");
    }

    @Test
    void aMissingMessageGivesTheTypeName() {
      assertThat(CLASSIFIER.classify(new SocketException()).message()).isEqualTo("SocketException");
    }

    @Test
    void nullAndSelfCausedExceptionsDoNotThrow() {
      assertThat(CLASSIFIER.classify((Throwable) null).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      Throwable[] other = new Throwable[1];
      CompletionException first =
          new CompletionException("first", null) {
            @Override
            public synchronized Throwable getCause() {
              return other[0];
            }
          };
      other[0] =
          new CompletionException("second", null) {
            @Override
            public synchronized Throwable getCause() {
              return first;
            }
          };
      assertThatCode(() -> CLASSIFIER.classify(first)).doesNotThrowAnyException();
    }

    @Test
    void aKeyInAnExceptionMessageIsRedacted() {
      Failure failure =
          CLASSIFIER.classify(new IOException("POST failed with Authorization: Bearer " + KEY));

      assertThat(failure.message()).doesNotContain(KEY).doesNotContain("abcdefghijklmnop");
    }

    private static JsonProcessingException jsonError() {
      try {
        new ObjectMapper().readTree("{\"choices\": [");
        throw new AssertionError("expected a parse error");
      } catch (JsonProcessingException e) {
        return e;
      }
    }
  }

  @Nested
  class RemedyHints {

    @Test
    void shouldRetryFalseOnARetryableKindFailsOver() {
      Failure failure = classify(500, Map.of("x-should-retry", "false"), "");

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(failure.remedyHint()).isEqualTo(Remedy.FAILOVER);
    }

    @Test
    void shouldRetryTrueOnANonRetryable4xxRetries() {
      Failure failure =
          classify(400, Map.of("X-Should-Retry", "true"), "{\"error\":{\"message\":\"bad\"}}");

      assertThat(failure.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
      assertThat(failure.remedyHint()).isEqualTo(Remedy.RETRY);
    }

    @Test
    void shouldRetryAgreeingWithTheKindAddsNoHint() {
      assertThat(classify(503, Map.of("x-should-retry", "true"), "").remedyHint()).isNull();
      assertThat(classify(401, Map.of("x-should-retry", "false"), "").remedyHint()).isNull();
    }

    @Test
    void shouldRetryTrueDoesNotTurnA5xxHintIntoARetry() {
      // 521: the origin is down. The header speaks for the provider, not for the CDN's verdict on
      // it.
      assertThat(classify(521, Map.of("x-should-retry", "true"), "").remedyHint())
          .isEqualTo(Remedy.FAILOVER);
    }

    @Test
    void aRequestTooLargeForTheTokenBudgetDegrades() {
      Failure failure =
          classify(
              429,
              Map.of(),
              "{\"error\":{\"message\":\"Request too large for gpt-4o in organization org-x on"
                  + " tokens per min (TPM): Limit 30000, Requested"
                  + " 30601.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}");

      assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(failure.remedyHint()).isEqualTo(Remedy.DEGRADE);
    }

    @Test
    void aPlainRateLimitHasNoHint() {
      Failure failure =
          classify(429, Map.of("retry-after", "2"), "{\"error\":{\"message\":\"slow\"}}");

      assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(failure.remedyHint()).isNull();
      assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aWaitOfAnHourOrMoreOnA429IsAQuota() {
      assertThat(classify(429, Map.of("retry-after", "3600"), "").kind())
          .isEqualTo(ErrorKind.QUOTA_EXHAUSTED);
      assertThat(classify(429, Map.of("retry-after", "3599"), "").kind())
          .isEqualTo(ErrorKind.RATE_LIMITED);
    }
  }

  @Nested
  class Envelopes {

    @Test
    void openAiPrefersTheCodeThenTheType() {
      assertThat(
              classify(
                      429,
                      Map.of(),
                      "{\"error\":{\"message\":\"x\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}")
                  .providerCode())
          .isEqualTo("rate_limit_exceeded");
      assertThat(
              classify(
                      429,
                      Map.of(),
                      "{\"error\":{\"message\":\"x\",\"type\":\"insufficient_quota\",\"code\":null}}")
                  .providerCode())
          .isEqualTo("insufficient_quota");
      // A numeric code only repeats the status; the type says more.
      assertThat(
              classify(
                      524,
                      Map.of(),
                      "{\"error\":{\"code\":524,\"message\":\"Gateway"
                          + " timeout.\",\"type\":\"cf_gateway_timeout\"}}")
                  .providerCode())
          .isEqualTo("cf_gateway_timeout");
    }

    @Test
    void googleUsesTheStatusAsTheCode() {
      Failure failure =
          classify(
              503,
              Map.of(),
              "{\"error\":{\"code\":503,\"message\":\"The model is"
                  + " overloaded.\",\"status\":\"UNAVAILABLE\"}}");

      assertThat(failure.providerCode()).isEqualTo("UNAVAILABLE");
      assertThat(failure.message()).isEqualTo("The model is overloaded.");
    }

    @Test
    void anthropicUsesTheInnerType() {
      Failure failure =
          classify(
              529,
              Map.of(),
              "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

      assertThat(failure.providerCode()).isEqualTo("overloaded_error");
      assertThat(failure.message()).isEqualTo("Overloaded");
    }

    @Test
    void ollamaAndMistralMessagesAreRead() {
      assertThat(classify(500, Map.of(), "{\"error\":\"llama runner crashed\"}").message())
          .isEqualTo("llama runner crashed");
      assertThat(
              classify(401, Map.of(), "{\"message\":\"Unauthorized\",\"request_id\":\"1\"}")
                  .message())
          .isEqualTo("Unauthorized");
    }

    @Test
    void azuresNumericStatusFieldIsNotAGoogleStatus() {
      Failure failure =
          classify(
              400,
              Map.of(),
              "{\"error\":{\"message\":\"filtered\",\"code\":\"content_filter\",\"status\":400,"
                  + "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}");

      assertThat(failure.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
      assertThat(failure.providerCode()).isEqualTo("content_filter");
    }

    @Test
    void keepsOnlyDiagnosticHeaders() {
      Failure failure =
          classify(
              429,
              Map.of(
                  "Retry-After", "1",
                  "x-request-id", "req_123",
                  "x-ratelimit-remaining-requests", "0",
                  "anthropic-ratelimit-tokens-reset", "2026-11-24T15:00:01Z",
                  "content-type", "application/json",
                  "set-cookie", "__cf_bm=secret",
                  "server", "cloudflare",
                  "cf-ray", "8f1c-AMS"),
              "{}");

      assertThat(failure.headers())
          .containsOnlyKeys(
              "retry-after",
              "x-request-id",
              "x-ratelimit-remaining-requests",
              "anthropic-ratelimit-tokens-reset",
              "content-type",
              "cf-ray");
    }

    @Test
    void aBodyEchoingAnApiKeyComesOutRedacted() {
      Failure failure =
          classify(
              401,
              Map.of(),
              "{\"error\":{\"message\":\"Incorrect API key provided: "
                  + KEY
                  + ". You can find your API key at"
                  + " https://platform.openai.com/account/api-keys.\","
                  + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");

      assertThat(failure.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
      assertThat(failure.message()).doesNotContain(KEY).contains("[REDACTED]");
      assertThat(failure.toString()).doesNotContain(KEY);
    }

    @Test
    void aKeyStraddlingTheMessageCutIsStillRedactedWhole() {
      String message = "x".repeat(990) + " " + KEY;

      Failure failure = classify(400, Map.of(), "{\"error\":{\"message\":\"" + message + "\"}}");

      assertThat(failure.message()).hasSizeLessThanOrEqualTo(1000).doesNotContain("sk-proj-abc");
    }

    @Test
    void aPlainTextBodyBecomesAShortOneLineMessage() {
      Failure failure =
          classify(502, Map.of(), "upstream connect error\nor disconnect/reset before headers");

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(failure.message())
          .isEqualTo("upstream connect error or disconnect/reset before headers");
    }
  }

  @Nested
  class SuccessfulAnswers {

    @Test
    void aNormalAnswerIsNoFailure() {
      assertThat(
              classify2xx(
                  "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Refund"
                      + " approved.\"},"
                      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}"))
          .isEmpty();
      assertThat(
              classify2xx(
                  "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                      + "[{\"type\":\"text\",\"text\":\"Refund\"}],\"stop_reason\":\"end_turn\"}"))
          .isEmpty();
      assertThat(
              classify2xx(
                  "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Refund\"}],\"role\":\"model\"},"
                      + "\"finishReason\":\"STOP\"}]}"))
          .isEmpty();
    }

    @Test
    void aUsageChunkWithEmptyChoicesIsNoFailure() {
      assertThat(classify2xx("{\"choices\":[],\"usage\":{\"prompt_tokens\":5}}")).isEmpty();
    }

    @Test
    void anUnparseableOrEmpty2xxIsLeftToTheAdapter() {
      assertThat(classify2xx("")).isEmpty();
      assertThat(classify2xx("<html>ok</html>")).isEmpty();
      assertThat(classify2xx("{\"choices\":[{\"mess")).isEmpty();
      assertThat(CLASSIFIER.classify(RawResponse.of(204, Map.of(), null), NOW)).isEmpty();
    }

    @Test
    void aContentFilteredChoiceWithNoContentIsAFailure() {
      Failure failure =
          classify2xx(
                  "{\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\",\"message\":"
                      + "{\"role\":\"assistant\",\"content\":null},\"content_filter_results\":"
                      + "{\"hate\":{\"filtered\":false},\"violence\":{\"filtered\":true,\"severity\":\"high\"}}}]}")
              .orElseThrow();

      assertThat(failure.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
      assertThat(failure.status()).isEqualTo(200);
      assertThat(failure.providerCode()).isEqualTo("content_filter");
      assertThat(failure.message()).contains("violence").doesNotContain("hate");
    }

    @Test
    void aContentFilteredChoiceThatKeptTextIsForTheValidators() {
      assertThat(
              classify2xx(
                  "{\"choices\":[{\"finish_reason\":\"content_filter\",\"message\":{\"content\":\"Partial\"}}]}"))
          .isEmpty();
    }

    @Test
    void aBlockedGeminiPromptIsAFailure() {
      Failure failure =
          classify2xx(
                  "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{}}")
              .orElseThrow();

      assertThat(failure.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
      assertThat(failure.providerCode()).isEqualTo("PROHIBITED_CONTENT");
    }

    @Test
    void aGeminiCandidateStoppedForSafetyWithPartsIsNoFailure() {
      assertThat(
              classify2xx(
                  "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Some\"}]},\"finishReason\":\"SAFETY\"}]}"))
          .isEmpty();
    }

    @Test
    void anErrorEnvelopeOn200IsAFailure() {
      Failure failure =
          classify2xx(
                  "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\",\"metadata\":{}}}")
              .orElseThrow();

      assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(failure.status()).isEqualTo(200);
    }

    @Test
    void anOpenRouterStreamErrorWithChoicesIsAFailure() {
      Failure failure =
          classify2xx(
                  "{\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},"
                      + "\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}")
              .orElseThrow();

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }

    @Test
    void anErrorWithoutAStatusIsClassifiedByWording() {
      assertThat(classify2xx("{\"error\":\"rate limit reached, slow down\"}").orElseThrow().kind())
          .isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(classify2xx("{\"error\":{\"message\":\"something broke\"}}").orElseThrow().kind())
          .isEqualTo(ErrorKind.SERVER_ERROR);
    }
  }

  @Nested
  class JunkInput {

    @Test
    void anEmptyBodyIsClassifiedByStatus() {
      Failure failure = classify(500, Map.of(), "");

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(failure.message()).isEqualTo("HTTP 500 with an empty body");
    }

    @Test
    void binaryGarbageDoesNotThrowAndGivesAPrintableMessage() {
      byte[] bytes = new byte[4096];
      new Random(42).nextBytes(bytes);
      String garbage = new String(bytes, StandardCharsets.ISO_8859_1);

      Failure failure = classify(502, Map.of(), garbage);

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(failure.message()).hasSizeLessThanOrEqualTo(200).doesNotContain("\u0000");
    }

    @Test
    void truncatedJsonFallsBackToStatusAndText() {
      Failure failure =
          classify(503, Map.of(), "{\"error\":{\"message\":\"The engine is currently overlo");

      assertThat(failure.kind()).isEqualTo(ErrorKind.OVERLOADED);
      assertThat(failure.message()).startsWith("{\"error\"");
    }

    @Test
    @Timeout(10)
    void aOneMegabyteBodyIsCheapAndGivesAShortMessage() {
      String huge = "a".repeat(1 << 20);

      Failure text = classify(500, Map.of(), huge);
      Failure json = classify(400, Map.of(), "{\"error\":{\"message\":\"" + huge + "\"}}");
      Failure html = classify(502, Map.of("content-type", "text/html"), "<html><title>" + huge);

      assertThat(text.message()).hasSizeLessThanOrEqualTo(200);
      assertThat(json.message()).hasSizeLessThanOrEqualTo(1000);
      assertThat(json.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
      assertThat(html.message()).hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void deeplyNestedJsonDoesNotThrow() {
      String nested = "[".repeat(100_000) + "]".repeat(100_000);

      assertThat(classify(500, Map.of(), nested).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(classify2xx(nested)).isEmpty();
    }

    @Test
    void oddJsonValuesAreClassifiedByStatus() {
      for (String body :
          List.of("null", "\"text\"", "42", "[]", "[1,2]", "{}", "{\"error\":null}", "[[{}]]")) {
        assertThat(classify(400, Map.of(), body).kind()).as(body).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThatCode(() -> classify2xx(body)).as(body).doesNotThrowAnyException();
      }
    }

    @Test
    void oddStatusesDoNotThrow() {
      assertThat(classify(0, Map.of(), "").kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
      assertThat(classify(302, Map.of("location", "https://example.com"), "").kind())
          .isEqualTo(ErrorKind.INVALID_RESPONSE);
      assertThat(classify(599, Map.of(), "").kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(classify(499, Map.of(), "").kind()).isEqualTo(ErrorKind.BAD_REQUEST);
      assertThat(classify(-1, Map.of(), "x").kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
      assertThat(CLASSIFIER.classify((RawResponse) null, NOW))
          .get()
          .extracting(Failure::kind)
          .isEqualTo(ErrorKind.INVALID_RESPONSE);
    }

    @Test
    void randomBodiesNeverThrow() {
      Random random = new Random(7);
      String[] fragments = {
        "{",
        "}",
        "[",
        "]",
        "\"error\"",
        ":",
        ",",
        "\"message\"",
        "\"code\"",
        "429",
        "null",
        "<title>",
        "</title>",
        "<",
        ">",
        "retry after ",
        "1m",
        "s",
        "\"status\":\"RESOURCE_EXHAUSTED\"",
        "\n",
        "\u0000",
        "\uD83D",
        "choices",
        "\"details\":[",
        "\"retryDelay\":\"",
        "PerDay",
        "x".repeat(300)
      };
      int[] statuses = {0, 200, 201, 400, 401, 403, 404, 413, 429, 500, 503, 521, 529, 999};
      for (int i = 0; i < 2_000; i++) {
        StringBuilder body = new StringBuilder();
        for (int j = random.nextInt(30); j > 0; j--) {
          body.append(fragments[random.nextInt(fragments.length)]);
        }
        int status = statuses[random.nextInt(statuses.length)];
        RawResponse response =
            RawResponse.of(
                status,
                Map.of("retry-after", fragments[random.nextInt(fragments.length)]),
                body.toString());
        assertThatCode(() -> CLASSIFIER.classify(response, NOW))
            .as(body.toString())
            .doesNotThrowAnyException();
        Optional<Failure> failure = CLASSIFIER.classify(response, NOW);
        if (!response.isSuccessful()) {
          assertThat(failure).as(body.toString()).isPresent();
        }
      }
    }

    @Test
    void theMessageOfAnHtmlPageIsItsTitle() {
      String page =
          "<!DOCTYPE html><html><head><title>api.openai.com | 502: Bad gateway</title>"
              + "<style>"
              + "body{}".repeat(2000)
              + "</style></head><body><h1>Bad gateway</h1>"
              + "<p>"
              + "The web server reported a bad gateway error. ".repeat(100)
              + "</p></body></html>";

      Failure failure = classify(502, Map.of("Content-Type", "text/html; charset=UTF-8"), page);

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(failure.message()).isEqualTo("HTML error page: api.openai.com | 502: Bad gateway");
    }

    @Test
    void theCodeOfACdnPageWinsOverTheHttpStatus() {
      Failure failure =
          classify(
              500,
              Map.of("content-type", "text/html"),
              "<html><title>api.x.com | 524: A timeout occurred</title></html>");

      assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(failure.status()).isEqualTo(500);
    }

    @Test
    void anHtmlPageWithoutATitleStillGivesAShortMessage() {
      Failure failure =
          classify(
              503, Map.of(), "<html><body>" + "<div>down</div>".repeat(1000) + "</body></html>");

      assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(failure.message()).startsWith("HTML error page: ").hasSizeLessThanOrEqualTo(120);
    }
  }
}
