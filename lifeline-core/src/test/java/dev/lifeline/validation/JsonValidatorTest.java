package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValidatorTest {

  static final String REFUND_SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "refund_id": {"type": "string"},
          "amount": {"type": "number"},
          "status": {"enum": ["approved", "rejected"]},
          "customer": {
            "type": "object",
            "properties": {"email": {"type": "string"}},
            "required": ["email"]
          },
          "items": {
            "type": "array",
            "items": {"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"]}
          }
        },
        "required": ["refund_id", "amount"],
        "additionalProperties": false
      }
      """;

  private final JsonValidator validator = JsonValidator.create();
  private final ResponseFormat refund = ResponseFormat.jsonSchema("refund", REFUND_SCHEMA);

  static ChatRequest asking(ResponseFormat format) {
    return ChatRequest.builder().user("Process this refund").responseFormat(format).build();
  }

  static ChatResponse answer(String text) {
    return ChatResponse.builder().text(text).build();
  }

  private Verdict judge(ResponseFormat format, String text) {
    return validator.validate(asking(format), answer(text));
  }

  @Test
  void aTextRequestIsNotItsBusiness() {
    assertThat(judge(ResponseFormat.text(), "not json at all {")).isEqualTo(Verdict.pass("json"));
  }

  // JSON_OBJECT ("JSON mode")

  @Test
  void passesOneObject() {
    assertThat(judge(ResponseFormat.json(), " {\"refund_id\": \"r-1\"}\n").passed()).isTrue();
  }

  @Test
  void failsProseNamingWhereItBroke() {
    Verdict verdict = judge(ResponseFormat.json(), "Sure! Here is the JSON you asked for.");

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).startsWith("not valid JSON at line 1, column");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2]", "\"a string\"", "42", "null", "true"})
  void failsAValueThatIsNotAnObject(String text) {
    Verdict verdict = judge(ResponseFormat.json(), text);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).startsWith("expected a JSON object, got ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "{\"a\": 1} and that's all", "{\"a\": 1}}"})
  void failsTrailingContent(String text) {
    assertThat(judge(ResponseFormat.json(), text).passed()).isFalse();
  }

  @Test
  void failsAnEmptyAnswer() {
    assertThat(judge(ResponseFormat.json(), "  ").reason())
        .isEqualTo("no JSON: the answer is empty");
  }

  @Test
  void passesAnAnswerThatIsOnlyToolCalls() {
    ChatResponse calls =
        ChatResponse.builder().toolCall(new ToolCall("c1", "refund", "{}")).build();

    assertThat(validator.validate(asking(ResponseFormat.json()), calls).passed()).isTrue();
  }

  @Test
  void acceptsJsonInAMarkdownFenceAndJsonTextRemovesTheFence() {
    String fenced = "```json\n{\"refund_id\": \"r-1\", \"amount\": 5}\n```";

    assertThat(judge(ResponseFormat.json(), fenced).passed()).isTrue();
    assertThat(judge(ResponseFormat.json(), "```\n{\"a\": 1}\n```").passed()).isTrue();
    assertThat(JsonValidator.jsonText(fenced)).isEqualTo("{\"refund_id\": \"r-1\", \"amount\": 5}");
  }

  @Test
  void doesNotAcceptAFenceOfAnotherLanguageOrTextAroundTheFence() {
    assertThat(judge(ResponseFormat.json(), "```python\n{\"a\": 1}\n```").passed()).isFalse();
    assertThat(judge(ResponseFormat.json(), "Here you go:\n```json\n{\"a\": 1}\n```").passed())
        .isFalse();
  }

  // JSON_SCHEMA ("structured outputs")

  @Test
  void passesAConformingAnswer() {
    String ok =
        "{\"refund_id\": \"r-1\", \"amount\": 12.5, \"status\": \"approved\","
            + " \"customer\": {\"email\": \"a@b.c\"}, \"items\": [{\"sku\": \"X\"}]}";

    assertThat(judge(refund, ok).passed()).isTrue();
  }

  @Test
  void namesTheMissingAndTheMistypedFields() {
    Verdict verdict = judge(refund, "{\"amount\": \"12.50\"}");

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .isEqualTo("missing required field 'refund_id'; 'amount' must be a number (was string)");
  }

  @Test
  void namesNestedFieldsWithTheirPath() {
    Verdict verdict =
        judge(
            refund,
            "{\"refund_id\": \"r\", \"amount\": 1, \"customer\": {}, \"items\": [{\"sku\": 1},"
                + " {}]}");

    assertThat(verdict.reason())
        .contains("missing required field 'customer.email'")
        .contains("'items[0].sku' must be a string (was integer)")
        .contains("missing required field 'items[1].sku'");
  }

  @Test
  void namesUnexpectedFieldsAndEnumViolations() {
    Verdict verdict =
        judge(refund, "{\"refund_id\": \"r\", \"amount\": 1, \"status\": \"maybe\", \"note\": 1}");

    assertThat(verdict.reason())
        .contains("unexpected field 'note'")
        .contains("'status' must be one of");
  }

  @Test
  void saysWhenTheWholeAnswerHasTheWrongType() {
    assertThat(judge(refund, "[]").reason()).isEqualTo("the answer must be an object (was array)");
  }

  @Test
  void failsInvalidJsonBeforeLookingAtTheSchema() {
    assertThat(judge(refund, "{\"refund_id\": ").reason()).startsWith("not valid JSON");
  }

  @Test
  void anUnusableSchemaIsAFailureWithAReasonNotAnException() {
    ResponseFormat broken = ResponseFormat.jsonSchema("broken", "{\"type\": ");

    Verdict verdict = judge(broken, "{}");

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).startsWith("the request's schema 'broken' is unusable");
  }

  @Test
  void neverFetchesARemoteRef() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          byte[] body = "{\"type\": \"string\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/s.json";
      ResponseFormat remote = ResponseFormat.jsonSchema("remote", "{\"$ref\": \"" + url + "\"}");

      Verdict verdict = judge(remote, "{}");

      assertThat(verdict.passed()).isFalse();
      assertThat(verdict.reason()).contains("remote $ref");
      assertThat(hits).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void schemasAreCachedUpToABound() {
    NetworkntSchemaChecker checker = new NetworkntSchemaChecker();
    JsonValidator own = new JsonValidator(checker);
    for (int i = 0; i < NetworkntSchemaChecker.CACHE_SIZE + 20; i++) {
      String schema = "{\"type\": \"object\", \"required\": [\"f" + i + "\"]}";
      own.validate(asking(ResponseFormat.jsonSchema("s", schema)), answer("{}"));
    }
    own.validate(asking(refund), answer("{}"));
    own.validate(asking(refund), answer("{}"));

    assertThat(checker.cachedSchemas()).isEqualTo(NetworkntSchemaChecker.CACHE_SIZE);
  }

  @Test
  void isSafeToShareAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        boolean good = i % 2 == 0;
        tasks.add(
            () ->
                judge(
                        refund,
                        good ? "{\"refund_id\": \"r\", \"amount\": 1}" : "{\"amount\": \"x\"}")
                    .reason());
      }
      List<Future<String>> results = pool.invokeAll(tasks);
      for (int i = 0; i < results.size(); i++) {
        String expected =
            i % 2 == 0
                ? ""
                : "missing required field 'refund_id'; 'amount' must be a number (was string)";
        assertThat(results.get(i).get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withoutTheSchemaLibraryFailsNamingTheArtifact() {
    JsonValidator withoutLibrary = new JsonValidator(null);

    Verdict verdict =
        withoutLibrary.validate(asking(refund), answer("{\"refund_id\": \"r\", \"amount\": 1}"));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .contains("com.networknt:json-schema-validator")
        .contains("optional dependency");
    // JSON mode needs no library.
    assertThat(withoutLibrary.validate(asking(ResponseFormat.json()), answer("{}")).passed())
        .isTrue();
  }
}
