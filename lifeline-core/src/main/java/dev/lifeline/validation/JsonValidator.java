package dev.lifeline.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Verdict;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails an answer that is not the JSON the request asked for; named {@value #NAME}.
 *
 * <p>Applies only when the request's {@link ResponseFormat} wants JSON; a text request always
 * passes.
 *
 * <ul>
 *   <li>{@link ResponseFormat.Type#JSON_OBJECT}: the text must be exactly one JSON object (not an
 *       array, not a string, nothing after it).
 *   <li>{@link ResponseFormat.Type#JSON_SCHEMA}: the text must be one JSON value valid against the
 *       schema (draft 2020-12 unless the schema's {@code $schema} says otherwise). The reason names
 *       the fields: "missing required field 'refund_id'; 'amount' must be a number (was string)".
 *       Compiled schemas are cached per schema text (bounded, least recently used out), and remote
 *       {@code $ref}s are refused, not fetched.
 * </ul>
 *
 * <p><b>Fenced JSON is accepted.</b> Models without a native JSON mode (and some with one) wrap the
 * JSON in a Markdown fence, {@code ```json ... ```}. Failing over for that would waste a call on a
 * usable answer, so the fence is tolerated and the JSON inside it is what gets checked. The
 * answer's text still holds the fence: read it with {@link #jsonText(String)}, which removes it.
 *
 * <p>Schema checks use {@code com.networknt:json-schema-validator}, an <em>optional</em> dependency
 * of lifeline-core. Without it on the class path a JSON_SCHEMA request fails validation with a
 * reason that names the artifact to add (and JSON_OBJECT checks still work); nothing throws {@code
 * NoClassDefFoundError}.
 *
 * <p>Immutable and thread-safe. An answer with no text but tool calls passes: the tool calls
 * answer.
 */
final class JsonValidator implements ResponseValidator {

  /** The validator's name in verdicts and traces. */
  public static final String NAME = "json";

  /** The optional artifact that checks schemas, as a user would add it to a build. */
  static final String SCHEMA_ARTIFACT = "com.networknt:json-schema-validator:1.5.9";

  static final String MISSING_LIBRARY =
      "cannot check the answer against the JSON schema: "
          + SCHEMA_ARTIFACT
          + " is not on the class path (it is an optional dependency of lifeline-core; add it to"
          + " your build)";

  private static final Logger LOG = LoggerFactory.getLogger(JsonValidator.class);

  /** Parses exactly one JSON value: trailing content ("{} {}", "{} and more") is an error. */
  private static final ObjectReader READER =
      new ObjectMapper()
          .readerFor(JsonNode.class)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Enough of the parser's message to locate the error without echoing the whole answer. */
  private static final int MAX_PARSER_MESSAGE = 160;

  /** The pass verdict, shared: verdicts are immutable. */
  private static final Verdict PASS = Verdict.pass(NAME);

  private static final JsonValidator DEFAULT = new JsonValidator(loadChecker());

  /** The schema checker, or null when the optional library is missing. */
  private final SchemaChecker checker;

  JsonValidator(SchemaChecker checker) {
    this.checker = checker;
  }

  /** The validator, sharing one schema cache per class loader. */
  public static JsonValidator create() {
    return DEFAULT;
  }

  /**
   * The JSON text of an answer: {@code answer} without surrounding blanks and without a Markdown
   * code fence ({@code ```json ... ```}) around it, ready for a JSON parser.
   */
  public static String jsonText(String answer) {
    return JsonText.unfenced(answer == null ? "" : answer);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict validate(ChatRequest request, ChatResponse response) {
    ResponseFormat format = request.responseFormat();
    if (!format.wantsJson()) {
      return PASS; // not asked for JSON: nothing to check
    }
    if (response.text().isBlank()) {
      return response.toolCalls().isEmpty()
          ? Verdict.fail(NAME, "no JSON: the answer is empty")
          : PASS;
    }
    String json = JsonText.unfenced(response.text());
    JsonNode value;
    try {
      value = READER.readTree(json);
    } catch (JsonProcessingException e) {
      return Verdict.fail(
          NAME, "not valid JSON" + where(e.getLocation()) + ": " + shorten(e.getOriginalMessage()));
    }
    if (value == null || value.isMissingNode()) {
      return Verdict.fail(NAME, "no JSON: the answer is empty");
    }
    if (format.type() == ResponseFormat.Type.JSON_OBJECT && !value.isObject()) {
      return Verdict.fail(NAME, "expected a JSON object, got " + kind(value));
    }
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      return checkSchema(format, value);
    }
    return PASS;
  }

  private Verdict checkSchema(ResponseFormat format, JsonNode value) {
    if (checker == null) {
      return Verdict.fail(NAME, MISSING_LIBRARY);
    }
    List<String> problems;
    try {
      problems = checker.problems(format.schemaJson(), value);
    } catch (IllegalArgumentException e) {
      // The request's schema is broken: say so plainly; no answer could pass it.
      return Verdict.fail(
          NAME,
          "the request's schema '" + format.schemaName() + "' is unusable: " + e.getMessage());
    }
    if (problems.isEmpty()) {
      return PASS;
    }
    return Verdict.fail(NAME, String.join("; ", problems));
  }

  /** The networknt-backed checker (a plain dependency of this module). */
  static SchemaChecker loadChecker() {
    return new NetworkntSchemaChecker();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String shorten(String message) {
    String oneLine = String.valueOf(message).replace('\n', ' ');
    return oneLine.length() <= MAX_PARSER_MESSAGE
        ? oneLine
        : oneLine.substring(0, MAX_PARSER_MESSAGE) + "…";
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return "JsonValidator[schemaChecks=" + (checker != null) + "]";
  }
}
