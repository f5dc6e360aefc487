package dev.lifeline.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP answer as the classifier sees it: status, headers and body text.
 *
 * <p>Header names are kept lower-case, so look-ups ignore case. The body may be cut off by the
 * transport's size limit; it is never null.
 *
 * @param status the HTTP status code
 * @param headers every header, by lower-case name
 * @param body the body as text, possibly empty
 */
public record RawResponse(int status, Map<String, List<String>> headers, String body) {

  /** Lower-cases header names, copies the values, and defaults an absent body to empty. */
  public RawResponse {
    TreeMap<String, List<String>> normalized = new TreeMap<>();
    if (headers != null) {
      headers.forEach(
          (name, values) -> {
            if (name != null && values != null) {
              // Most names arrive once: copy their values straight, join only the repeated ones.
              normalized.merge(
                  name.toLowerCase(Locale.ROOT), List.copyOf(values), RawResponse::joined);
            }
          });
    }
    headers = java.util.Collections.unmodifiableMap(normalized);
    body = body == null ? "" : body;
  }

  private static List<String> joined(List<String> first, List<String> second) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  /** An answer with single-valued headers. */
  public static RawResponse of(int status, Map<String, String> headers, String body) {
    TreeMap<String, List<String>> multi = new TreeMap<>();
    Objects.requireNonNull(headers, "headers")
        .forEach((name, value) -> multi.put(name, List.of(value)));
    return new RawResponse(status, multi, body);
  }

  /** The first value of header {@code name}, ignoring case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }
}
