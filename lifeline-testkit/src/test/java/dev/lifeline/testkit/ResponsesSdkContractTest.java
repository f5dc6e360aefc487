package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenAI's official Java SDK, its retries off and its response validation on, calling the testkit's
 * Responses API ({@code /v1/responses}): answers, streams, tool calls, silent failures and errors
 * all parse (issue 14), so the fake stands in for the real Responses API too.
 */
class ResponsesSdkContractTest {

  private static final String MODEL = "gpt-4o";
  private static final String QUESTION = "Process this customer refund request";

  private static FakeLlmServer server;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-contract")
            .maxRetries(0)
            .responseValidation(true)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static ResponseCreateParams.Builder params() {
    return ResponseCreateParams.builder()
        .model(MODEL)
        .instructions("Be brief.")
        .input(QUESTION)
        .maxOutputTokens(256L)
        .store(false);
  }

  @Test
  void answer() {
    Response answer = client.responses().create(params().build());

    assertThat(text(answer)).isEqualTo("Answer to: " + QUESTION);
    assertThat(answer.status()).hasValue(ResponseStatus.COMPLETED);
    assertThat(answer.usage().orElseThrow().inputTokens()).isPositive();
    assertThat(server.requests().get(0).path()).isEqualTo("/v1/responses");
  }

  @Test
  void stream() {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(params().build())) {
      stream.stream().forEach(events::add);
    }

    String text =
        events.stream()
            .map(ResponseStreamEvent::outputTextDelta)
            .flatMap(Optional::stream)
            .map(delta -> delta.delta())
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Answer to: " + QUESTION);
    events.forEach(ResponseStreamEvent::validate);
    assertThat(events.get(0).isCreated()).isTrue();
    Response completed = events.get(events.size() - 1).completed().orElseThrow().response();
    assertThat(text(completed)).isEqualTo(text);
    assertThat(completed.usage()).isPresent();
  }

  @Test
  void toolCall() {
    server.script().toolCall("get_weather", "{\"city\":\"Paris\"}");
    FunctionTool tool =
        FunctionTool.builder()
            .name("get_weather")
            .parameters(
                FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .build())
            .strict(false)
            .build();

    Response answer = client.responses().create(params().addTool(tool).build());
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(params().addTool(tool).build())) {
      stream.stream().forEach(events::add);
    }

    ResponseFunctionToolCall call = answer.output().get(0).functionCall().orElseThrow();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(call.callId()).startsWith("call_");
    String streamed =
        events.stream()
            .map(ResponseStreamEvent::functionCallArgumentsDelta)
            .flatMap(Optional::stream)
            .map(delta -> delta.delta())
            .collect(Collectors.joining());
    assertThat(streamed).isEqualTo("{\"city\":\"Paris\"}");
  }

  static Stream<Arguments> answerFaults() {
    return Stream.of(
        Arguments.of("refusal", Fault.refusal(), ResponseStatus.COMPLETED),
        Arguments.of("emptyAnswer", Fault.emptyAnswer(), ResponseStatus.COMPLETED),
        Arguments.of("truncated", Fault.truncated(), ResponseStatus.INCOMPLETE),
        Arguments.of("contentFiltered", Fault.contentFiltered(), ResponseStatus.INCOMPLETE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answerFaults")
  void uselessAnswersStillParse(String name, Fault fault, ResponseStatus status) {
    server.enqueue(fault, fault);

    Response answer = client.responses().create(params().build());
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(params().build())) {
      stream.stream().forEach(events::add);
    }

    assertThat(answer.status()).as(name).hasValue(status);
    events.forEach(ResponseStreamEvent::validate);
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertThat(status == ResponseStatus.COMPLETED ? last.isCompleted() : last.isIncomplete())
        .as(name)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.lifeline.testkit.SdkFaults#errorFaults")
  void errorsRaiseTheSdksException(String name, Fault fault) {
    server.enqueue(fault);

    OpenAIServiceException error =
        catchThrowableOfType(
            OpenAIServiceException.class, () -> client.responses().create(params().build()));

    assertThat(error).as(name).isNotNull();
    assertThat(error.statusCode()).as(name).isBetween(400, 599);
    if (name.equals("rateLimited")) {
      assertThat(error).isInstanceOf(RateLimitException.class);
      assertThat(error.headers().values("retry-after")).isNotEmpty();
    }
  }

  @Test
  void aMidStreamFailureIsAResponseFailedEvent() {
    server.enqueue(Fault.midStreamError(2));

    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(params().build())) {
      stream.stream().forEach(events::add);
    }

    events.forEach(ResponseStreamEvent::validate);
    assertThat(events.get(events.size() - 1).failed().orElseThrow().response().error()).isPresent();
  }

  private static String text(Response response) {
    return response.output().stream()
        .map(ResponseOutputItem::message)
        .flatMap(Optional::stream)
        .flatMap(message -> message.content().stream())
        .map(content -> content.outputText().map(part -> part.text()).orElse(""))
        .collect(Collectors.joining());
  }
}
