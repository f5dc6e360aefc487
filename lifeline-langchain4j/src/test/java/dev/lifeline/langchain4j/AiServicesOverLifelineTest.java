package dev.lifeline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.lifeline.AllAttemptsFailedException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's {@code AiServices}, tools and listeners over {@link LifelineChatModel}, against two
 * fake OpenAI servers over real HTTP: the cascade runs under LangChain4j's tool loop, which sees
 * one model call per call it makes, however many attempts the cascade took.
 */
class AiServicesOverLifelineTest {

  private final Fleet fleet = new Fleet();
  private final RecordingListener listener = new RecordingListener();

  interface Assistant {
    String chat(String message);
  }

  /**
   * A tool that counts its calls; once called, the backup stops asking for it, as a model would.
   */
  static final class Refunds {
    final AtomicInteger calls = new AtomicInteger();
    private final FakeLlmServer backup;

    Refunds(FakeLlmServer backup) {
      this.backup = backup;
    }

    @Tool("Looks up the refund status of an order")
    String refundStatus(@P("the order number") int orderId) {
      calls.incrementAndGet();
      backup.script().toolCall(null, null);
      return "order " + orderId + ": refund approved";
    }
  }

  @AfterEach
  void stop() {
    fleet.close();
  }

  @Test
  void aToolCallingAiServiceGetsItsAnswerFromTheBackupWhenThePrimaryFails() {
    fleet.primary.enqueue(Fault.rateLimited(Duration.ofMillis(20))).always(Fault.serverError());
    fleet
        .backup
        .script()
        .toolCall("refundStatus", "{\"orderId\": 42}")
        .answerText("Your refund for order 42 is approved.");
    Refunds refunds = new Refunds(fleet.backup);
    SelfHealingEngine engine = fleet.engine();
    LifelineChatModel model =
        LifelineChatModel.builder().engine(engine).listeners(List.of(listener)).build();
    Assistant assistant =
        AiServices.builder(Assistant.class).chatModel(model).tools(refunds).build();

    String answer = assistant.chat("Is the refund for order 42 approved?");

    assertThat(answer).isEqualTo("Your refund for order 42 is approved.");
    assertThat(refunds.calls).hasValue(1);
    // Two model calls (the tool call, then the answer): one request and one response each.
    assertThat(listener.requests).hasSize(2);
    assertThat(listener.responses).hasSize(2);
    assertThat(listener.errors).isEmpty();
    // ...while the cascade made more attempts than that: a 429, then a 500, on the primary.
    assertThat(fleet.primary.requestCount()).isGreaterThanOrEqualTo(2);
    assertThat(fleet.backup.requestCount()).isEqualTo(2);
    LifelineChatResponseMetadata first =
        (LifelineChatResponseMetadata) listener.responses.get(0).metadata();
    assertThat(first.provider()).isEqualTo("backup");
    assertThat(first.modelName()).isEqualTo("gpt-4o-mini");
    assertThat(first.trace().attemptCount()).isGreaterThanOrEqualTo(3);
    assertThat(first.trace().failures())
        .extracting(failure -> failure.kind())
        .startsWith(ErrorKind.RATE_LIMITED, ErrorKind.SERVER_ERROR);
    // The tool's result went back to the backup as OpenAI's tool message, paired by call id.
    RecordedRequest second = fleet.backup.requests().get(1);
    JsonNode messages = second.json().orElseThrow().get("messages");
    JsonNode toolMessage = messages.get(messages.size() - 1);
    assertThat(toolMessage.get("role").asText()).isEqualTo("tool");
    assertThat(toolMessage.get("content").asText()).isEqualTo("order 42: refund approved");
    assertThat(toolMessage.get("tool_call_id").asText())
        .isEqualTo(messages.get(messages.size() - 2).get("tool_calls").get(0).get("id").asText());
  }

  @Test
  void aListenerSeesOneRequestAndOneResponsePerCallWhateverTheAttempts() {
    fleet.primary.always(Fault.serverError());
    LifelineChatModel model =
        LifelineChatModel.builder().engine(fleet.engine()).listeners(List.of(listener)).build();

    String answer = model.chat("Refund order 7?");

    assertThat(answer).isEqualTo("Answer to: Refund order 7?");
    assertThat(fleet.primary.requestCount()).isEqualTo(3);
    assertThat(listener.requests).hasSize(1);
    assertThat(listener.responses).hasSize(1);
    assertThat(listener.errors).isEmpty();
  }

  @Test
  void aCallWithoutAnAnswerThrowsLangChain4jsTypeWithLifelinesTraceAsCause() {
    fleet.primary.always(Fault.unauthorized());
    fleet.backup.always(Fault.unauthorized());
    LifelineChatModel model =
        LifelineChatModel.builder().engine(fleet.engine()).listeners(List.of(listener)).build();

    Throwable error = catchThrowable(() -> model.chat("Refund order 7?"));

    assertThat(error)
        .isInstanceOf(AuthenticationException.class)
        .hasCauseInstanceOf(AllAttemptsFailedException.class);
    AllAttemptsFailedException cause = (AllAttemptsFailedException) error.getCause();
    assertThat(cause.trace().failures())
        .extracting(failure -> failure.kind())
        .containsOnly(ErrorKind.AUTHENTICATION);
    assertThat(listener.errors).singleElement().isSameAs(error);
    assertThat(listener.responses).isEmpty();
  }

  @Test
  void rateLimitsEverywhereAreLangChain4jsRateLimitException() {
    fleet.primary.always(Fault.quotaExhausted());
    fleet.backup.always(Fault.quotaExhausted());
    LifelineChatModel model = LifelineChatModel.builder().engine(fleet.engine()).build();

    assertThat(catchThrowable(() -> model.chat("hello")))
        .isInstanceOf(RateLimitException.class)
        .hasCauseInstanceOf(dev.lifeline.LifelineException.class);
  }

  /** Counts what LangChain4j's listener hooks saw. */
  static final class RecordingListener implements ChatModelListener {
    final List<Object> requests = new CopyOnWriteArrayList<>();
    final List<ChatResponse> responses = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(ChatModelRequestContext context) {
      requests.add(context.chatRequest());
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
      responses.add(context.chatResponse());
    }

    @Override
    public void onError(ChatModelErrorContext context) {
      errors.add(context.error());
    }
  }
}
