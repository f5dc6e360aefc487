package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A whole (non-streamed) answer, served over HTTP, read into a {@link ChatResponse}. */
class OpenAiResponseTest {

  private final OpenAiTestServer server = OpenAiTestServer.start();
  private final OpenAiProvider provider =
      OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readsTextUsageModelAndTheRequestIdHeader() {
    server.enqueue(
        Reply.body(
            200,
            Map.of("Content-Type", "application/json", "x-request-id", "req_abc"),
            """
            {"id":"chatcmpl-9","object":"chat.completion","model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Refund approved."},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
            """));

    ChatResponse answer = Await.answer(provider.send(ChatRequest.of("refund?"), "gpt-4o"));

    assertThat(answer.text()).isEqualTo("Refund approved.");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.usage()).isEqualTo(new Usage(12, 3));
    assertThat(answer.requestId()).isEqualTo("req_abc");
    assertThat(answer.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(answer.provider()).isEqualTo("openai");
    assertThat(answer.refusal()).isNull();
    assertThat(answer.toolCalls()).isEmpty();
  }

  @Test
  void readsToolCallsWithNullContent() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"chatcmpl-2","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":null,
              "tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                {"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},
              "finish_reason":"tool_calls"}]}
            """));

    ChatResponse answer =
        Await.answer(provider.send(ChatRequest.of("weather and time?"), "gpt-4o"));

    assertThat(answer.text()).isEmpty();
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"),
            new ToolCall("call_b", "time", "{}"));
  }

  @Test
  void aCustomToolCallIsReadAsACallWhoseArgumentsHoldItsFreeTextInput() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"chatcmpl-c","model":"gpt-5","choices":[{"index":0,"message":{"role":"assistant","content":null,
              "tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{}"}},
                {"id":"call_b","type":"custom","custom":{"name":"shell","input":"ls -l \\"/tmp\\""}}]},
              "finish_reason":"tool_calls"}]}
            """));

    ChatResponse answer = Await.answer(provider.send(ChatRequest.of("list /tmp"), "gpt-5"));

    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "weather", "{}"),
            new ToolCall("call_b", "shell", "{\"input\":\"ls -l \\\"/tmp\\\"\"}"));
  }

  @Test
  void aCustomToolCallWithoutANameIsAnInvalidResponse() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"chatcmpl-c","model":"gpt-5","choices":[{"index":0,"message":{"role":"assistant",
              "tool_calls":[{"id":"call_b","type":"custom","custom":{"input":"x"}}]},
              "finish_reason":"tool_calls"}]}
            """));

    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "gpt-5"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("custom tool call 0 has no name");
  }

  @Test
  void aRefusalWithEmptyContentIsARefusalEvenThoughFinishReasonSaysStop() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"chatcmpl-3","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":null,
              "refusal":"I'm sorry, I can't help with that."},"finish_reason":"stop"}]}
            """));

    ChatResponse answer = Await.answer(provider.send(ChatRequest.of("x"), "gpt-4o"));

    assertThat(answer.finishReason()).isEqualTo(FinishReason.REFUSAL);
    assertThat(answer.refusal()).isEqualTo("I'm sorry, I can't help with that.");
    assertThat(answer.text()).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "stop, STOP",
    "length, LENGTH",
    "tool_calls, TOOL_CALLS",
    "function_call, TOOL_CALLS",
    "content_filter, CONTENT_FILTER",
    "model_length, LENGTH", // Mistral
    "insufficient_system_resource, LENGTH", // DeepSeek
    "something_new, UNKNOWN"
  })
  void mapsEachFinishReason(String wire, FinishReason expected) {
    server.enqueue(Reply.json(200, answer("\"partial answer\"", "\"" + wire + "\"")));

    assertThat(Await.answer(provider.send(ChatRequest.of("x"), "m")).finishReason())
        .isEqualTo(expected);
  }

  @Test
  void aMissingFinishReasonIsUnknown() {
    server.enqueue(Reply.json(200, answer("\"text\"", "null")));

    assertThat(Await.answer(provider.send(ChatRequest.of("x"), "m")).finishReason())
        .isEqualTo(FinishReason.UNKNOWN);
  }

  @Test
  void anInBandErrorFinishIsAServerError() {
    // Mistral and OpenRouter end a failed generation with finish_reason "error" inside a 200.
    server.enqueue(Reply.json(200, answer("\"\"", "\"error\"")));

    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(failure.status()).isEqualTo(200);
  }

  @Test
  void theRequestIdFallsBackToTheBodyIdAndTheModelToTheRequestedOne() {
    server.enqueue(
        Reply.json(
            200,
            "{\"id\":\"gen-77\",\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"));

    ChatResponse answer = Await.answer(provider.send(ChatRequest.of("x"), "requested-model"));

    assertThat(answer.requestId()).isEqualTo("gen-77");
    assertThat(answer.model()).isEqualTo("requested-model");
    assertThat(answer.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void leadingBlankLinesBeforeTheJsonParse() {
    // DeepSeek writes empty lines while it keeps a slow request open.
    server.enqueue(Reply.json(200, "\n\n\n\n" + answer("\"late but fine\"", "\"stop\"")));

    assertThat(Await.answer(provider.send(ChatRequest.of("x"), "deepseek-chat")).text())
        .isEqualTo("late but fine");
  }

  @Test
  void contentAsTextPartsIsJoined() {
    server.enqueue(
        Reply.json(
            200,
            answer(
                "[{\"type\":\"thinking\",\"thinking\":[]},{\"type\":\"text\",\"text\":\"Hello\"},"
                    + "{\"type\":\"text\",\"text\":\" world\"}]",
                "\"stop\"")));

    assertThat(Await.answer(provider.send(ChatRequest.of("x"), "magistral")).text())
        .isEqualTo("Hello world");
  }

  @Test
  void anUnparseableSuccessIsAnInvalidResponse() {
    server.enqueue(Reply.body(200, Map.of("Content-Type", "text/plain"), "I am not JSON"));

    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(failure.status()).isEqualTo(200);
    assertThat(failure.message()).contains("not a JSON object");
  }

  @Test
  void truncatedJsonEmptyBodyAndNoChoicesAreInvalidResponses() {
    server.enqueue(Reply.json(200, answer("\"cut\"", "\"stop\"").substring(0, 40)));
    server.enqueue(Reply.json(200, ""));
    server.enqueue(Reply.json(200, "{\"id\":\"x\",\"choices\":[]}"));

    for (int i = 0; i < 3; i++) {
      assertThat(Await.failure(provider.send(ChatRequest.of("x"), "m")).kind())
          .as("reply %d", i)
          .isEqualTo(ErrorKind.INVALID_RESPONSE);
    }
  }

  @Test
  void aContentFilterBlockWithNoContentIsAFailure() {
    server.enqueue(Reply.json(200, answer("null", "\"content_filter\"")));

    assertThat(Await.failure(provider.send(ChatRequest.of("x"), "m")).kind())
        .isEqualTo(ErrorKind.CONTENT_FILTERED);
  }

  private static String answer(String contentJson, String finishJson) {
    return "{\"id\":\"chatcmpl-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":"
        + contentJson
        + "},\"finish_reason\":"
        + finishJson
        + "}],"
        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
  }
}
