package dev.lifeline.failure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * What an error envelope says, whichever provider's shape it has: OpenAI/Azure/OpenRouter {@code
 * {"error":{"message","type","code"}}}, Anthropic {@code {"type":"error","error":{"type",
 * "message"}}}, Google {@code {"error":{"code","message","status","details"}}} (also inside a
 * one-element array), Ollama {@code {"error":"..."}}, Mistral {@code {"message":...}} or {@code
 * {"object":"error",...}}, FastAPI {@code {"detail":...}}.
 *
 * <p>Built once per body by {@link #read} and not changed after.
 */
final class ErrorEnvelope {

  private static final Pattern GOOGLE_STATUS = Pattern.compile("[A-Z][A-Z_]{1,40}");
  private static final Pattern NUMERIC = Pattern.compile("\\d{1,9}");

  /** Whether the body is unmistakably an error (so a 2xx carrying it is a failure). */
  private boolean failure;

  private String message;
  private String code;
  private boolean numericCode;
  private String type;
  private String googleStatus;
  private final StringBuilder extra = new StringBuilder();

  private ErrorEnvelope() {}

  /** The envelope in {@code root}, or null when the JSON is not an error envelope at all. */
  static ErrorEnvelope read(JsonNode root) {
    JsonNode top = LenientJson.top(root);
    if (top == null || !top.isObject()) {
      return null;
    }
    ErrorEnvelope envelope = new ErrorEnvelope();
    JsonNode error = top.get("error");
    if (error != null && error.isObject()) {
      envelope.failure = !hasAnswer(top);
      envelope.message = text(error.get("message"));
      envelope.setCode(error.get("code"));
      envelope.type = text(error.get("type"));
      envelope.googleStatus = googleStatus(error.get("status"));
      envelope.readDetails(error.get("details"));
      envelope.addExtra(text(error.path("innererror").get("code")));
      envelope.addExtra(text(error.path("error").get("code")));
      JsonNode metadata = error.path("metadata");
      envelope.addExtra(text(metadata.get("raw")));
      envelope.addExtra(text(metadata.get("provider_name")));
    } else if (error != null && error.isTextual() && !error.asText().isBlank()) {
      envelope.failure = !hasAnswer(top);
      envelope.message = error.asText();
    } else {
      envelope.failure =
          "error".equals(text(top.get("object"))) || "error".equals(text(top.get("type")));
      envelope.message = text(top.get("message"));
      if (envelope.message == null) {
        envelope.message = text(top.get("detail"));
      }
      envelope.setCode(top.get("code"));
      String type = text(top.get("type"));
      envelope.type = "error".equals(type) ? null : type;
    }
    if (envelope.message == null
        && envelope.code == null
        && envelope.type == null
        && !envelope.failure) {
      return null;
    }
    return envelope;
  }

  /** Whether the body is unmistakably an error, so a 2xx carrying it is a failure. */
  boolean isFailure() {
    return failure;
  }

  /** The provider's sentence, or null. */
  String message() {
    return message;
  }

  /** Google's canonical status ("RESOURCE_EXHAUSTED"), or null: the body is Google's. */
  String googleStatus() {
    return googleStatus;
  }

  /** Everything worth matching wording against, bounded. */
  String wording() {
    StringBuilder all = new StringBuilder();
    for (String part : new String[] {message, code, type, googleStatus}) {
      if (part != null) {
        all.append(' ').append(ProviderText.head(part));
      }
    }
    return all.append(extra).toString();
  }

  /** The provider's code: Google's status, else a symbolic code, else the type, else a number. */
  String providerCode() {
    String chosen;
    if (googleStatus != null) {
      chosen = googleStatus;
    } else if (code != null && !numericCode) {
      chosen = code;
    } else if (type != null) {
      chosen = type;
    } else {
      chosen = code;
    }
    return chosen == null ? null : ProviderText.summary(chosen);
  }

  /**
   * The status a 2xx-borne error would have had: a numeric code that is an HTTP status
   * (OpenRouter), Google's status, or the Anthropic type / OpenAI code's documented status; {@link
   * ImpliedStatus#UNKNOWN} when none says.
   */
  int impliedStatus() {
    if (numericCode) {
      int number = Integer.parseInt(code);
      if (number >= 400 && number <= 599) {
        return number;
      }
    }
    for (String name : new String[] {googleStatus, type, code}) {
      int status = ImpliedStatus.of(name);
      if (status != ImpliedStatus.UNKNOWN) {
        return status;
      }
    }
    return ImpliedStatus.UNKNOWN;
  }

  /** An OpenRouter stream error keeps its choices, with finish_reason "error". */
  private static boolean hasAnswer(JsonNode top) {
    JsonNode choices = top.path("choices");
    if (!choices.isArray() || choices.size() == 0) {
      return false;
    }
    for (JsonNode choice : choices) {
      if ("error".equals(choice.path("finish_reason").asText(null))) {
        return false;
      }
    }
    return true;
  }

  private void setCode(JsonNode node) {
    code = text(node);
    numericCode = code != null && NUMERIC.matcher(code).matches();
  }

  /** Google's typed details: the daily-quota ids, the error reason, and any nested error code. */
  private void readDetails(JsonNode details) {
    if (details == null) {
      return;
    }
    if (details.isObject()) {
      addExtra(text(details.get("error_code"))); // Anthropic: enforced_spend_limit_reached
      return;
    }
    for (JsonNode detail : details) {
      addExtra(text(detail.get("reason"))); // ErrorInfo: API_KEY_INVALID
      for (JsonNode violation : detail.path("violations")) {
        addExtra(text(violation.get("quotaId"))); // QuotaFailure: ...PerDay...
        addExtra(text(violation.get("quotaMetric")));
      }
    }
  }

  private void addExtra(String value) {
    if (value != null && extra.length() < ProviderText.MAX_WORDING_CHARS) {
      extra.append(' ').append(value);
    }
  }

  /** Google's canonical status ("RESOURCE_EXHAUSTED"); Azure puts a numeric "status" there too. */
  private static String googleStatus(JsonNode node) {
    String value = node != null && node.isTextual() ? node.asText().trim() : "";
    return GOOGLE_STATUS.matcher(value).matches() ? value : null;
  }

  /** A value's text (null when absent or blank); a nested object's JSON, bounded. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isValueNode()) {
      String value = node.asText();
      return value.isBlank() ? null : value;
    }
    return ProviderText.head(node.toString());
  }
}
