package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.openai.OpenAiApi;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifeline's OpenAI adapter set to the Responses API, against the testkit's {@code /v1/responses}
 * over real loopback HTTP: what it sends, and how it reads answers, streams, tool calls, silent
 * failures and errors (issue 14).
 */
class ResponsesWireTest {

  private static final String MODEL = "gpt-4o";
  private static final String QUESTION = "Process this refund";
  private static final Tool LOOKUP =
      new Tool(
          "lookup_order",
          "Finds an order",
          "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}}}");

  private static FakeLlmServer server;
  private static Provider provider;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
    provider = ((OpenAiProvider) server.provider()).toBuilder().api(OpenAiApi.RESPONSES).build();
  }

  @AfterAll
  static void stop() {
    provider.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @Test
  void aPlainCallGoesToResponsesAndReadsTheAnswer() throws Exception {
    ChatResponse answer =
        provider
            .send(ChatRequest.builder().system("Be brief.").user(QUESTION).build(), MODEL)
            .get(15, TimeUnit.SECONDS);

    assertThat(answer.text()).isEqualTo("Answer to: " + QUESTION);
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.usage().promptTokens()).isPositive();
    assertThat(answer.usage().completionTokens()).isPositive();
    assertThat(answer.requestId()).matches("req_[0-9a-f]{32}");
    assertThat(answer.model()).isEqualTo(MODEL);
    RecordedRequest request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/v1/responses");
    JsonNode body = request.json().orElseThrow();
    assertThat(body.path("instructions").asText()).isEqualTo("Be brief.");
    assertThat(body.path("input").path(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("input").path(0).path("content").asText()).isEqualTo(QUESTION);
    assertThat(body.path("store").asBoolean(true)).as("nothing kept on OpenAI's side").isFalse();
    assertThat(body.has("messages")).isFalse();
  }

  @Test
  void aStreamHandsOnEachTextDeltaAndEndsWithTheWholeAnswer() throws Exception {
    StringBuffer deltas = new StringBuffer();
    List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();

    ChatResponse answer =
        provider.stream(
                ChatRequest.of(QUESTION),
                MODEL,
                piece -> {
                  pieces.add(piece);
                  deltas.append(piece);
                })
            .get(15, TimeUnit.SECONDS);

    assertThat(answer.text()).isEqualTo("Answer to: " + QUESTION);
    assertThat(deltas.toString()).isEqualTo(answer.text());
    assertThat(pieces).as("the text arrives in several deltas").hasSizeGreaterThan(1);
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.usage()).as("read from response.completed").isNotNull();
    assertThat(server.requests().get(0).json().orElseThrow().path("stream").asBoolean()).isTrue();
  }

  @Test
  void aToolCallIsReadPlainAndStreamedAndItsResultGoesBackAsAFunctionCallOutput() throws Exception {
    server.script().toolCall("lookup_order", "{\"order_id\":\"A-17\"}");
    ChatRequest offer = ChatRequest.builder().user("Where is order A-17?").tool(LOOKUP).build();

    ChatResponse plain = provider.send(offer, MODEL).get(15, TimeUnit.SECONDS);
    ChatResponse streamed = provider.stream(offer, MODEL, delta -> {}).get(15, TimeUnit.SECONDS);

    for (ChatResponse answer : List.of(plain, streamed)) {
      assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(answer.toolCalls()).hasSize(1);
      ToolCall call = answer.toolCalls().get(0);
      assertThat(call.name()).isEqualTo("lookup_order");
      assertThat(call.id()).startsWith("call_");
      assertThat(call.argumentsJson()).isEqualTo("{\"order_id\":\"A-17\"}");
    }
    JsonNode tool = server.requests().get(0).json().orElseThrow().path("tools").path(0);
    assertThat(tool.path("type").asText()).isEqualTo("function");
    assertThat(tool.path("name").asText()).isEqualTo("lookup_order");
    assertThat(tool.path("strict").asBoolean(true))
        .as("not strict: the schema does not require every property")
        .isFalse();

    ToolCall call = plain.toolCalls().get(0);
    server.reset();
    provider
        .send(
            ChatRequest.builder()
                .user("Where is order A-17?")
                .message(Message.assistant(null, List.of(call)))
                .message(Message.tool(call.id(), "{\"status\":\"shipped\"}"))
                .tool(LOOKUP)
                .build(),
            MODEL)
        .get(15, TimeUnit.SECONDS);
    JsonNode input = server.requests().get(0).json().orElseThrow().path("input");
    assertThat(input.path(1).path("type").asText()).isEqualTo("function_call");
    assertThat(input.path(1).path("call_id").asText()).isEqualTo(call.id());
    assertThat(input.path(2).path("type").asText()).isEqualTo("function_call_output");
    assertThat(input.path(2).path("call_id").asText()).isEqualTo(call.id());
    assertThat(input.path(2).path("output").asText()).isEqualTo("{\"status\":\"shipped\"}");
  }

  @Test
  void jsonModeIsAskedThroughTextFormatAndAnsweredWithJson() throws Exception {
    ChatResponse answer =
        provider
            .send(
                ChatRequest.builder()
                    .user("Answer in JSON")
                    .responseFormat(ResponseFormat.json())
                    .build(),
                MODEL)
            .get(15, TimeUnit.SECONDS);

    assertThat(answer.text()).startsWith("{\"answer\":");
    JsonNode body = server.requests().get(0).json().orElseThrow();
    assertThat(body.path("text").path("format").path("type").asText()).isEqualTo("json_object");
    assertThat(body.path("input")).as("the question says JSON: nothing added").hasSize(1);
  }

  @Test
  void jsonModeWhoseMessagesNeverSayJsonGetsAnInstructionThatDoes() throws Exception {
    // The API refuses json_object unless an input message says "json"; so does the fake.
    ChatResponse answer =
        provider
            .send(
                ChatRequest.builder()
                    .system("Be brief.")
                    .user(QUESTION)
                    .responseFormat(ResponseFormat.json())
                    .build(),
                MODEL)
            .get(15, TimeUnit.SECONDS);

    assertThat(answer.text()).startsWith("{");
    JsonNode first = server.requests().get(0).json().orElseThrow().path("input").path(0);
    assertThat(first.path("role").asText()).isEqualTo("developer");
    assertThat(first.path("content").asText()).isEqualTo("Answer in JSON.");
  }

  @Test
  void aLimitBelowTheApisMinimumIsRaisedToIt() throws Exception {
    provider
        .send(ChatRequest.builder().user(QUESTION).maxTokens(5).build(), MODEL)
        .get(15, TimeUnit.SECONDS);

    assertThat(server.requests().get(0).json().orElseThrow().path("max_output_tokens").asInt())
        .as("the API refuses a max_output_tokens below 16 with a 400")
        .isEqualTo(16);
  }

  @Test
  void truncationAndRefusalAreReadAsTheirFinishReasons() throws Exception {
    server.enqueue(Fault.truncated(), Fault.refusal(), Fault.truncated());

    ChatResponse truncated = provider.send(ChatRequest.of(QUESTION), MODEL).get(15, SECONDS);
    ChatResponse refused = provider.send(ChatRequest.of(QUESTION), MODEL).get(15, SECONDS);
    ChatResponse streamedTruncated =
        provider.stream(ChatRequest.of(QUESTION), MODEL, delta -> {}).get(15, SECONDS);

    assertThat(truncated.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(streamedTruncated.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(refused.finishReason()).isEqualTo(FinishReason.REFUSAL);
    assertThat(refused.refusal()).isNotBlank();
    assertThat(refused.text()).isEmpty();
  }

  @Test
  void aFilteredAnswerIsContentFilteredPlainAndStreamed() {
    server.enqueue(Fault.contentFiltered(), Fault.contentFiltered());

    Failure plain = failureOf(provider.send(ChatRequest.of(QUESTION), MODEL));
    Failure streamed = failureOf(provider.stream(ChatRequest.of(QUESTION), MODEL, delta -> {}));

    assertThat(plain.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
    assertThat(streamed.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
  }

  @Test
  void errorsAreClassifiedAsOnChatCompletions() {
    server.enqueue(
        Fault.rateLimited(Duration.ofSeconds(7)),
        Fault.contextLengthExceeded(),
        Fault.unauthorized(),
        Fault.serverError());

    Failure rateLimited = failureOf(provider.send(ChatRequest.of(QUESTION), MODEL));
    Failure context = failureOf(provider.send(ChatRequest.of(QUESTION), MODEL));
    Failure unauthorized = failureOf(provider.send(ChatRequest.of(QUESTION), MODEL));
    Failure server500 = failureOf(provider.stream(ChatRequest.of(QUESTION), MODEL, delta -> {}));

    assertThat(rateLimited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(rateLimited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(context.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(unauthorized.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(server500.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
  }

  @Test
  void aFailedStreamIsItsErrorAndACutOrBrokenStreamIsAnInvalidResponse() {
    server.enqueue(Fault.midStreamError(2), Fault.cutStream(2), Fault.malformedJson());

    Failure midStream = failureOf(provider.stream(ChatRequest.of(QUESTION), MODEL, delta -> {}));
    Failure cut = failureOf(provider.stream(ChatRequest.of(QUESTION), MODEL, delta -> {}));
    Failure malformed = failureOf(provider.stream(ChatRequest.of(QUESTION), MODEL, delta -> {}));

    assertThat(midStream.kind())
        .as("response.failed with code server_error: %s", midStream)
        .isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(cut.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(cut.message()).contains("without its terminator");
    assertThat(malformed.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void aMalformedOrCutPlainAnswerIsAnInvalidResponse() {
    server.enqueue(Fault.malformedJson());

    Failure malformed = failureOf(provider.send(ChatRequest.of(QUESTION), MODEL));

    assertThat(malformed.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;

  private static Failure failureOf(CompletableFuture<ChatResponse> call) {
    Throwable thrown = catchThrowable(() -> call.get(15, SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
    return ((ProviderException) thrown.getCause()).failure();
  }
}
