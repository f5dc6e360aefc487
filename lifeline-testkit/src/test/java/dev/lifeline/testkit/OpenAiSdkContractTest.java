package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
 * OpenAI's official Java SDK ({@code com.openai:openai-java}), its retries off and its response
 * validation on, pointed at the testkit's OpenAI fake: it parses every answer, chunk and error the
 * fake sends (issue 14), so the fake can stand in for the real API in tests that use the SDK.
 */
class OpenAiSdkContractTest {

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

  private static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addSystemMessage("Be brief.")
        .addUserMessage(QUESTION)
        .maxCompletionTokens(256);
  }

  @Test
  void chat() {
    ChatCompletion answer = client.chat().completions().create(params().build());

    assertThat(answer.choices().get(0).message().content()).hasValue("Answer to: " + QUESTION);
    assertThat(answer.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(answer.usage().orElseThrow().promptTokens()).isPositive();
  }

  @Test
  void stream() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                params()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream().forEach(chunks::add);
    }

    String text =
        chunks.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .map(choice -> choice.delta().content().orElse(""))
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Answer to: " + QUESTION);
    chunks.forEach(ChatCompletionChunk::validate);
    assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
  }

  @Test
  void tools() {
    server.script().toolCall("get_weather", "{\"city\":\"Paris\"}");

    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                params()
                    .addTool(
                        ChatCompletionFunctionTool.builder()
                            .function(
                                FunctionDefinition.builder()
                                    .name("get_weather")
                                    .parameters(
                                        FunctionParameters.builder()
                                            .putAdditionalProperty("type", JsonValue.from("object"))
                                            .build())
                                    .build())
                            .build())
                    .build());

    ChatCompletionMessageFunctionToolCall call =
        answer.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(answer.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
  }

  @Test
  void structuredOutput() {
    server.script().jsonAnswer("{\"refund\":true}");

    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                params()
                    .responseFormat(
                        ResponseFormatJsonSchema.builder()
                            .jsonSchema(
                                ResponseFormatJsonSchema.JsonSchema.builder()
                                    .name("refund")
                                    .schema(
                                        ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                            .putAdditionalProperty("type", JsonValue.from("object"))
                                            .build())
                                    .build())
                            .build())
                    .build());

    assertThat(answer.choices().get(0).message().content()).hasValue("{\"refund\":true}");
  }

  static Stream<Arguments> answerFaults() {
    return Stream.of(
        Arguments.of("refusal", Fault.refusal()),
        Arguments.of("emptyAnswer", Fault.emptyAnswer()),
        Arguments.of("truncated", Fault.truncated()),
        Arguments.of("contentFiltered", Fault.contentFiltered()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answerFaults")
  void uselessAnswersStillParse(String name, Fault fault) {
    server.enqueue(fault, fault);

    ChatCompletion answer = client.chat().completions().create(params().build());
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params().build())) {
      stream.stream().forEach(chunks::add);
    }

    assertThat(answer.choices()).as(name).hasSize(1);
    assertThat(chunks).as(name).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.lifeline.testkit.SdkFaults#errorFaults")
  void errorsRaiseTheSdksExceptionWithTheBodyParsed(String name, Fault fault) {
    HttpResponse<String> played = SdkFaults.played(server, MODEL, fault);
    server.enqueue(fault);

    OpenAIServiceException error =
        catchThrowableOfType(
            OpenAIServiceException.class,
            () -> client.chat().completions().create(params().build()));

    assertThat(error).as(name).isNotNull();
    assertThat(error.statusCode()).as(name).isEqualTo(played.statusCode());
    JsonNode body = SdkFaults.jsonOrNull(played);
    if (body != null) {
      assertThat(error.type()).as(name).hasValue(body.path("error").path("type").asText());
      assertThat(error.getMessage()).as(name).contains(body.path("error").path("message").asText());
    }
    if (name.equals("rateLimited")) {
      assertThat(error).isInstanceOf(RateLimitException.class);
      assertThat(error.headers().values("retry-after")).isNotEmpty();
    }
  }

  @Test
  void aMidStreamErrorFailsTheSdksStream() {
    server.enqueue(Fault.midStreamError(2));

    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  client.chat().completions().createStreaming(params().build())) {
                stream.stream().forEach(chunk -> {});
              }
            })
        .isInstanceOf(OpenAIException.class);
  }

  @Test
  void aMalformedBodyFailsTheSdksParse() {
    server.enqueue(Fault.malformedJson());

    assertThatThrownBy(() -> client.chat().completions().create(params().build()))
        .isInstanceOf(OpenAIException.class);
  }
}
