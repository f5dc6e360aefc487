package dev.lifeline.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.StreamInterruptedException;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Tool;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Spring AI's own OpenAI model (on the OpenAI SDK, over real HTTP to fake servers on loopback)
 * wrapped as Lifeline providers: its retries stay off, its failures are classified, and the cascade
 * fails over between two of them.
 */
class SpringAiProviderTest {

  private FakeLlmServer primary;
  private FakeLlmServer backup;
  private SelfHealingEngine engine;

  @BeforeEach
  void start() {
    primary = FakeLlmServer.builder(WireFormat.OPENAI).name("primary").build().start();
    backup = FakeLlmServer.builder(WireFormat.OPENAI).name("backup").build().start();
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    primary.close();
    backup.close();
  }

  private static OpenAiChatModel openAi(FakeLlmServer server, int maxRetries) {
    return OpenAiChatModel.builder()
        .options(
            OpenAiChatOptions.builder()
                .baseUrl(server.baseUrl())
                .apiKey("sk-test-spring")
                .model("gpt-4o")
                .maxRetries(maxRetries)
                .build())
        .build();
  }

  private SelfHealingEngine engine(int attemptsPerDeployment) {
    engine =
        SelfHealingEngine.builder()
            .provider(
                SpringAiProvider.builder()
                    .name("spring-primary")
                    .chatModel(openAi(primary, 0))
                    .build(),
                "gpt-4o")
            .provider(
                SpringAiProvider.builder()
                    .name("spring-backup")
                    .chatModel(openAi(backup, 0))
                    .build(),
                "gpt-4o-mini")
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(attemptsPerDeployment)
                    .baseDelay(Duration.ofMillis(5))
                    .maxDelay(Duration.ofMillis(20))
                    .build())
            .build();
    return engine;
  }

  @Test
  void samplingSettingsReachTheWireThroughTheWrappedModelAndWhatItDropsIsNamed() {
    ChatRequest request =
        ChatRequest.builder()
            .user("Refund order 1042?")
            .temperature(0.3)
            .topP(0.9)
            .topK(40)
            .frequencyPenalty(0.5)
            .presencePenalty(-0.5)
            .seed(7)
            .build();

    ChatResponse answer = engine(1).call(request);

    JsonNode sent = primary.requests().get(0).json().orElseThrow();
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.path("frequency_penalty").asDouble()).isEqualTo(0.5);
    assertThat(sent.path("presence_penalty").asDouble()).isEqualTo(-0.5);
    assertThat(sent.has("top_k")).isFalse();
    assertThat(sent.has("seed")).isFalse();
    assertThat(answer.trace().notes())
        .containsExactly(
            "spring-primary/gpt-4o was sent without topK=40 (OpenAiChatOptions drops it)",
            "spring-primary/gpt-4o was sent without seed=7 (Spring AI's ChatOptions have no seed)");
  }

  @Test
  void theWrappedModelsOwnRetriesDoNotRunAndTheCascadeFailsOver() {
    primary.always(Fault.serverError());
    backup.script().answerText("Refund approved.");

    ChatResponse answer = engine(2).call("Refund order 1042?");

    assertThat(answer.text()).isEqualTo("Refund approved.");
    assertThat(answer.provider()).isEqualTo("spring-backup");
    assertThat(backup.requests()).extracting(r -> r.model()).containsExactly("gpt-4o-mini");
    List<Attempt> onPrimary =
        answer.trace().attempts().stream()
            .filter(attempt -> attempt.deployment().provider().equals("spring-primary"))
            .toList();
    // One HTTP request per attempt of the engine: the SDK's own three retries never ran.
    assertThat(onPrimary).hasSize(2);
    assertThat(primary.requestCount()).isEqualTo(2);
    Failure failure = answer.trace().failures().get(0);
    assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(failure.status()).isEqualTo(500);
  }

  @Test
  void aRateLimitIsReadFromTheWrappedModelsExceptionWithItsRetryAfter() {
    primary.enqueue(Fault.rateLimited(Duration.ofMillis(300)));

    ChatResponse answer = engine(3).call("Refund order 1042?");

    assertThat(answer.provider()).isEqualTo("spring-primary");
    Failure failure = answer.trace().failures().get(0);
    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.status()).isEqualTo(429);
    assertThat(failure.retryAfter()).isNotNull().isPositive();
    assertThat(primary.requestCount()).isEqualTo(2);
  }

  @Test
  void aModelThatRetriesByItselfIsRefused() {
    OpenAiChatModel retrying = openAi(primary, 3);

    assertThatThrownBy(() -> SpringAiProvider.builder().name("openai").chatModel(retrying).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRetries(0)");
  }

  @Test
  void toolsAreOfferedAndTheModelsToolCallComesBack() {
    backup.script().toolCall("refundStatus", "{\"orderId\":\"1042\"}");
    primary.always(Fault.serverError());
    ChatRequest request =
        ChatRequest.builder()
            .user("Where is the refund of order 1042?")
            .tool(
                new Tool(
                    "refundStatus",
                    "The refund status of an order",
                    "{\"type\":\"object\",\"properties\":{\"orderId\":{\"type\":\"string\"}}}"))
            .build();

    ChatResponse answer = engine(1).call(request);

    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.toolCalls()).hasSize(1);
    assertThat(answer.toolCalls().get(0).name()).isEqualTo("refundStatus");
    assertThat(answer.toolCalls().get(0).argumentsJson()).contains("1042");
  }

  @Test
  void aStreamComesThroughInPiecesAndACutOneIsContinued() {
    primary.script().answerText("Refund approved for order 1042.");
    List<String> deltas = new CopyOnWriteArrayList<>();

    ChatResponse answer =
        engine(1).stream(ChatRequest.of("Refund order 1042?"), deltas::add).join();

    assertThat(String.join("", deltas)).isEqualTo("Refund approved for order 1042.");
    assertThat(deltas.size()).isGreaterThan(1);
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);

    // Cut after "Refund": the backup, through Spring AI, is sent it to continue and does.
    primary.enqueue(Fault.cutStream(1));
    backup.script().answerText("Refund approved for order 1042.");
    List<String> again = new CopyOnWriteArrayList<>();
    ChatResponse continued = engine.stream(ChatRequest.of("Again?"), again::add).join();
    assertThat(String.join("", again)).isEqualTo("Refund approved for order 1042.");
    assertThat(continued.provider()).isEqualTo("spring-backup");

    // Cut everywhere: the caller keeps its true beginning and a typed error.
    primary.always(Fault.cutStream(1));
    backup.always(Fault.cutStream(1));
    Throwable thrown =
        catchThrowable(() -> engine.stream(ChatRequest.of("Once more?"), delta -> {}).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).isInstanceOf(StreamInterruptedException.class);
  }
}
