package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.testkit.GeminiResponseSchema.Root;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything the testkit's Gemini fake sends validates against Google's own protos (issue 14; see
 * {@link GeminiResponseSchema}): answers and every chunk of both stream framings (SSE and the JSON
 * array) as {@code GenerateContentResponse}, embeddings as {@code EmbedContentResponse} and {@code
 * BatchEmbedContentsResponse}, and every JSON error body, in-band stream errors included, as the
 * REST envelope of {@code google.rpc.Status} with its details as the {@code google.rpc} messages
 * they name.
 */
class GeminiAnswerConformanceTest {

  private static final String MODEL = "gemini-2.5-flash";
  private static final String EMBEDDER = "text-embedding-004";

  private static FakeLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.GEMINI);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @Test
  void theDescriptorIsThePinnedExtract() {
    assertThat(GeminiResponseSchema.get().source())
        .contains("@google-ai/generativelanguage@4.1.0")
        .contains("google-gax@6.17.0");
  }

  /** Every fault that ends in a 200 answer, and the healthy answer. */
  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("healthy", Fault.healthy()),
        Arguments.of("latency", Fault.latency(Duration.ofMillis(1))),
        Arguments.of("slowStream", Fault.slowStream(Duration.ofMillis(1))),
        Arguments.of("refusal", Fault.refusal()),
        Arguments.of("emptyAnswer", Fault.emptyAnswer()),
        Arguments.of("truncated", Fault.truncated()),
        Arguments.of("contentFiltered", Fault.contentFiltered()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void answerConformsToTheProtos(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertConforms(Root.GENERATE_CONTENT, name, TestClient.parse(response.body()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void everySseChunkConformsToTheProtos(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", true);

    assertThat(response.statusCode()).isEqualTo(200);
    List<TestClient.Event> events = TestClient.events(response.body());
    assertThat(events).as("events").isNotEmpty();
    for (TestClient.Event event : events) {
      assertConforms(Root.GENERATE_CONTENT, name, event.json());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void everyJsonArrayChunkConformsToTheProtos(String name, Fault fault) {
    server.enqueue(fault);

    JsonNode array = TestClient.parse(arrayStream(request("Process this refund")).body());

    assertThat(array.isArray()).as("a JSON array").isTrue();
    assertThat(array).as("chunks").isNotEmpty();
    array.forEach(chunk -> assertConforms(Root.GENERATE_CONTENT, name, chunk));
  }

  @Test
  void jsonModeAnswerConformsToTheProtos() {
    ObjectNode body = request("Answer in JSON");
    body.putObject("generationConfig").put("responseMimeType", "application/json");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), body).body());

    assertThat(text(answer)).startsWith("{");
    assertConforms(Root.GENERATE_CONTENT, "jsonMode", answer);
  }

  @Test
  void toolCallAnswerAndStreamConformToTheProtos() {
    server.script().toolCall("lookup_order", "{\"order_id\": \"A-17\", \"verbose\": true}");

    JsonNode answer = TestClient.parse(client.post(server.chatUrl(MODEL), withTools()).body());
    List<TestClient.Event> events =
        TestClient.events(client.post(server.streamUrl(MODEL), withTools()).body());

    assertThat(answer.at("/candidates/0/content/parts/0/functionCall/name").asText())
        .isEqualTo("lookup_order");
    assertConforms(Root.GENERATE_CONTENT, "toolCall", answer);
    assertThat(events).isNotEmpty();
    events.forEach(event -> assertConforms(Root.GENERATE_CONTENT, "toolCall", event.json()));
  }

  @Test
  void chunksBeforeACutConformToTheProtos() {
    server.enqueue(Fault.cutStream(2));

    List<TestClient.Event> events =
        TestClient.events(client.chat(server, MODEL, "Process this refund", true).body());

    assertThat(events).hasSize(2);
    events.forEach(event -> assertConforms(Root.GENERATE_CONTENT, "cutStream", event.json()));
  }

  @Test
  void midStreamErrorConformsToTheProtosInBothFramings() {
    server.enqueue(Fault.midStreamError(2), Fault.midStreamError(2));

    List<JsonNode> sse =
        TestClient.events(client.chat(server, MODEL, "Process this refund", true).body()).stream()
            .map(TestClient.Event::json)
            .toList();
    List<JsonNode> array = new ArrayList<>();
    TestClient.parse(arrayStream(request("Process this refund")).body()).forEach(array::add);

    for (List<JsonNode> bodies : List.of(sse, array)) {
      assertThat(bodies).hasSize(3);
      assertConforms(Root.GENERATE_CONTENT, "midStreamError", bodies.get(0));
      assertConforms(Root.GENERATE_CONTENT, "midStreamError", bodies.get(1));
      assertConforms(Root.ERROR, "midStreamError", bodies.get(2));
    }
  }

  /** Every fault that answers an error in JSON, by case and by status. */
  static Stream<Arguments> errors() {
    List<Arguments> cases = new ArrayList<>();
    for (ErrorCase error : ErrorCase.values()) {
      Fault fault = faultOf(error);
      if (fault != null) {
        cases.add(Arguments.of(error.name(), fault));
      }
    }
    cases.add(Arguments.of("rateLimited(120ms)", Fault.rateLimited(Duration.ofMillis(120))));
    cases.add(Arguments.of("rateLimited(47s)", Fault.rateLimited(Duration.ofSeconds(47))));
    // Every status; 502 is Google's front-end HTML page, not the API's JSON.
    for (int status = 400; status <= 599; status++) {
      if (status != 502) {
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
      case BAD_GATEWAY, BY_STATUS -> null; // an HTML page; the statuses below
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorBodyConformsToTheProtos(String name, Fault fault) {
    server.enqueue(fault);

    HttpResponse<String> response = client.chat(server, MODEL, "Process this refund", false);

    assertThat(response.statusCode()).isBetween(400, 599);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    JsonNode body = TestClient.parse(response.body());
    assertThat(body.at("/error/code").asInt()).isEqualTo(response.statusCode());
    assertConforms(Root.ERROR, name, body);
  }

  @Test
  void refusalsOfMalformedRequestsConformToTheProtos() {
    ObjectNode unknownField = request("Process this refund");
    unknownField.put("temperature", 0.2);
    ObjectNode wrongType = request("Process this refund");
    wrongType.putObject("generationConfig").put("maxOutputTokens", "many");

    HttpResponse<String> unknown = client.post(server.chatUrl(MODEL), unknownField);
    HttpResponse<String> mistyped = client.post(server.chatUrl(MODEL), wrongType);
    HttpResponse<String> garbage =
        client.post(server.chatUrl(MODEL), "{not json", WireFormat.GEMINI);

    assertThat(List.of(unknown, mistyped, garbage))
        .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(400));
    assertConforms(Root.ERROR, "unknownField", TestClient.parse(unknown.body()));
    assertConforms(Root.ERROR, "wrongType", TestClient.parse(mistyped.body()));
    assertConforms(Root.ERROR, "unparseable", TestClient.parse(garbage.body()));
  }

  @Test
  void embeddingAnswersConformToTheProtos() {
    String base = server.baseUrl() + "/v1beta/models/" + EMBEDDER;
    String single = "{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":8}";
    String batchOfOne =
        "{\"requests\":[{\"model\":\"models/"
            + EMBEDDER
            + "\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}";
    String batchOfTwo =
        "{\"requests\":[{\"model\":\"models/"
            + EMBEDDER
            + "\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},{\"model\":\"models/"
            + EMBEDDER
            + "\",\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}";
    String singleUrl = base + ":embedContent";
    String batchUrl = base + ":batchEmbedContents";

    JsonNode one = TestClient.parse(client.post(singleUrl, single, WireFormat.GEMINI).body());
    JsonNode ofOne = TestClient.parse(client.post(batchUrl, batchOfOne, WireFormat.GEMINI).body());
    JsonNode ofTwo = TestClient.parse(client.post(batchUrl, batchOfTwo, WireFormat.GEMINI).body());
    server.enqueue(Fault.emptyAnswer(), Fault.emptyAnswer());
    JsonNode emptyOne = TestClient.parse(client.post(singleUrl, single, WireFormat.GEMINI).body());
    JsonNode emptyBatch =
        TestClient.parse(client.post(batchUrl, batchOfTwo, WireFormat.GEMINI).body());

    assertThat(one.at("/embedding/values")).hasSize(8);
    assertConforms(Root.EMBED_CONTENT, "single", one);
    assertThat(ofOne.get("embeddings")).as("a batch of one is still a batch").hasSize(1);
    assertConforms(Root.BATCH_EMBED_CONTENTS, "batchOfOne", ofOne);
    assertThat(ofTwo.get("embeddings")).hasSize(2);
    assertConforms(Root.BATCH_EMBED_CONTENTS, "batchOfTwo", ofTwo);
    assertConforms(Root.EMBED_CONTENT, "emptySingle", emptyOne);
    assertConforms(Root.BATCH_EMBED_CONTENTS, "emptyBatch", emptyBatch);
  }

  @Test
  void embeddingErrorsConformToTheProtos() {
    String url = server.baseUrl() + "/v1beta/models/" + EMBEDDER + ":embedContent";
    server.enqueue(Fault.rateLimited());

    HttpResponse<String> limited =
        client.post(url, "{\"content\":{\"parts\":[{\"text\":\"a\"}]}}", WireFormat.GEMINI);
    HttpResponse<String> refused = client.post(url, "{\"content\":\"a\"}", WireFormat.GEMINI);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertConforms(Root.ERROR, "embeddingRateLimited", TestClient.parse(limited.body()));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertConforms(Root.ERROR, "embeddingRefused", TestClient.parse(refused.body()));
  }

  private HttpResponse<String> arrayStream(ObjectNode body) {
    return client.post(
        server.baseUrl() + "/v1beta/models/" + MODEL + ":streamGenerateContent", body);
  }

  private static ObjectNode request(String question) {
    return TestClient.body(WireFormat.GEMINI, MODEL, question, false);
  }

  private static ObjectNode withTools() {
    ObjectNode body = request("Where is order A-17?");
    body.putArray("tools")
        .addObject()
        .putArray("functionDeclarations")
        .addObject()
        .put("name", "lookup_order");
    return body;
  }

  private static String text(JsonNode answer) {
    return answer.at("/candidates/0/content/parts/0/text").asText();
  }

  private static void assertConforms(Root root, String name, JsonNode body) {
    assertThat(GeminiResponseSchema.get().problems(root, body))
        .as("%s: %s as %s", name, body, root)
        .isEmpty();
  }
}
