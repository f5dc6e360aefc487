package dev.lifeline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * What a wrapped LangChain4j model throws, classified: the status and body of an {@code
 * HttpException} first (through Lifeline's rules), then LangChain4j's type, then the Java cause.
 */
class LangChain4jErrorClassifierTest {

  private static final String QUOTA_BODY =
      "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and"
          + " billing details.\",\"type\":\"insufficient_quota\",\"param\":null,"
          + "\"code\":\"insufficient_quota\"}}";
  private static final String RATE_BODY =
      "{\"error\":{\"message\":\"Rate limit reached for gpt-4o. Please try again in 1.5s.\","
          + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

  private final ErrorClassifier classifier =
      new LangChain4jErrorClassifier(ErrorClassifier.generic());

  @Test
  void aRateLimitExceptionAroundA429IsReadFromItsBodySpentQuotaIncluded() {
    Failure quota = classifier.classify(new RateLimitException(new HttpException(429, QUOTA_BODY)));
    Failure rate = classifier.classify(new RateLimitException(new HttpException(429, RATE_BODY)));

    assertThat(quota.kind()).isEqualTo(ErrorKind.QUOTA_EXHAUSTED);
    assertThat(quota.status()).isEqualTo(429);
    assertThat(rate.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(rate.retryAfterHint()).isPresent(); // "try again in 1.5s", from the body
  }

  @Test
  void withoutAnHttpExceptionLangChain4jsTypeNamesTheKind() {
    assertThat(classifier.classify(new TimeoutException("read timed out")).kind())
        .isEqualTo(ErrorKind.TIMEOUT);
    assertThat(classifier.classify(new ContentFilteredException("blocked")).kind())
        .isEqualTo(ErrorKind.CONTENT_FILTERED);
    assertThat(classifier.classify(new ModelNotFoundException("no such model")).kind())
        .isEqualTo(ErrorKind.MODEL_NOT_FOUND);
    assertThat(
            classifier
                .classify(new CompletionException(new RateLimitException("slow down")))
                .kind())
        .isEqualTo(ErrorKind.RATE_LIMITED);
  }

  @Test
  void aGenericWrapperIsReadThroughToTheJavaCause() {
    Failure refused =
        classifier.classify(new LangChain4jException(new ConnectException("Connection refused")));

    assertThat(refused.kind()).isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void aRequestTheWrappedModelRefusesBeforeSendingFailsOverToAnotherModel() {
    Failure unsupported =
        classifier.classify(new UnsupportedFeatureException("JSON schema is not supported"));
    Failure invalid =
        classifier.classify(new IllegalArgumentException("the root element must be an object"));

    assertThat(unsupported.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(unsupported.remedyHint()).isEqualTo(Remedy.FAILOVER);
    assertThat(invalid.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(invalid.remedyHint()).isEqualTo(Remedy.FAILOVER);
  }
}
