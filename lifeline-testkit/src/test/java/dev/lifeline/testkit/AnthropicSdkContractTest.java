package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.JsonOutputFormat;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.OutputConfig;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anthropic's official Java SDK ({@code com.anthropic:anthropic-java}), its retries off and its
 * response validation on, pointed at the testkit's Anthropic fake: it parses every message, stream
 * event and error the fake sends (issue 14).
 */
class AnthropicSdkContractTest {

  private static final String MODEL = "claude-sonnet-4-5";
  private static final String QUESTION = "Process this customer refund request";

  private static FakeLlmServer server;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.ANTHROPIC);
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-ant-contract")
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

  private static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(256)
        .system("Be brief.")
        .addUserMessage(QUESTION);
  }

  /** The whole message a stream carries, assembled (and checked for order) by the SDK. */
  private static Message streamed(MessageCreateParams params) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }
    return accumulator.message();
  }

  @Test
  void chat() {
    Message answer = client.messages().create(params().build());

    // validate() checks every field the SDK's types require, recursively.
    answer.validate();
    assertThat(answer.content().get(0).asText().text()).isEqualTo("Answer to: " + QUESTION);
    assertThat(answer.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(answer.usage().inputTokens()).isPositive();
  }

  @Test
  void stream() {
    Message answer = streamed(params().build());

    answer.validate();
    assertThat(answer.content().get(0).asText().text()).isEqualTo("Answer to: " + QUESTION);
    assertThat(answer.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(answer.usage().outputTokens()).isPositive();
  }

  @Test
  void tools() {
    server.script().toolCall("get_weather", "{\"city\":\"Paris\"}");
    MessageCreateParams params =
        params()
            .addTool(
                Tool.builder()
                    .name("get_weather")
                    .inputSchema(
                        Tool.InputSchema.builder()
                            .properties(
                                Tool.InputSchema.Properties.builder()
                                    .putAdditionalProperty(
                                        "city", JsonValue.from(Map.of("type", "string")))
                                    .build())
                            .build())
                    .build())
            .build();

    Message answer = client.messages().create(params);
    Message streamedAnswer = streamed(params);
    answer.validate();
    streamedAnswer.validate();
    ToolUseBlock call = answer.content().get(0).asToolUse();
    ToolUseBlock streamedCall = streamedAnswer.content().get(0).asToolUse();

    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input()).isEqualTo(JsonValue.from(Map.of("city", "Paris")));
    assertThat(streamedCall.name()).isEqualTo("get_weather");
    assertThat(streamedCall._input()).isEqualTo(JsonValue.from(Map.of("city", "Paris")));
  }

  @Test
  void structuredOutput() {
    server.script().jsonAnswer("{\"refund\":true}");

    Message answer =
        client
            .messages()
            .create(
                params()
                    .outputConfig(
                        OutputConfig.builder()
                            .format(
                                JsonOutputFormat.builder()
                                    .schema(
                                        JsonOutputFormat.Schema.builder()
                                            .putAdditionalProperty("type", JsonValue.from("object"))
                                            .build())
                                    .build())
                            .build())
                    .build());

    answer.validate();
    assertThat(answer.content().get(0).asText().text()).isEqualTo("{\"refund\":true}");
  }

  static Stream<Arguments> answerFaults() {
    return Stream.of(
        Arguments.of("refusal", Fault.refusal(), StopReason.REFUSAL),
        Arguments.of("emptyAnswer", Fault.emptyAnswer(), StopReason.END_TURN),
        Arguments.of("truncated", Fault.truncated(), StopReason.MAX_TOKENS),
        Arguments.of("contentFiltered", Fault.contentFiltered(), StopReason.REFUSAL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answerFaults")
  void uselessAnswersStillParse(String name, Fault fault, StopReason stopReason) {
    server.enqueue(fault, fault);

    Message answer = client.messages().create(params().build());
    Message streamedAnswer = streamed(params().build());

    answer.validate();
    streamedAnswer.validate();
    assertThat(answer.stopReason()).as(name).hasValue(stopReason);
    assertThat(streamedAnswer.stopReason()).as(name).hasValue(stopReason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.lifeline.testkit.SdkFaults#errorFaults")
  void errorsRaiseTheSdksExceptionWithTheBodyParsed(String name, Fault fault) {
    HttpResponse<String> played = SdkFaults.played(server, MODEL, fault);
    server.enqueue(fault);

    AnthropicServiceException error =
        catchThrowableOfType(
            AnthropicServiceException.class, () -> client.messages().create(params().build()));

    assertThat(error).as(name).isNotNull();
    assertThat(error.statusCode()).as(name).isEqualTo(played.statusCode());
    JsonNode body = SdkFaults.jsonOrNull(played);
    if (body != null) {
      assertThat(error.apiMessage()).as(name).hasValue(body.path("error").path("message").asText());
      assertThat(error.type()).as(name).isPresent();
      assertThat(error.requestId()).as(name).isPresent();
    }
    if (name.equals("rateLimited")) {
      assertThat(error).isInstanceOf(RateLimitException.class);
      assertThat(error.headers().values("retry-after")).isNotEmpty();
    }
  }

  @Test
  void aMidStreamErrorFailsTheSdksStream() {
    server.enqueue(Fault.midStreamError(2));

    assertThatThrownBy(() -> streamed(params().build())).isInstanceOf(AnthropicException.class);
  }

  @Test
  void aMalformedBodyFailsTheSdksParse() {
    server.enqueue(Fault.malformedJson());

    assertThatThrownBy(() -> client.messages().create(params().build()))
        .isInstanceOf(AnthropicException.class);
  }
}
