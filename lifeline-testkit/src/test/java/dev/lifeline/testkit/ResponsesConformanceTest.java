package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.openai.OpenAiApi;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The Responses API wire against OpenAI's own OpenAPI document (issue 14): every request shape
 * Lifeline's adapter writes validates against {@code CreateResponse} with no deprecated field; the
 * testkit's answers against {@code Response}, each stream event against {@code
 * ResponseStreamEvent}, and its error bodies against {@code ErrorResponse}; and the requests the
 * fake refuses are ones the spec refuses too.
 */
class ResponsesConformanceTest {

  private static final String MODEL = "gpt-4o";
  private static final String REQUEST = "CreateResponse";
  private static final String ANSWER = "Response";
  private static final String EVENT = "ResponseStreamEvent";
  private static final String ERROR = "ErrorResponse";

  private static final String WEATHER_PARAMETERS =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
  private static final String STRICT_PARAMETERS =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"],\
      "additionalProperties":false}""";
  private static final Tool WEATHER =
      new Tool("get_weather", "The weather in a city", WEATHER_PARAMETERS);

  /** The spec's schema for each event type the fake sends, each one a branch of {@link #EVENT}. */
  private static final Map<String, String> EVENT_SCHEMAS =
      Map.ofEntries(
          Map.entry("response.created", "ResponseCreatedEvent"),
          Map.entry("response.in_progress", "ResponseInProgressEvent"),
          Map.entry("response.output_item.added", "ResponseOutputItemAddedEvent"),
          Map.entry("response.output_item.done", "ResponseOutputItemDoneEvent"),
          Map.entry("response.content_part.added", "ResponseContentPartAddedEvent"),
          Map.entry("response.content_part.done", "ResponseContentPartDoneEvent"),
          Map.entry("response.output_text.delta", "ResponseTextDeltaEvent"),
          Map.entry("response.output_text.done", "ResponseTextDoneEvent"),
          Map.entry("response.refusal.delta", "ResponseRefusalDeltaEvent"),
          Map.entry("response.refusal.done", "ResponseRefusalDoneEvent"),
          Map.entry(
              "response.function_call_arguments.delta", "ResponseFunctionCallArgumentsDeltaEvent"),
          Map.entry(
              "response.function_call_arguments.done", "ResponseFunctionCallArgumentsDoneEvent"),
          Map.entry("response.completed", "ResponseCompletedEvent"),
          Map.entry("response.incomplete", "ResponseIncompleteEvent"),
          Map.entry("response.failed", "ResponseFailedEvent"),
          Map.entry("error", "ResponseErrorEvent"));

  private static OpenApiSchemas spec;
  private static FakeLlmServer server;
  private static Provider provider;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    spec = OpenAiSpec.schemas();
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

  // ---- requests Lifeline writes
  // --------------------------------------------------------------------

  static Stream<Arguments> shapes() {
    ChatRequest toolRoundTrip =
        ChatRequest.builder()
            .user("What is the weather in Paris?")
            .message(
                Message.assistant(
                    null, List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))))
            .message(Message.tool("call_1", "{\"celsius\":21}"))
            .tool(WEATHER)
            .build();
    return Stream.of(
        Arguments.of("plain", ChatRequest.of("Process this refund"), false),
        Arguments.of(
            "system",
            ChatRequest.builder().system("Be brief.").user("Process this refund").build(),
            false),
        Arguments.of(
            "parameters",
            ChatRequest.builder()
                .user("Process this refund")
                .temperature(0.2)
                .maxTokens(256)
                .build(),
            false),
        Arguments.of(
            "multiTurn",
            ChatRequest.builder()
                .system("Be brief.")
                .user("Hello")
                .assistant("Hi, how can I help?")
                .user("Process this refund")
                .build(),
            false),
        Arguments.of(
            "toolsOffered",
            ChatRequest.builder().user("What is the weather in Paris?").tool(WEATHER).build(),
            false),
        Arguments.of(
            "strictTool",
            ChatRequest.builder()
                .user("What is the weather in Paris?")
                .tool(new Tool("get_weather", "", STRICT_PARAMETERS))
                .build(),
            false),
        Arguments.of("toolRoundTrip", toolRoundTrip, false),
        Arguments.of(
            "jsonMode",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.json())
                .build(),
            false),
        Arguments.of(
            "jsonModeNotSayingJson",
            ChatRequest.builder()
                .system("Reply in json.")
                .user("Process this refund")
                .responseFormat(ResponseFormat.json())
                .build(),
            false),
        Arguments.of(
            "jsonSchema",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.jsonSchema("weather", WEATHER_PARAMETERS))
                .build(),
            false),
        Arguments.of(
            "jsonSchemaStrictReady",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.jsonSchema("weather", STRICT_PARAMETERS))
                .build(),
            false),
        Arguments.of(
            "streaming",
            ChatRequest.builder()
                .system("Be brief.")
                .user("Process this refund")
                .temperature(0.7)
                .maxTokens(64)
                .build(),
            true),
        Arguments.of("streamingWithTools", toolRoundTrip, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void requestBodyConformsToTheSpec(String shape, ChatRequest request, boolean stream)
      throws Exception {
    if (stream) {
      provider.stream(request, MODEL, delta -> {}).get(15, TimeUnit.SECONDS);
    } else {
      provider.send(request, MODEL).get(15, TimeUnit.SECONDS);
    }

    assertThat(server.requests()).as("requests received").hasSize(1);
    JsonNode body = server.requests().get(0).json().orElseThrow();
    assertThat(body.path("stream").asBoolean(false)).as("stream flag").isEqualTo(stream);
    assertThat(spec.errors(REQUEST, body))
        .as("%s request %s against %s", shape, body, REQUEST)
        .isEmpty();
    assertThat(spec.deprecatedFields(REQUEST, body))
        .as("%s request uses fields the spec deprecates", shape)
        .isEmpty();
  }

  @Test
  void strictnessFollowsTheSchema() throws Exception {
    provider
        .send(
            ChatRequest.builder()
                .user("Weather?")
                .tool(WEATHER)
                .tool(new Tool("get_weather_strict", "", STRICT_PARAMETERS))
                .responseFormat(ResponseFormat.jsonSchema("weather", STRICT_PARAMETERS))
                .build(),
            MODEL)
        .get(15, TimeUnit.SECONDS);

    JsonNode body = server.requests().get(0).json().orElseThrow();
    assertThat(body.path("tools").path(0).path("strict").asBoolean(true)).isFalse();
    assertThat(body.path("tools").path(1).path("strict").asBoolean(false)).isTrue();
    assertThat(body.path("text").path("format").path("strict").asBoolean(false)).isTrue();
  }

  // ---- what the fake sends
  // -------------------------------------------------------------------------

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

    HttpResponse<String> response = client.post(url(), body(false));

    assertThat(response.statusCode()).isEqualTo(200);
    assertConforms(ANSWER, name, TestClient.parse(response.body()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void everyStreamEventConformsToTheSpec(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.post(url(), body(true));

    assertThat(response.statusCode()).isEqualTo(200);
    assertEventsConform(name, response.body());
  }

  @Test
  void toolCallAnswerAndEventsConformToTheSpec() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\"}");

    JsonNode answer = TestClient.parse(client.post(url(), withTool(false)).body());
    String stream = client.post(url(), withTool(true)).body();

    assertThat(answer.path("output").path(0).path("type").asText()).isEqualTo("function_call");
    assertConforms(ANSWER, "toolCall", answer);
    assertThat(stream).contains("response.function_call_arguments.delta");
    assertEventsConform("toolCall", stream);
  }

  @Test
  void jsonModeAnswerConformsToTheSpec() {
    ObjectNode body = body(false);
    body.put("instructions", "Answer in JSON.");
    body.putObject("text").putObject("format").put("type", "json_object");

    JsonNode answer = TestClient.parse(client.post(url(), body).body());

    assertThat(answer.path("output").path(0).path("content").path(0).path("text").asText())
        .startsWith("{");
    assertConforms(ANSWER, "jsonMode", answer);
  }

  @Test
  void errorBodiesConformToTheSpec() {
    List<Fault> faults =
        List.of(
            Fault.rateLimited(),
            Fault.overloaded(),
            Fault.serverError(),
            Fault.unauthorized(),
            Fault.quotaExhausted(),
            Fault.contextLengthExceeded(),
            Fault.modelNotFound(),
            Fault.badRequest());
    for (Fault fault : faults) {
      server.enqueue(fault);
      HttpResponse<String> response = client.post(url(), body(false));
      assertThat(response.statusCode()).as("%s", fault).isBetween(400, 599);
      assertConforms(ERROR, fault.toString(), TestClient.parse(response.body()));
    }
  }

  @Test
  void aMidStreamFailureIsASpecResponseFailedEvent() {
    server.enqueue(Fault.midStreamError(2));

    String stream = client.post(url(), body(true)).body();

    List<TestClient.Event> events = TestClient.events(stream);
    assertThat(events.get(events.size() - 1).name()).isEqualTo("response.failed");
    assertEventsConform("midStreamError", stream);
  }

  /** Requests the fake refuses as the API does, each malformed one way; the spec refuses them. */
  static Stream<Arguments> malformedRequests() {
    return Stream.<Arguments>of(
        // The spec lets a stored prompt name the model; with neither, the API refuses.
        Arguments.of("no model", (Consumer<ObjectNode>) body -> body.remove("model"), false),
        Arguments.of(
            "input not a string or array",
            (Consumer<ObjectNode>) body -> body.put("input", 42),
            true),
        Arguments.of(
            "unknown role",
            (Consumer<ObjectNode>)
                body -> ((ObjectNode) body.path("input").get(0)).put("role", "robot"),
            true),
        Arguments.of(
            "max_output_tokens below 16",
            (Consumer<ObjectNode>) body -> body.put("max_output_tokens", 5),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void refusalOfAMalformedRequestConformsToTheSpec(
      String name, Consumer<ObjectNode> change, boolean specRefuses) {
    ObjectNode request = body(false);
    change.accept(request);

    HttpResponse<String> response = client.post(url(), request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertConforms(ERROR, name, TestClient.parse(response.body()));
    assertThat(server.requests()).as("refused before any model ran, but recorded").hasSize(1);
    if (specRefuses) {
      assertThat(spec.errors(REQUEST, request))
          .as("%s: the spec's verdict on %s", name, request)
          .isNotEmpty();
    }
  }

  private static void assertEventsConform(String name, String stream) {
    List<TestClient.Event> events = TestClient.events(stream);
    assertThat(events).as("events").hasSizeGreaterThan(2);
    assertThat(events.get(0).name()).isEqualTo("response.created");
    List<Integer> numbers = new ArrayList<>();
    for (TestClient.Event event : events) {
      JsonNode json = event.json();
      assertThat(json.path("type").asText()).as("type = event name").isEqualTo(event.name());
      numbers.add(json.path("sequence_number").asInt());
      String schema = EVENT_SCHEMAS.get(event.name());
      assertThat(schema).as("%s: a known event type", event.name()).isNotNull();
      assertConforms(schema, name + " " + event.name(), json);
      // The union validates too; its errors name every branch, so only its verdict is checked.
      assertThat(spec.errors(EVENT, json)).as("%s: in %s", event.name(), EVENT).isEmpty();
    }
    for (int i = 0; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).as("sequence_number of event %d", i).isEqualTo(i);
    }
  }

  private static void assertConforms(String schema, String name, JsonNode body) {
    assertThat(spec.errors(schema, body)).as("%s: %s against %s", name, body, schema).isEmpty();
  }

  private static String url() {
    return server.baseUrl() + "/responses";
  }

  private static ObjectNode body(boolean stream) {
    ObjectNode body = TestClient.MAPPER.createObjectNode();
    body.put("model", MODEL);
    body.put("instructions", "Be brief.");
    ArrayNode input = body.putArray("input");
    input.addObject().put("type", "message").put("role", "user").put("content", "Hello there");
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private static ObjectNode withTool(boolean stream) {
    ObjectNode body = body(stream);
    ObjectNode tool = body.putArray("tools").addObject();
    tool.put("type", "function").put("name", "lookup_order").put("strict", false);
    tool.putObject("parameters").put("type", "object");
    return body;
  }
}
