package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything the testkit's OpenAI fake sends validates against OpenAI's own OpenAPI document (issue
 * 14): answers against {@code CreateChatCompletionResponse}, every stream chunk against {@code
 * CreateChatCompletionStreamResponse}, and every JSON error body, in-band stream errors included,
 * against {@code ErrorResponse}.
 */
class OpenAiAnswerConformanceTest {

  private static final String MODEL = "gpt-4o";
  private static final String ANSWER = "CreateChatCompletionResponse";
  private static final String CHUNK = "CreateChatCompletionStreamResponse";
  private static final String ERROR = "ErrorResponse";

  private static OpenApiSchemas spec;
  private static FakeLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    spec = OpenAiSpec.schemas();
    server = FakeLlmServer.start(WireFormat.OPENAI);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  /** The answers a 200 can carry: healthy, JSON, and the silent failures. */
  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("healthy", Fault.healthy()),
        Arguments.of("refusal", Fault.refusal()),
        Arguments.of("emptyAnswer", Fault.emptyAnswer()),
        Arguments.of("truncated", Fault.truncated()),
        Arguments.of("contentFiltered", Fault.contentFiltered()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void answerConformsToTheSpec(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertConforms(ANSWER, name, TestClient.parse(response.body()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void everyStreamChunkConformsToTheSpec(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertChunksConform(name, response.body());
  }

  @Test
  void jsonModeAnswerConformsToTheSpec() {
    ObjectNode body = TestClient.body(WireFormat.OPENAI, MODEL, "Answer in JSON", false);
    body.putObject("response_format").put("type", "json_object");

    HttpResponse<String> response = client.post(server.chatUrl(MODEL), body);

    JsonNode answer = TestClient.parse(response.body());
    assertThat(answer.path("choices").path(0).path("message").path("content").asText())
        .startsWith("{");
    assertConforms(ANSWER, "jsonMode", answer);
  }

  @Test
  void toolCallAnswerConformsToTheSpec() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\"}");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), withTools(false)).body());

    assertThat(answer.path("choices").path(0).path("finish_reason").asText())
        .isEqualTo("tool_calls");
    assertConforms(ANSWER, "toolCall", answer);
  }

  @Test
  void toolCallStreamChunksConformToTheSpec() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\", \"verbose\": true}");

    String stream = client.post(server.chatUrl(MODEL), withTools(true)).body();

    assertThat(stream).contains("\"tool_calls\"");
    assertChunksConform("toolCall", stream);
  }

  /** Every fault that answers an error in JSON, by case and by the statuses with their own body. */
  static Stream<Arguments> errors() {
    List<Arguments> cases = new ArrayList<>();
    for (ErrorCase error : ErrorCase.values()) {
      // BAD_GATEWAY is Cloudflare's HTML page, not the API's JSON; BY_STATUS is the loop below.
      Fault fault = faultOf(error);
      if (fault != null) {
        cases.add(Arguments.of(error.name(), fault));
      }
    }
    // Every status the fake renders as the API's JSON; the rest are Cloudflare's HTML pages.
    for (int status = 400; status <= 599; status++) {
      // 524 is the API's own deviation from its spec: checked on its own below.
      if (!WireCodec.isCloudflareStatus(status)) {
        cases.add(Arguments.of("status(" + status + ")", Fault.status(status)));
      }
    }
    return cases.stream();
  }

  /** The public factory of each case; exhaustive, so a new case must be placed here. */
  private static Fault faultOf(ErrorCase error) {
    return switch (error) {
      case RATE_LIMITED -> Fault.rateLimited();
      case OVERLOADED -> Fault.overloaded();
      case SERVER_ERROR -> Fault.serverError();
      case UNAUTHORIZED -> Fault.unauthorized();
      case QUOTA_EXHAUSTED -> Fault.quotaExhausted();
      case CONTEXT_LENGTH_EXCEEDED -> Fault.contextLengthExceeded();
      case MODEL_NOT_FOUND -> Fault.modelNotFound();
      case BAD_REQUEST -> Fault.badRequest();
      case BAD_GATEWAY, BY_STATUS -> null;
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorBodyConformsToTheSpec(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", false);

    assertThat(response.statusCode()).isBetween(400, 599);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    assertConforms(ERROR, name, TestClient.parse(response.body()));
  }

  @Test
  void the524BodyKeepsTheIntegerCodeTheRealApiSendsAgainstItsSpec() {
    server.enqueue(Fault.status(524));

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", false);
    JsonNode body = TestClient.parse(response.body());

    assertThat(response.statusCode()).isEqualTo(524);
    assertThat(body.path("error").path("code").isInt())
        .as("observed: code 524 as a number")
        .isTrue();
    // The spec says string or null; that one field is the only disagreement.
    assertThat(spec.errors(ERROR, body))
        .isNotEmpty()
        .allMatch(error -> error.startsWith("$.error.code: integer found"));
  }

  @Test
  void unknownPathAndUnparseableBodyErrorsConformToTheSpec() {
    HttpResponse<String> unknown =
        client.post(server.baseUrl() + "/completions/legacy", "{}", WireFormat.OPENAI);
    HttpResponse<String> garbage =
        client.post(server.chatUrl(MODEL), "{not json", WireFormat.OPENAI);

    assertConforms(ERROR, "unknownPath", TestClient.parse(unknown.body()));
    assertConforms(ERROR, "unparseable", TestClient.parse(garbage.body()));
  }

  /**
   * Requests the fake refuses as OpenAI does (see {@code RequestRules}), each malformed one way.
   */
  static Stream<Arguments> malformedRequests() {
    return Stream.<Arguments>of(
        Arguments.of("no model", (Consumer<ObjectNode>) body -> body.remove("model"), true),
        Arguments.of("no messages", (Consumer<ObjectNode>) body -> body.remove("messages"), true),
        Arguments.of(
            "empty messages", (Consumer<ObjectNode>) body -> body.putArray("messages"), true),
        Arguments.of(
            "messages not an array",
            (Consumer<ObjectNode>) body -> body.put("messages", "hi"),
            true),
        Arguments.of(
            "unknown role",
            (Consumer<ObjectNode>)
                body -> ((ObjectNode) body.path("messages").get(1)).put("role", "robot"),
            true),
        // The spec sets no minimum on max_tokens: the API's own check refuses this one.
        Arguments.of(
            "negative max_tokens",
            (Consumer<ObjectNode>) body -> body.put("max_tokens", -5),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void refusalOfAMalformedRequestConformsToTheSpec(
      String name, Consumer<ObjectNode> change, boolean specRefuses) {
    ObjectNode request = TestClient.body(WireFormat.OPENAI, MODEL, "Process this refund", false);
    change.accept(request);

    HttpResponse<String> response = client.post(server.chatUrl(MODEL), request);

    assertThat(response.statusCode()).isEqualTo(400);
    assertConforms(ERROR, name, TestClient.parse(response.body()));
    // The fake refuses what the spec refuses too (one case is a rule of the API, not the spec).
    if (specRefuses) {
      assertThat(spec.errors("CreateChatCompletionRequest", request))
          .as("%s: the spec's verdict on %s", name, request)
          .isNotEmpty();
    }
  }

  @Test
  void midStreamErrorConformsToTheSpec() {
    server.enqueue(Fault.midStreamError(2));

    List<TestClient.Event> events =
        TestClient.events(client.chat(server, MODEL, "Process this refund", true).body());

    List<JsonNode> errors = new ArrayList<>();
    List<JsonNode> chunks = new ArrayList<>();
    for (TestClient.Event event : events) {
      if (!event.data().equals("[DONE]")) {
        JsonNode json = event.json();
        (json.has("error") ? errors : chunks).add(json);
      }
    }
    assertThat(errors).as("in-band errors").hasSize(1);
    assertThat(chunks).as("chunks before the error").isNotEmpty();
    assertConforms(ERROR, "midStreamError", errors.get(0));
    for (JsonNode chunk : chunks) {
      assertConforms(CHUNK, "midStreamError", chunk);
    }
  }

  private void assertChunksConform(String name, String stream) {
    List<TestClient.Event> events = TestClient.events(stream);
    assertThat(events).as("events").hasSizeGreaterThan(1);
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    for (TestClient.Event event : events.subList(0, events.size() - 1)) {
      assertConforms(CHUNK, name, event.json());
    }
  }

  private static void assertConforms(String schema, String name, JsonNode body) {
    assertThat(spec.errors(schema, body)).as("%s: %s against %s", name, body, schema).isEmpty();
  }

  private static ObjectNode withTools(boolean stream) {
    ObjectNode body = TestClient.body(WireFormat.OPENAI, MODEL, "Where is order A-17?", stream);
    ObjectNode function =
        body.putArray("tools").addObject().put("type", "function").putObject("function");
    function.put("name", "lookup_order");
    function.putObject("parameters").put("type", "object");
    return body;
  }
}
