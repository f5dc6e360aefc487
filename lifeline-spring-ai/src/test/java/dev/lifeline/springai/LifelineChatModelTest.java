package dev.lifeline.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.StreamInterruptedException;
import dev.lifeline.model.CallTrace;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.RecordedRequest;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * Spring AI's {@code ChatClient} over {@link LifelineChatModel}, against fake OpenAI servers on
 * loopback: the cascade answers behind Spring AI's own API.
 */
class LifelineChatModelTest {

  record Refund(String orderId, int amountCents, boolean approved) {}

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

  private LifelineChatModel model(Provider first, Provider second) {
    engine =
        SelfHealingEngine.builder()
            .provider(first, "gpt-4o")
            .provider(second, "gpt-4o-mini")
            .retryPolicy(
                RetryPolicy.builder()
                    .baseDelay(Duration.ofMillis(5))
                    .maxDelay(Duration.ofMillis(20))
                    .build())
            .build();
    return LifelineChatModel.builder().engine(engine).build();
  }

  @Test
  void chatClientFillsARecordFromTheBackupWhenThePrimaryFails() {
    primary.enqueue(Fault.rateLimited(Duration.ofMillis(10))).always(Fault.serverError());
    backup.script().jsonAnswer("{\"orderId\":\"1042\",\"amountCents\":1999,\"approved\":true}");
    LifelineChatModel model = model(primary.provider(), backup.provider());

    Refund refund =
        ChatClient.create(model)
            .prompt()
            .advisors(AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT)
            .user("Process the refund of order 1042")
            .call()
            .entity(Refund.class);

    assertThat(refund).isEqualTo(new Refund("1042", 1999, true));
    assertThat(primary.requests()).extracting(r -> r.model()).containsOnly("gpt-4o");
    assertThat(primary.requestCount()).isGreaterThanOrEqualTo(2); // the 429, then 500s
    // The schema reached the provider as a JSON schema, so the engine validated the answer by it.
    JsonNode format = backup.requests().get(0).json().orElseThrow().path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("schema").path("properties").has("amountCents"))
        .isTrue();
  }

  @Test
  void aToolCallFromTheBackupRunsTheToolOnceAndTheFinalAnswerComesBack() {
    primary.always(Fault.serverError());
    backup.script().toolCall("refundStatus", "{\"orderId\":\"1042\"}");
    backup.script().answerText("Order 1042 was refunded on Monday.");
    AtomicInteger runs = new AtomicInteger();
    Object tools =
        new Object() {
          @Tool(description = "The refund status of an order")
          @SuppressWarnings("unused") // called by Spring AI, through reflection
          String refundStatus(@ToolParam(description = "the order's id") String orderId) {
            runs.incrementAndGet();
            backup.script().toolCall(null, null); // the model has what it needs: it answers now
            return "order " + orderId + ": refunded on Monday";
          }
        };
    LifelineChatModel model = model(primary.provider(), backup.provider());

    String answer =
        ChatClient.create(model)
            .prompt()
            .user("Where is the refund of order 1042?")
            .tools(tools)
            .call()
            .content();

    assertThat(answer).isEqualTo("Order 1042 was refunded on Monday.");
    assertThat(runs).hasValue(1);
    List<RecordedRequest> asked = backup.requests();
    assertThat(asked).hasSize(2);
    JsonNode first = asked.get(0).json().orElseThrow();
    assertThat(first.path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("refundStatus");
    JsonNode messages = asked.get(1).json().orElseThrow().path("messages");
    JsonNode toolTurn = messages.get(messages.size() - 1);
    assertThat(toolTurn.path("role").asText()).isEqualTo("tool");
    assertThat(toolTurn.path("content").asText()).contains("refunded on Monday");
    assertThat(messages.get(messages.size() - 2).path("tool_calls").get(0).path("id").asText())
        .isEqualTo(toolTurn.path("tool_call_id").asText());
  }

  @Test
  void anAnswerCarriesUsageFinishReasonModelIdAndTrace() {
    primary.always(Fault.serverError());
    backup.script().answerText("Refund approved.");
    LifelineChatModel model = model(primary.provider(), backup.provider());

    ChatResponse response = model.call(new Prompt(new UserMessage("Refund order 1042?")));

    assertThat(response.getResult().getOutput().getText()).isEqualTo("Refund approved.");
    assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    assertThat(response.getMetadata().getModel()).isEqualTo("gpt-4o-mini");
    assertThat(response.getMetadata().getId()).isNotBlank();
    assertThat(response.getMetadata().getUsage().getTotalTokens()).isPositive();
    assertThat((String) response.getMetadata().get(LifelineChatModel.PROVIDER)).isEqualTo("backup");
    CallTrace trace = response.getMetadata().get(LifelineChatModel.TRACE);
    assertThat(trace.attempts()).hasSizeGreaterThan(1);
  }

  @Test
  void settingsReachTheProviderAndAValueOutOfRangeIsRefused() {
    engine = SelfHealingEngine.builder().provider(backup.provider(), "m").build();
    LifelineChatModel model =
        LifelineChatModel.builder()
            .engine(engine)
            .options(LifelineChatOptions.builder().temperature(0.2).maxTokens(99).build())
            .build();

    ChatClient.create(model)
        .prompt()
        .system("Be brief.")
        .user("Hi")
        .options(LifelineChatOptions.builder().stopSequences(List.of("END")))
        .call()
        .content();

    JsonNode sent = backup.requests().get(0).json().orElseThrow();
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.path("max_tokens").asInt(sent.path("max_completion_tokens").asInt()))
        .isEqualTo(99);
    assertThat(sent.path("stop").toString()).contains("END");
    assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThatThrownBy(
            () -> model.call(new Prompt("Hi", LifelineChatOptions.builder().topP(1.5).build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topP must be in (0, 1], was 1.5");
  }

  @Test
  void samplingOptionsReachTheWireAndTopKWhichOpenAiLacksIsNamedInTheTrace() {
    engine = SelfHealingEngine.builder().provider(backup.provider(), "m").build();
    LifelineChatModel model =
        LifelineChatModel.builder()
            .engine(engine)
            .options(LifelineChatOptions.builder().topP(0.9).seed(7).build())
            .build();

    ChatResponse response =
        ChatClient.create(model)
            .prompt()
            .user("Hi")
            .options(
                LifelineChatOptions.builder().frequencyPenalty(0.5).presencePenalty(-0.5).topK(40))
            .call()
            .chatResponse();

    JsonNode sent = backup.requests().get(0).json().orElseThrow();
    assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.path("frequency_penalty").asDouble()).isEqualTo(0.5);
    assertThat(sent.path("presence_penalty").asDouble()).isEqualTo(-0.5);
    assertThat(sent.path("seed").asInt()).isEqualTo(7);
    assertThat(sent.has("top_k")).isFalse();
    CallTrace trace = response.getMetadata().get(LifelineChatModel.TRACE);
    assertThat(trace.notes())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("backup/m was sent without topK=40 (");
  }

  @Test
  void aFailedCallIsSpringAisExceptionWithLifelinesTraceAsCause() {
    primary.always(Fault.serverError());
    backup.always(Fault.serverError());
    LifelineChatModel model = model(primary.provider(), backup.provider());

    Throwable thrown = catchThrowable(() -> model.call(new Prompt("Refund order 1042?")));
    assertThat(thrown).isInstanceOf(TransientAiException.class);
    assertThat(LifelineChatModel.traceOf(thrown).orElseThrow().attempts()).hasSizeGreaterThan(2);

    backup.always(Fault.badRequest());
    primary.always(Fault.badRequest());
    assertThat(catchThrowable(() -> model.call(new Prompt("Refund order 1042?"))))
        .isInstanceOf(NonTransientAiException.class);
  }

  @Test
  void aStreamThatBreaksAfterItsFirstChunkIsContinuedWithoutRepeatingText() {
    primary.enqueue(Fault.cutStream(1));
    LifelineChatModel model = model(primary.provider(), backup.provider());
    List<ChatResponse> chunks = new CopyOnWriteArrayList<>();

    model.stream(new Prompt("Refund order 1042?")).doOnNext(chunks::add).blockLast();

    String text =
        chunks.stream()
            .map(chunk -> chunk.getResult().getOutput().getText())
            .filter(Objects::nonNull)
            .collect(Collectors.joining());
    // The retry on the primary was sent "Answer" to continue: the caller sees the answer once.
    assertThat(text).isEqualTo("Answer to: Refund order 1042?");
    assertThat(chunks.get(chunks.size() - 1).getResult().getMetadata().getFinishReason())
        .isNotNull();
    assertThat(primary.requestCount()).isEqualTo(2);
    assertThat(backup.requestCount()).isZero();
  }

  @Test
  void aStreamThatNoContinuationFinishesEndsInATypedErrorNotACompleteAnswer() {
    primary.always(Fault.cutStream(1));
    backup.always(Fault.cutStream(1));
    LifelineChatModel model = model(primary.provider(), backup.provider());
    List<ChatResponse> chunks = new CopyOnWriteArrayList<>();

    Throwable thrown =
        catchThrowable(
            () -> model.stream(new Prompt("Refund order 1042?")).doOnNext(chunks::add).blockLast());

    assertThat(thrown).isInstanceOf(TransientAiException.class);
    assertThat(thrown.getCause()).isInstanceOf(StreamInterruptedException.class);
    assertThat(chunks).isNotEmpty();
    assertThat(chunks)
        .allSatisfy(c -> assertThat(c.getResult().getMetadata().getFinishReason()).isNull());
  }

  @Test
  void aStreamIsTheTextThenALastChunkWithTheFinishReason() {
    backup.script().answerText("Refund approved for order 1042.");
    LifelineChatModel model = model(backup.provider(), primary.provider());

    List<ChatResponse> chunks = model.stream(new Prompt("Refund?")).collectList().block();

    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> text.append(chunk.getResult().getOutput().getText()));
    assertThat(text.toString()).isEqualTo("Refund approved for order 1042.");
    assertThat(chunks.size()).isGreaterThan(2);
    ChatResponse last = chunks.get(chunks.size() - 1);
    assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    assertThat(last.getMetadata().getUsage().getTotalTokens()).isPositive();
  }

  @Test
  void cancellingTheSubscriptionCancelsTheAttemptInFlight() throws InterruptedException {
    primary.enqueue(Fault.stallStream(1)); // one chunk, then silence with the connection open
    CancelWatch watched = new CancelWatch(primary.provider());
    LifelineChatModel model = model(watched, backup.provider());

    ChatResponse first = model.stream(new Prompt("Refund order 1042?")).blockFirst();

    assertThat(first.getResult().getOutput().getText()).isNotEmpty();
    assertThat(watched.awaitCancel(10)).as("the attempt was cancelled").isTrue();
    assertThat(backup.requestCount()).isZero();
  }
}
