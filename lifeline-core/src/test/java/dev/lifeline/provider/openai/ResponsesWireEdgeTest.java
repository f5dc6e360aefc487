package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Responses wire against answers written by hand, over real HTTP: the shapes the testkit's fake
 * does not send (reasoning items, a failed or partly filtered response, an {@code error} event,
 * events named only by their {@code event:} line), and the builder's and body's rules.
 */
class ResponsesWireEdgeTest {

  private final OpenAiTestServer server = OpenAiTestServer.start();
  private final OpenAiProvider provider =
      OpenAiProvider.openAi()
          .baseUrl(server.baseUrl())
          .apiKey(ApiKey.of("k"))
          .api(OpenAiApi.RESPONSES)
          .build();
  private final List<String> deltas = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  @Test
  void reasoningItemsAreSkippedAndTheCallIdAnswersTheCall() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"resp_1","object":"response","status":"completed","model":"o4-mini",
             "output":[
               {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"think"}]},
               {"type":"message","role":"assistant","content":[
                 {"type":"output_text","text":"Checking.","annotations":[]}]},
               {"type":"function_call","id":"fc_1","call_id":"call_7","name":"lookup",
                "arguments":"{\\"id\\":1}"}],
             "usage":{"input_tokens":12,"output_tokens":30}}"""));

    ChatResponse answer = Await.answer(provider.send(ChatRequest.of("hi"), "o4-mini"));

    assertThat(answer.text()).isEqualTo("Checking.");
    assertThat(answer.toolCalls()).hasSize(1);
    assertThat(answer.toolCalls().get(0).id()).isEqualTo("call_7");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.usage().completionTokens()).isEqualTo(30);
    assertThat(server.onlyRequest().path()).isEqualTo("/v1/responses");
  }

  @Test
  void aFailedResponseInA200IsItsErrorClassified() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"resp_2","object":"response","status":"failed","output":[],
             "error":{"code":"server_error","message":"The model failed."}}"""));

    Failure failure = Await.failure(provider.send(ChatRequest.of("hi"), "gpt-4o"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
  }

  @Test
  void aFilteredResponseWithSomeTextKeepsTheTextAndSaysWhy() {
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"resp_3","object":"response","status":"incomplete",
             "incomplete_details":{"reason":"content_filter"},
             "output":[{"type":"message","role":"assistant","content":[
               {"type":"output_text","text":"Part of","annotations":[]}]}]}"""));

    ChatResponse answer = Await.answer(provider.send(ChatRequest.of("hi"), "gpt-4o"));

    assertThat(answer.text()).isEqualTo("Part of");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void eventsNamedOnlyByTheirEventLineStreamAndAnErrorEventFailsTheStream() {
    server.enqueue(
        Reply.stream(
            "event: response.output_text.delta\ndata: {\"delta\":\"Hel\"}\n\n",
            "event: response.output_text.delta\ndata: {\"delta\":\"lo\"}\n\n",
            "event: response.completed\ndata: {\"response\":{\"status\":\"completed\","
                + "\"output\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}}\n\n"));
    server.enqueue(
        Reply.stream(
            "event: response.output_text.delta\ndata: {\"delta\":\"Hel\"}\n\n",
            "event: error\ndata: {\"type\":\"error\",\"code\":\"rate_limit_exceeded\","
                + "\"message\":\"Rate limit reached\",\"param\":null}\n\n"));

    ChatResponse answer =
        Await.answer(provider.stream(ChatRequest.of("hi"), "gpt-4o", deltas::add));
    Failure failure = Await.failure(provider.stream(ChatRequest.of("hi"), "gpt-4o", d -> {}));

    assertThat(deltas).containsExactly("Hel", "lo");
    assertThat(answer.text())
        .as("built from the deltas: the final output was empty")
        .isEqualTo("Hello");
    assertThat(answer.usage().promptTokens()).isEqualTo(3);
    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
  }

  @Test
  void stopSequencesAreNotSentAndTheLossIsLoggedOnce() {
    // slf4j-simple, the tests' binding, writes to the current System.err.
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 2; i++) {
        server.enqueue(Reply.json(200, "{\"status\":\"completed\",\"output\":[]}"));
        Await.answer(provider.send(ChatRequest.builder().user("hi").stop("END").build(), "gpt-4o"));
      }
    } finally {
      System.setErr(original);
    }

    assertThat(server.requests()).allSatisfy(r -> assertThat(r.json().has("stop")).isFalse());
    assertThat(captured.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.contains("stop sequence"))
        .singleElement()
        .asString()
        .contains("WARN")
        .contains("the Responses API has no stop sequences; 1 stop sequence(s) not sent");
  }

  @Test
  void azureSpeaksTheResponsesApiAtItsV1EndpointWithTheKeyInApiKey() {
    OpenAiProvider azure =
        OpenAiProvider.azure(server.root(), "2024-10-21")
            .apiKey(ApiKey.of("azure-secret"))
            .api(OpenAiApi.RESPONSES)
            .build();
    server.enqueue(
        Reply.json(
            200,
            """
            {"id":"resp_9","object":"response","status":"completed","model":"gpt-4o",
             "output":[{"type":"message","role":"assistant","content":[
               {"type":"output_text","text":"Refunded.","annotations":[]}]}]}"""));

    ChatResponse answer;
    try {
      answer = Await.answer(azure.send(ChatRequest.of("hi"), "gpt-4o-prod"));
    } finally {
      azure.close();
    }

    OpenAiTestServer.Recorded sent = server.onlyRequest();
    assertThat(answer.text()).isEqualTo("Refunded.");
    assertThat(azure.api()).isEqualTo(OpenAiApi.RESPONSES);
    assertThat(sent.path()).isEqualTo("/openai/v1/responses");
    assertThat(sent.query()).as("the v1 API takes no api-version").isNull();
    assertThat(sent.header("api-key")).contains("azure-secret");
    assertThat(sent.header("authorization")).isEmpty();
    assertThat(sent.json().path("model").asText()).as("the deployment").isEqualTo("gpt-4o-prod");
  }
}
