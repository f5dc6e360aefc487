package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code lifeline classify} and the engine agree: for the answers they once disagreed on (the
 * adapters had rules the CLI's classifier lacked), the CLI's kind is the kind the provider's own
 * adapter classifier gives, and both are the kind the provider's documentation means.
 */
class ClassifyAgreesWithAdaptersTest {

  private static final ApiKey KEY = ApiKey.of("test-key-0000000000000000");

  static Stream<Arguments> disagreements() {
    return Stream.of(
        // Groq's model produced JSON its own validator rejected: the request was fine, the answer
        // was bad, so another model may do better; not a BAD_REQUEST that stops the cascade.
        Arguments.of(
            Named.of("groq 400 json_validate_failed", "groq"),
            (Supplier<Provider>) () -> OpenAiProvider.groq().apiKey(KEY).build(),
            400,
            "{\"error\":{\"message\":\"Failed to generate JSON. Please adjust your prompt. See"
                + " 'failed_generation' for more details.\",\"type\":\"invalid_request_error\","
                + "\"code\":\"json_validate_failed\",\"failed_generation\":\"{\\\"answer\\\": \"}}",
            ErrorKind.VALIDATION_FAILED),
        // OpenAI's prompt screen flagged the prompt: a content policy block.
        Arguments.of(
            Named.of("openai 400 invalid_prompt", "openai"),
            (Supplier<Provider>) () -> OpenAiProvider.openAi().apiKey(KEY).build(),
            400,
            "{\"error\":{\"message\":\"Invalid prompt: your prompt was flagged as potentially"
                + " violating our usage policy. Please try again with a different prompt.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_prompt\"}}",
            ErrorKind.CONTENT_FILTERED),
        // Anthropic stopped the answer because the context window filled: a context overflow.
        Arguments.of(
            Named.of("anthropic 200 stop_reason model_context_window_exceeded", "anthropic"),
            (Supplier<Provider>) () -> AnthropicProvider.builder().apiKey(KEY).build(),
            200,
            "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"The summary of the first\"}],"
                + "\"stop_reason\":\"model_context_window_exceeded\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":199000,\"output_tokens\":1000}}",
            ErrorKind.CONTEXT_LENGTH_EXCEEDED),
        // Gemini withheld a candidate that would recite protected text: a content block.
        Arguments.of(
            Named.of("gemini 200 finishReason RECITATION", "gemini"),
            (Supplier<Provider>) () -> GeminiProvider.builder().apiKey(KEY).build(),
            200,
            "{\"candidates\":[{\"finishReason\":\"RECITATION\",\"index\":0}]}",
            ErrorKind.CONTENT_FILTERED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("disagreements")
  void theCliGivesTheAdaptersKind(
      String provider, Supplier<Provider> adapter, int status, String body, ErrorKind expected)
      throws IOException {
    CliRun run =
        CliRun.of("classify", "--provider", provider, "--status", "" + status, "--body", body);

    Failure engine;
    try (Provider built = adapter.get()) {
      engine = built.classifier().classify(new RawResponse(status, Map.of(), body)).orElseThrow();
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("kind").asText()).isEqualTo(engine.kind().name());
    assertThat(engine.kind()).isEqualTo(expected);
    assertThat(json.get("providerCode").asText()).isEqualTo(engine.providerCode());
  }
}
