package dev.lifeline.failure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP status a provider's error name stands for, when the error came on a 2xx (a mid-stream
 * error event, OpenRouter's 200 with an error): Google's canonical codes, Anthropic's error types
 * and OpenAI's codes, each with the status its documentation gives it.
 */
final class ImpliedStatus {

  /** The status of a 2xx-borne error whose envelope names none; not a value HTTP can carry. */
  static final int UNKNOWN = Integer.MIN_VALUE;

  private static final Map<String, Integer> BY_NAME = byName();

  private ImpliedStatus() {}

  /** The status {@code name} implies, or {@link #UNKNOWN}. */
  static int of(String name) {
    Integer status = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    return status == null ? UNKNOWN : status;
  }

  private static Map<String, Integer> byName() {
    Map<String, Integer> map = new LinkedHashMap<>();
    // Google canonical codes.
    map.put("invalid_argument", 400);
    map.put("failed_precondition", 400);
    map.put("out_of_range", 400);
    map.put("unauthenticated", 401);
    map.put("permission_denied", 403);
    map.put("not_found", 404);
    map.put("aborted", 409);
    map.put("already_exists", 409);
    map.put("resource_exhausted", 429);
    map.put("internal", 500);
    map.put("unknown", 500);
    map.put("data_loss", 500);
    map.put("unimplemented", 501);
    map.put("unavailable", 503);
    map.put("deadline_exceeded", 504);
    // Anthropic error types, with the statuses its documentation gives them.
    map.put("invalid_request_error", 400);
    map.put("authentication_error", 401);
    map.put("billing_error", 402);
    map.put("permission_error", 403);
    map.put("not_found_error", 404);
    map.put("request_too_large", 413);
    map.put("rate_limit_error", 429);
    map.put("api_error", 500);
    map.put("timeout_error", 504);
    map.put("overloaded_error", 529);
    // OpenAI codes seen in stream error events and Responses API failures.
    map.put("rate_limit_exceeded", 429);
    map.put("insufficient_quota", 429);
    map.put("context_length_exceeded", 400);
    map.put("invalid_api_key", 401);
    map.put("model_not_found", 404);
    map.put("server_error", 500);
    map.put("server_is_overloaded", 503);
    map.put("slow_down", 503);
    map.put("content_filter", 400);
    return Map.copyOf(map);
  }
}
