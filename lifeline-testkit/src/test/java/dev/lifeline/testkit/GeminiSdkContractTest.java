package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Tool;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Google's official Gen AI Java SDK ({@code com.google.genai:google-genai}), its retries off,
 * pointed at the testkit's Gemini fake: it parses every answer, stream chunk and error the fake
 * sends (issue 14).
 */
class GeminiSdkContractTest {

  private static final String MODEL = "gemini-2.5-flash";
  private static final String QUESTION = "Process this customer refund request";

  private static FakeLlmServer server;
  private static Client client;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.GEMINI);
    client =
        Client.builder()
            .apiKey("gemini-contract")
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(server.baseUrl())
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                    .build())
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

  private static List<GenerateContentResponse> streamed(GenerateContentConfig config) {
    List<GenerateContentResponse> chunks = new ArrayList<>();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(MODEL, QUESTION, config)) {
      stream.forEach(chunks::add);
    }
    return chunks;
  }

  @Test
  void chat() {
    GenerateContentResponse answer = client.models.generateContent(MODEL, QUESTION, null);

    assertThat(answer.text()).isEqualTo("Answer to: " + QUESTION);
    assertThat(answer.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
    assertThat(answer.usageMetadata().orElseThrow().promptTokenCount())
        .hasValueSatisfying(count -> assertThat(count).isPositive());
  }

  @Test
  void stream() {
    List<GenerateContentResponse> chunks = streamed(null);

    String text =
        chunks.stream()
            .map(GenerateContentResponse::text)
            .filter(part -> part != null)
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Answer to: " + QUESTION);
    assertThat(chunks.get(chunks.size() - 1).finishReason().knownEnum())
        .isEqualTo(FinishReason.Known.STOP);
  }

  @Test
  void tools() {
    server.script().toolCall("get_weather", "{\"city\":\"Paris\"}");
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .tools(
                Tool.builder()
                    .functionDeclarations(
                        FunctionDeclaration.builder()
                            .name("get_weather")
                            .parametersJsonSchema(
                                Map.of(
                                    "type",
                                    "object",
                                    "properties",
                                    Map.of("city", Map.of("type", "string"))))))
            .build();

    FunctionCall call =
        client.models.generateContent(MODEL, QUESTION, config).functionCalls().get(0);

    assertThat(call.name()).hasValue("get_weather");
    assertThat(call.args()).hasValue(Map.of("city", "Paris"));
  }

  @Test
  void structuredOutput() {
    server.script().jsonAnswer("{\"refund\":true}");
    GenerateContentConfig config =
        GenerateContentConfig.builder()
            .responseMimeType("application/json")
            .responseJsonSchema(Map.of("type", "object"))
            .build();

    assertThat(client.models.generateContent(MODEL, QUESTION, config).text())
        .isEqualTo("{\"refund\":true}");
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

    GenerateContentResponse answer = client.models.generateContent(MODEL, QUESTION, null);
    List<GenerateContentResponse> chunks = streamed(null);

    assertThat(answer.candidates().isPresent() || answer.promptFeedback().isPresent())
        .as(name)
        .isTrue();
    assertThat(chunks).as(name).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.lifeline.testkit.SdkFaults#errorFaults")
  void errorsRaiseTheSdksExceptionWithTheBodyParsed(String name, Fault fault) {
    HttpResponse<String> played = SdkFaults.played(server, MODEL, fault);
    server.enqueue(fault);

    ApiException error =
        catchThrowableOfType(
            ApiException.class, () -> client.models.generateContent(MODEL, QUESTION, null));

    assertThat(error).as(name).isNotNull();
    assertThat(error.code()).as(name).isEqualTo(played.statusCode());
    JsonNode body = SdkFaults.jsonOrNull(played);
    if (body != null) {
      assertThat(error.status()).as(name).isEqualTo(body.path("error").path("status").asText());
      // The SDK appends the error's details to its message.
      String message = body.path("error").path("message").asText();
      assertThat(error.message()).as(name).startsWith(message.lines().findFirst().orElseThrow());
    }
  }

  @Test
  void aMidStreamErrorFailsTheSdksStream() {
    server.enqueue(Fault.midStreamError(2));

    assertThatThrownBy(() -> streamed(null)).isInstanceOf(RuntimeException.class);
  }
}
