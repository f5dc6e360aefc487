package dev.lifeline.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete, non-streamed response: status, headers in order, body. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

  HttpReply {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  static HttpReply of(int status, Map<String, String> headers, String body) {
    return new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }
}
