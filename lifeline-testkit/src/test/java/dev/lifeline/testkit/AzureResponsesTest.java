package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiApi;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifeline's Azure OpenAI preset speaking the Responses API ({@code /openai/v1/responses}, the key
 * in {@code api-key}, the deployment as the body's model) against the OpenAI fake, which serves the
 * same Responses API, script and faults at that path and takes the key from {@code api-key}.
 */
class AzureResponsesTest {

  private static final String KEY = "azure-secret";
  private static final String DEPLOYMENT = "gpt-4o-prod";

  private FakeLlmServer server;
  private OpenAiProvider azure;

  @BeforeEach
  void start() {
    server = FakeLlmServer.builder(WireFormat.OPENAI).requireApiKey(KEY).build().start();
    String origin = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
    azure =
        OpenAiProvider.azure(URI.create(origin))
            .apiKey(ApiKey.of(KEY))
            .api(OpenAiApi.RESPONSES)
            .build();
  }

  @AfterEach
  void stop() {
    azure.close();
    server.close();
  }

  @Test
  void aCallGoesToTheV1ResponsesPathWithTheKeyInApiKey() throws Exception {
    ChatResponse answer =
        azure.send(ChatRequest.of("Refund order 7"), DEPLOYMENT).get(15, TimeUnit.SECONDS);

    assertThat(answer.text()).isEqualTo("Answer to: Refund order 7");
    RecordedRequest request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/openai/v1/responses");
    assertThat(request.header("api-key")).hasValue(KEY);
    assertThat(request.header("authorization")).isEmpty();
    assertThat(request.model()).isEqualTo(DEPLOYMENT);
  }

  @Test
  void theScriptPlaysThereAndAWrongKeyIsRefused() {
    server.enqueue(Fault.rateLimited(Duration.ofSeconds(3)));
    OpenAiProvider wrongKey = azure.toBuilder().apiKey(ApiKey.of("not-the-key")).build();

    ProviderException limited = failure(azure);
    ProviderException refused;
    try {
      refused = failure(wrongKey);
    } finally {
      wrongKey.close();
    }

    assertThat(limited.failure().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(limited.failure().retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(refused.failure().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
  }

  private static ProviderException failure(OpenAiProvider provider) {
    try {
      provider.send(ChatRequest.of("hi"), DEPLOYMENT).join();
    } catch (CompletionException e) {
      return (ProviderException) e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }
}
