package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The error faults every fake plays, for the official-SDK contract tests, and what one of them
 * looks like on the wire when a plain HTTP client asks.
 */
final class SdkFaults {

  private SdkFaults() {}

  /** Every scripted fault that answers with an error status, named. */
  static Stream<Arguments> errorFaults() {
    return Stream.of(
        Arguments.of("rateLimited", Fault.rateLimited()),
        Arguments.of("overloaded", Fault.overloaded()),
        Arguments.of("serverError", Fault.serverError()),
        Arguments.of("badGateway", Fault.badGateway()),
        Arguments.of("unauthorized", Fault.unauthorized()),
        Arguments.of("quotaExhausted", Fault.quotaExhausted()),
        Arguments.of("contextLengthExceeded", Fault.contextLengthExceeded()),
        Arguments.of("modelNotFound", Fault.modelNotFound()),
        Arguments.of("badRequest", Fault.badRequest()));
  }

  /** What {@code fault} answers to a plain chat call on {@code server}: status and body. */
  static HttpResponse<String> played(FakeLlmServer server, String model, Fault fault) {
    server.enqueue(fault);
    return new TestClient().chat(server, model, "hello", false);
  }

  /** The body of {@code response} as JSON, or null when it is not JSON (an HTML error page). */
  static JsonNode jsonOrNull(HttpResponse<String> response) {
    boolean json =
        response.headers().firstValue("content-type").orElse("").contains("application/json");
    return json ? TestClient.parse(response.body()) : null;
  }
}
