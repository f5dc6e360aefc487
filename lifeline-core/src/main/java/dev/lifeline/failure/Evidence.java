package dev.lifeline.failure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.internal.retry.RetryAfter;
import dev.lifeline.model.RawResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything the readers extracted from one HTTP answer, for the rows of the {@link RuleTable} to
 * ask about. Built once per answer by {@link #read}; never null fields except where noted.
 *
 * @param response the answer as received
 * @param status the status the failure stands for: the HTTP status, or the one an error on a 2xx
 *     implies ({@link ImpliedStatus#UNKNOWN} when it implies none), or the 5xx a CDN page names
 * @param answer whether this is a 2xx that carries no error envelope: an answer, which only the
 *     answer rows judge
 * @param top the body's top JSON object; null when the body is not JSON
 * @param providerCode the envelope's code, type or Google status; null when none
 * @param words what the provider said, lower-case and bounded, for {@link Wording}; empty for an
 *     answer
 * @param message the failure's message, scrubbed and cut; empty for an answer
 * @param html whether the body is an HTML page (a CDN's or proxy's)
 * @param google whether the envelope is Google's (it has a canonical status)
 * @param retryAfter the wait the provider asked for, from any header or the body; null when none
 */
record Evidence(
    RawResponse response,
    int status,
    boolean answer,
    JsonNode top,
    String providerCode,
    String words,
    String message,
    boolean html,
    boolean google,
    Duration retryAfter) {

  /** Reads {@code response} as if it arrived at {@code now}. */
  static Evidence read(RawResponse response, Instant now) {
    return read(response, LenientJson.parse(LenientJson.stripLeading(response.body())), now);
  }

  /**
   * Reads {@code response}, whose body {@code root} is as {@link LenientJson#parse} reads it, as if
   * it arrived at {@code now}.
   */
  static Evidence read(RawResponse response, JsonNode root, Instant now) {
    String body = LenientJson.stripLeading(response.body());
    ErrorEnvelope envelope = root == null ? null : ErrorEnvelope.read(root);
    JsonNode top = LenientJson.top(root);
    int status = response.status();
    if (response.isSuccessful() && (envelope == null || !envelope.isFailure())) {
      return new Evidence(response, status, true, top, null, "", "", false, false, null);
    }

    String message;
    String wording;
    boolean html = false;
    int effectiveStatus = status;
    if (envelope != null && (envelope.isFailure() || envelope.message() != null)) {
      message = envelope.message() != null ? envelope.message() : ProviderText.summary(body);
      wording = envelope.wording();
      if (response.isSuccessful()) {
        // A 200 carrying an error (OpenRouter, a mid-stream error event): the envelope says what it
        // was.
        effectiveStatus = envelope.impliedStatus();
      }
    } else if (HtmlPage.isHtml(response, body)) {
      html = true;
      HtmlPage page = HtmlPage.read(body);
      message = page.message();
      wording = page.wording();
      effectiveStatus = page.status(status);
    } else if (body.isBlank()) {
      message = "HTTP " + status + " with an empty body";
      wording = "";
    } else {
      message = ProviderText.summary(body);
      wording = body;
    }
    String words =
        ProviderText.words(wording + " " + response.header("x-amzn-errortype").orElse(""));
    return new Evidence(
        response,
        effectiveStatus,
        false,
        top,
        envelope == null ? null : envelope.providerCode(),
        words,
        ProviderText.message(message),
        html,
        envelope != null && envelope.googleStatus() != null,
        RetryAfter.fromResponse(response, now).orElse(null));
  }

  /** Whether the status is one of {@code statuses}. */
  boolean statusIs(int... statuses) {
    for (int candidate : statuses) {
      if (status == candidate) {
        return true;
      }
    }
    return false;
  }

  /** Whether the status is a 4xx. */
  boolean clientError() {
    return status >= 400 && status <= 499;
  }

  /** Whether the status is a 5xx. */
  boolean serverError() {
    return status >= 500 && status <= 599;
  }

  /** Whether this is an error on a 2xx whose envelope implies no status: wording alone decides. */
  boolean unknownStatus() {
    return status == ImpliedStatus.UNKNOWN;
  }

  /** Whether the provider's words say {@code wording}. */
  boolean says(Wording wording) {
    return wording.in(words);
  }

  /** The provider's code, lower-case; empty when none. */
  String code() {
    return providerCode == null ? "" : providerCode.toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the error names a model or a deployment (a 404 that does not is a wrong endpoint). */
  boolean namesModel() {
    String text = message.toLowerCase(java.util.Locale.ROOT) + " " + code();
    return text.contains("model") || text.contains("deployment");
  }

  /** Whether the error carries OpenRouter's moderation metadata (reasons, the flagged input). */
  boolean moderationFlagged() {
    JsonNode metadata = top == null ? null : top.path("error").path("metadata");
    return metadata != null && (metadata.has("reasons") || metadata.has("flagged_input"));
  }
}
