package dev.lifeline.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClientResponseException;

/** What a wrapped Spring AI model throws, read as Lifeline's adapters read an HTTP answer. */
class WrappedFailuresTest {

  private final WrappedFailures failures = new WrappedFailures(ErrorClassifier.generic());

  @Test
  void springsHttpExceptionIsReadWithItsStatusHeadersAndBody() {
    HttpHeaders headers = new HttpHeaders();
    headers.add("Retry-After", "7");
    RestClientResponseException error =
        new RestClientResponseException(
            "429 Too Many Requests",
            HttpStatusCode.valueOf(429),
            "Too Many Requests",
            headers,
            "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}"
                .getBytes(StandardCharsets.UTF_8),
            StandardCharsets.UTF_8);

    Failure failure = failures.classify(new RuntimeException("wrapped", error));

    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.status()).isEqualTo(429);
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void springAisStatusMessagesAreReadAsTheAnswerTheyQuote() {
    Failure quota =
        failures.classify(
            new NonTransientAiException(
                "429 - {\"error\":{\"message\":\"You exceeded your current quota\","
                    + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
    assertThat(quota.kind()).isEqualTo(ErrorKind.QUOTA_EXHAUSTED);

    Failure overloaded =
        failures.classify(new TransientAiException("503 - {\"error\":{\"message\":\"busy\"}}"));
    assertThat(overloaded.status()).isEqualTo(503);
    assertThat(overloaded.kind()).isIn(ErrorKind.OVERLOADED, ErrorKind.SERVER_ERROR);
  }

  @Test
  void withoutAnHttpAnswerTheExceptionTypeDecides() {
    Failure rejected = failures.classify(new NonTransientAiException("model refused the options"));
    assertThat(rejected.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(rejected.remedyHint()).isEqualTo(Remedy.FAILOVER);

    assertThat(failures.classify(new TransientAiException("try later")).kind())
        .isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(failures.classify(new RuntimeException(new ConnectException("refused"))).kind())
        .isEqualTo(ErrorKind.NETWORK);
  }
}
