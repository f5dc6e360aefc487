package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.testkit.GeminiResponseSchema.Root;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GeminiResponseSchema} refuses what Google's printer would never write, so that {@link
 * GeminiAnswerConformanceTest} passing means something: each case breaks one field of a body the
 * schema accepts, and names the problem it must report.
 */
class GeminiResponseSchemaTest {

  private static final String ANSWER =
      """
      {"candidates":[{"content":{"parts":[{"text":"Refunded."}],"role":"model"},
        "finishReason":"STOP","index":0,
        "safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE",
          "blocked":false}]}],
       "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"totalTokenCount":15,
         "promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},
       "modelVersion":"gemini-2.5-flash","responseId":"abc"}""";

  private static final String ERROR =
      """
      {"error":{"code":429,"message":"You exceeded your current quota.",
        "status":"RESOURCE_EXHAUSTED",
        "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure",
          "violations":[{"quotaMetric":"m","quotaId":"q","quotaDimensions":{"model":"x"},
            "quotaValue":"10"}]},
          {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.120s"}]}}""";

  private final GeminiResponseSchema schema = GeminiResponseSchema.get();

  @Test
  void theUnbrokenBodiesConform() {
    assertThat(schema.problems(Root.GENERATE_CONTENT, TestClient.parse(ANSWER))).isEmpty();
    assertThat(schema.problems(Root.ERROR, TestClient.parse(ERROR))).isEmpty();
  }

  /** Each case: the body, the JSON pointer of the field to set, its new value, the problem. */
  static Stream<Arguments> brokenBodies() {
    return Stream.of(
        Arguments.of("unknown field", ANSWER, "/candidates/0/text", "\"hi\"", "has no field"),
        Arguments.of(
            "proto name instead of JSON name",
            ANSWER,
            "/usageMetadata/prompt_token_count",
            "12",
            "has no field \"prompt_token_count\""),
        Arguments.of(
            "enum value the enum lacks",
            ANSWER,
            "/candidates/0/finishReason",
            "\"DONE\"",
            "is no value of enum google.ai.generativelanguage.v1beta.Candidate.FinishReason"),
        Arguments.of(
            "enum name in lower case",
            ANSWER,
            "/candidates/0/finishReason",
            "\"stop\"",
            "is no value of enum"),
        Arguments.of(
            "enum as its number", ANSWER, "/candidates/0/finishReason", "1", "is no value of enum"),
        Arguments.of(
            "int32 as a string",
            ANSWER,
            "/usageMetadata/promptTokenCount",
            "\"12\"",
            "\"12\" is not the JSON of a int32"),
        Arguments.of(
            "int32 with a fraction",
            ANSWER,
            "/usageMetadata/totalTokenCount",
            "15.5",
            "is not the JSON of a int32"),
        Arguments.of(
            "int32 out of range",
            ANSWER,
            "/usageMetadata/totalTokenCount",
            "3000000000",
            "is not the JSON of a int32"),
        Arguments.of(
            "bool as a string",
            ANSWER,
            "/candidates/0/safetyRatings/0/blocked",
            "\"false\"",
            "is not the JSON of a bool"),
        Arguments.of(
            "repeated field as an object",
            ANSWER,
            "/candidates/0/safetyRatings",
            "{}",
            "a repeated field must be a JSON array"),
        Arguments.of(
            "message as a string",
            ANSWER,
            "/usageMetadata",
            "\"12 tokens\"",
            "must be a JSON object"),
        Arguments.of("null", ANSWER, "/modelVersion", "null", "null for a field of type string"),
        Arguments.of(
            "two members of a oneof",
            ANSWER,
            "/candidates/0/content/parts/0/functionCall",
            "{\"name\":\"lookup_order\"}",
            "more than one member of oneof data"),
        Arguments.of(
            "int64 as a number",
            ERROR,
            "/error/details/0/violations/0/quotaValue",
            "10",
            "10 is not the JSON of a int64"),
        Arguments.of(
            "int64 in exponent notation",
            ERROR,
            "/error/details/0/violations/0/quotaValue",
            "\"1e1\"",
            "is not the JSON of a int64"),
        Arguments.of(
            "code as a string", ERROR, "/error/code", "\"429\"", "is not the JSON of a int32"),
        Arguments.of(
            "status that is no google.rpc.Code",
            ERROR,
            "/error/status",
            "\"RATE_LIMITED\"",
            "is no value of enum google.rpc.Code"),
        Arguments.of(
            "duration in words",
            ERROR,
            "/error/details/1/retryDelay",
            "\"47 seconds\"",
            "is not the JSON of a google.protobuf.Duration"),
        Arguments.of(
            "duration as a number",
            ERROR,
            "/error/details/1/retryDelay",
            "47",
            "is not the JSON of a google.protobuf.Duration"),
        Arguments.of(
            "detail of an unknown type",
            ERROR,
            "/error/details/1/@type",
            "\"type.googleapis.com/google.rpc.RetryLater\"",
            "names no known message"),
        Arguments.of(
            "detail with a field its type lacks",
            ERROR,
            "/error/details/1/retryAfter",
            "\"1s\"",
            "google.rpc.RetryInfo has no field \"retryAfter\""),
        Arguments.of(
            "envelope with an extra field",
            ERROR,
            "/error/reason",
            "\"quota\"",
            "has no field \"reason\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenBodies")
  void aBrokenFieldIsReported(
      String name, String body, String pointer, String value, String problem) {
    JsonNode broken = TestClient.parse(body);
    int slash = pointer.lastIndexOf('/');
    ((ObjectNode) broken.at(pointer.substring(0, slash)))
        .set(pointer.substring(slash + 1), TestClient.parse(value));
    Root root = body.equals(ERROR) ? Root.ERROR : Root.GENERATE_CONTENT;

    assertThat(schema.problems(root, broken)).singleElement().asString().contains(problem);
  }

  @Test
  void aDetailWithoutTypeIsReported() {
    ObjectNode broken = (ObjectNode) TestClient.parse(ERROR);
    ((ObjectNode) broken.at("/error/details/1")).remove("@type");

    assertThat(schema.problems(Root.ERROR, broken))
        .singleElement()
        .asString()
        .contains("$.error.details[1]: @type missing names no known message");
  }

  @Test
  void anAnswerIsNotAnEmbedding() {
    assertThat(schema.problems(Root.EMBED_CONTENT, TestClient.parse(ANSWER)))
        .contains(
            "$: google.ai.generativelanguage.v1beta.EmbedContentResponse has no field"
                + " \"candidates\"");
  }
}
