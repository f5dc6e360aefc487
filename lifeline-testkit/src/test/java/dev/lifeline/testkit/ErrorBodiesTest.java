package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The error bodies come from the corpus resource: every named error has one in every wire format,
 * with its source, and the server answers with exactly that body.
 */
class ErrorBodiesTest {

  /** Not provider JSON bodies: the CDN's HTML page, and "whatever the status usually gets". */
  private static final List<ErrorCase> NOT_IN_THE_RESOURCE =
      List.of(ErrorCase.BAD_GATEWAY, ErrorCase.BY_STATUS);

  // Started before the first test, reset between tests, stopped after the last.
  @RegisterExtension static final FakeFleetExtension FLEET = new FakeFleetExtension();
  private final TestClient client = new TestClient();

  static Stream<Arguments> everyCaseInEveryFormat() {
    List<Arguments> all = new ArrayList<>();
    for (WireFormat format : WireFormat.values()) {
      for (ErrorCase error : ErrorCase.values()) {
        if (!NOT_IN_THE_RESOURCE.contains(error)) {
          all.add(Arguments.of(format, error));
        }
      }
    }
    return all.stream();
  }

  private static Fault faultFor(ErrorCase error) {
    return error == ErrorCase.RATE_LIMITED
        ? Fault.rateLimited(Duration.ofMillis(1500))
        : new Fault.ProviderError(error, 0, null, Latency.none());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyCaseInEveryFormat")
  void everyNamedErrorHasACorpusBodyWithItsSource(WireFormat format, ErrorCase error) {
    ErrorBodies.Entry entry = ErrorBodies.find(format, error).orElseThrow();

    assertThat(entry.source()).as("source of %s %s", format, error).isNotBlank();
    assertThat(entry.status()).isBetween(400, 599);
    assertThat(entry.body().isObject()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyCaseInEveryFormat")
  void theServerAnswersWithTheResourcesBody(WireFormat format, ErrorCase error) {
    FakeLlmServer server = FLEET.fleet().server(format.name().toLowerCase(java.util.Locale.ROOT));
    server.reset().enqueue(faultFor(error));
    String model = TestClient.modelFor(format);

    HttpResponse<String> response = client.chat(server, model, "hello", false);

    ErrorBodies.Entry entry = ErrorBodies.of(format, error);
    JsonNode body = TestClient.parse(response.body());
    if (format == WireFormat.ANTHROPIC) {
      ((ObjectNode) body).remove("request_id"); // per request, added to the corpus body
    }
    ObjectNode expected =
        entry.render(
            Map.of(
                "model",
                model,
                "wait",
                "1.5s",
                "retryDelay",
                "1.500s",
                "promptTokens",
                promptTokens(body),
                "contextWindow",
                contextWindow(body)));
    assertThat(response.statusCode()).isEqualTo(entry.status());
    assertThat(body).isEqualTo(expected);
    assertThat(response.body()).doesNotContain("${");
  }

  @Test
  void corpusEntriesSayWhichCorpusEntryTheyCopy() {
    ErrorBodies.Entry overloaded = ErrorBodies.of(WireFormat.ANTHROPIC, ErrorCase.OVERLOADED);

    assertThat(overloaded.source()).startsWith("corpus errors.json #11");
    assertThat(overloaded.render(Map.of()).path("error").path("message").asText())
        .isEqualTo("Overloaded");
  }

  /** The numbers a context overflow message names depend on the prompt; read them back. */
  private static String promptTokens(JsonNode body) {
    return numberAfter(body, new String[] {"resulted in ", "too long: ", "token count ("});
  }

  private static String contextWindow(JsonNode body) {
    return numberAfter(body, new String[] {"context length is ", "tokens > ", "allowed ("});
  }

  private static String numberAfter(JsonNode body, String[] markers) {
    String message = body.path("error").path("message").asText();
    for (String marker : markers) {
      int at = message.indexOf(marker);
      if (at >= 0) {
        int start = at + marker.length();
        int end = start;
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
          end++;
        }
        return message.substring(start, end);
      }
    }
    return "unused";
  }
}
