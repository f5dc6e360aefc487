package dev.lifeline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.StreamInterruptedException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Tool;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's own {@link OpenAiChatModel}, wrapped as Lifeline providers over two fake OpenAI
 * servers: its retries stay off (one HTTP request per Lifeline attempt, counted on the server), its
 * exceptions are classified, and the cascade fails over from one to the other.
 */
class LangChain4jProviderTest {

  private final Fleet fleet = new Fleet();

  @AfterEach
  void stop() {
    fleet.close();
  }

  private static OpenAiChatModel openAi(FakeLlmServer server) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("sk-test-" + server.name())
        .modelName("unused-default")
        .maxRetries(0)
        .build();
  }

  private SelfHealingEngine engine() {
    return SelfHealingEngine.builder()
        .provider(
            LangChain4jProvider.builder()
                .name("lc4j-primary")
                .chatModel(openAi(fleet.primary))
                .build(),
            "gpt-4o")
        .provider(
            LangChain4jProvider.builder()
                .name("lc4j-backup")
                .chatModel(openAi(fleet.backup))
                .build(),
            "gpt-4o-mini")
        .retryPolicy(Fleet.fastRetries())
        .build();
  }

  @Test
  void theCascadeFailsOverBetweenWrappedModelsWhoseOwnRetriesDoNotRun() {
    fleet.primary.always(Fault.serverError());

    ChatResponse response = engine().call("Refund order 42?");

    assertThat(response.provider()).isEqualTo("lc4j-backup");
    assertThat(response.model()).isEqualTo("gpt-4o-mini");
    assertThat(response.text()).isEqualTo("Answer to: Refund order 42?");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage().totalTokens()).isPositive();
    long primaryAttempts =
        response.trace().attempts().stream()
            .filter(attempt -> attempt.deployment().provider().equals("lc4j-primary"))
            .count();
    // One HTTP request per Lifeline attempt: LangChain4j's retries (2 by default) never ran.
    assertThat(primaryAttempts).isEqualTo(3);
    assertThat(fleet.primary.requestCount()).isEqualTo(3);
    assertThat(response.trace().failures())
        .allSatisfy(
            failure -> {
              assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
              assertThat(failure.status()).isEqualTo(500);
            });
    // The ladder's model travels as the request's model name.
    assertThat(fleet.primary.requests()).allMatch(r -> "gpt-4o".equals(r.model()));
    assertThat(fleet.backup.requests())
        .singleElement()
        .matches(r -> "gpt-4o-mini".equals(r.model()));
  }

  @Test
  void samplingSettingsReachTheWireThroughTheWrappedModelAndTheSeedIsNamedAsUnsent() {
    ChatRequest request =
        ChatRequest.builder()
            .user("Refund order 42?")
            .temperature(0.3)
            .topP(0.9)
            .frequencyPenalty(0.5)
            .presencePenalty(-0.5)
            .seed(7)
            .build();

    ChatResponse response = engine().call(request);

    var sent = fleet.primary.requests().get(0).json().orElseThrow();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.get("frequency_penalty").asDouble()).isEqualTo(0.5);
    assertThat(sent.get("presence_penalty").asDouble()).isEqualTo(-0.5);
    assertThat(sent.has("seed")).isFalse();
    assertThat(response.trace().notes())
        .containsExactly(
            "lc4j-primary/gpt-4o was sent without seed=7"
                + " (LangChain4j's ChatRequestParameters have no seed)");
  }

  @Test
  void spentQuotaIsClassifiedFromTheStatusAndBodyAndFailsOverAtOnce() {
    fleet.primary.always(Fault.quotaExhausted());

    ChatResponse response = engine().call("Refund order 42?");

    assertThat(response.provider()).isEqualTo("lc4j-backup");
    assertThat(fleet.primary.requestCount()).isEqualTo(1);
    assertThat(response.trace().failures())
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure.kind()).isEqualTo(ErrorKind.QUOTA_EXHAUSTED);
              assertThat(failure.status()).isEqualTo(429);
            });
  }

  @Test
  void toolsAndToolCallsCrossTheWrappedModel() {
    fleet.primary.script().toolCall("refundStatus", "{\"orderId\":42}");
    ChatRequest request =
        ChatRequest.builder()
            .user("Is order 42 refunded?")
            .tool(
                new Tool(
                    "refundStatus",
                    "Looks a refund up",
                    "{\"type\":\"object\",\"properties\":{\"orderId\":{\"type\":\"integer\"}},"
                        + "\"required\":[\"orderId\"]}"))
            .build();

    ChatResponse response = engine().call(request);

    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.name()).isEqualTo("refundStatus");
              assertThat(call.argumentsJson()).isEqualTo("{\"orderId\":42}");
              assertThat(call.id()).isNotBlank();
            });
    assertThat(
            fleet
                .primary
                .requests()
                .get(0)
                .json()
                .orElseThrow()
                .at("/tools/0/function/name")
                .asText())
        .isEqualTo("refundStatus");
  }

  @Test
  void aModelLeftWithItsOwnRetriesIsRefusedAtBuild() {
    OpenAiChatModel byDefault =
        OpenAiChatModel.builder()
            .baseUrl(fleet.primary.baseUrl())
            .apiKey("k")
            .modelName("m")
            .build();
    OpenAiChatModel three =
        OpenAiChatModel.builder()
            .baseUrl(fleet.primary.baseUrl())
            .apiKey("k")
            .modelName("m")
            .maxRetries(3)
            .build();

    assertThatThrownBy(() -> LangChain4jProvider.builder().name("x").chatModel(byDefault).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRetries = 2")
        .hasMessageContaining("maxRetries(0)");
    assertThatThrownBy(() -> LangChain4jProvider.builder().name("x").chatModel(three).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRetries = 3");
    assertThat(OwnRetries.maxRetries(openAi(fleet.primary))).isZero();
  }

  @Test
  void aWrappedStreamThatLangChain4jWouldReportCompleteIsABreakNotAnAnswer() {
    fleet.primary.always(Fault.midStreamError(1));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(
                LangChain4jProvider.builder()
                    .name("lc4j-stream")
                    .streamingChatModel(
                        OpenAiStreamingChatModel.builder()
                            .baseUrl(fleet.primary.baseUrl())
                            .apiKey("sk-test")
                            .modelName("unused-default")
                            .build())
                    .build(),
                "gpt-4o")
            .retryPolicy(Fleet.fastRetries())
            .build();
    var deltas = new CopyOnWriteArrayList<String>();

    Throwable error =
        catchThrowable(
            () ->
                engine.stream(
                        ChatRequest.of("Explain the refund policy for damaged goods"), deltas::add)
                    .get(10, TimeUnit.SECONDS));

    assertThat(error).hasCauseInstanceOf(StreamInterruptedException.class);
    // Each continuation through LangChain4j added one chunk; none repeated the text before it.
    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat("Answer to: Explain the refund policy for damaged goods")
        .startsWith(String.join("", deltas));
  }
}
