package dev.lifeline.bench;

import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * The bare client the HTTP benchmarks hold Lifeline against: the JDK's {@link HttpClient} on
 * HTTP/1.1, following no redirects (as Lifeline's), replaying the very bytes Lifeline sent.
 */
final class BareClient {
  private BareClient() {}

  /** A client as plain as Lifeline's transport: HTTP/1.1, no redirects. */
  static HttpClient http11() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * {@code sent} (a request Lifeline made to {@code server}) again, to the chat URL of {@code
   * model}, with its body, content type and authorization, asking for {@code accept}.
   */
  static HttpRequest replay(
      FakeLlmServer server, String model, RecordedRequest sent, String accept) {
    return HttpRequest.newBuilder(URI.create(server.chatUrl(model)))
        .POST(HttpRequest.BodyPublishers.ofString(sent.body()))
        .header("Content-Type", sent.header("content-type").orElseThrow())
        .header("Accept", accept)
        .header("Authorization", sent.header("authorization").orElseThrow())
        .build();
  }
}
