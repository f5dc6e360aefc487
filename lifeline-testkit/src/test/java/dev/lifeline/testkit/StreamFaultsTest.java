package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Broken streams: cut, stalled, failing mid-way, slow; in each wire format. */
class StreamFaultsTest {

  private static final String QUESTION = "Process this customer refund request";
  // Started before the first test, reset between tests, stopped after the last.
  @RegisterExtension static final FakeFleetExtension FLEET = new FakeFleetExtension();
  private final TestClient client = new TestClient();

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void cutStreamEndsCleanlyWithoutTheTerminator(WireFormat format) {
    FakeLlmServer server = serverFor(format);
    server.enqueue(Fault.cutStream(2));

    HttpResponse<String> response =
        client.chat(server, TestClient.modelFor(format), QUESTION, true);

    assertThat(response.statusCode()).isEqualTo(200);
    List<TestClient.Event> events = TestClient.events(response.body());
    assertThat(answerChunks(format, events)).isEqualTo(2);
    assertThat(terminated(format, events)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void cutStreamPastTheAnswerStillDropsTheTerminator(WireFormat format) {
    FakeLlmServer server = serverFor(format);
    server.enqueue(Fault.cutStream(1000));

    List<TestClient.Event> events =
        TestClient.events(client.chat(server, TestClient.modelFor(format), QUESTION, true).body());

    assertThat(terminated(format, events)).isFalse();
    assertThat(events).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void completeStreamsAreTerminated(WireFormat format) {
    List<TestClient.Event> events =
        TestClient.events(
            client.chat(serverFor(format), TestClient.modelFor(format), QUESTION, true).body());

    assertThat(terminated(format, events)).isTrue();
    assertThat(answerChunks(format, events))
        .isEqualTo(Completion.split("Answer to: " + QUESTION).size());
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void midStreamErrorFollowsTheAnswerChunks(WireFormat format) {
    FakeLlmServer server = serverFor(format);
    server.enqueue(Fault.midStreamError(1));

    HttpResponse<String> response =
        client.chat(server, TestClient.modelFor(format), QUESTION, true);

    assertThat(response.statusCode()).isEqualTo(200);
    List<TestClient.Event> events = TestClient.events(response.body());
    assertThat(answerChunks(format, events)).isEqualTo(1);
    switch (format) {
      case OPENAI:
        {
          TestClient.Event error = events.get(events.size() - 2);
          assertThat(error.data()).startsWith("{\"error\":");
          assertThat(error.json().has("choices")).isFalse();
          assertThat(error.json().path("error").path("type").asText()).isEqualTo("server_error");
          assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
          break;
        }
      case ANTHROPIC:
        {
          TestClient.Event error = events.get(events.size() - 1);
          assertThat(error.name()).isEqualTo("error");
          assertThat(error.json().path("error").path("type").asText())
              .isEqualTo("overloaded_error");
          assertThat(events.stream().map(TestClient.Event::name).toList())
              .containsExactly(
                  "message_start", "content_block_start", "ping", "content_block_delta", "error");
          break;
        }
      default:
        {
          TestClient.Event error = events.get(events.size() - 1);
          assertThat(error.data()).startsWith("{\"error\":");
          assertThat(error.json().path("error").path("code").asInt()).isEqualTo(503);
        }
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void stallStreamGoesSilentUntilReleased(WireFormat format) throws Exception {
    FakeLlmServer server = serverFor(format);
    server.enqueue(Fault.stallStream(1));
    String model = TestClient.modelFor(format);
    CompletableFuture<HttpResponse<InputStream>> call =
        client.postStreaming(
            TestClient.url(server, model, true), TestClient.body(format, model, QUESTION, true));
    InputStream body = call.get(3, TimeUnit.SECONDS).body();
    StringBuffer received = new StringBuffer();
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              byte[] buffer = new byte[1024];
              try {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                  received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
                return null;
              } catch (IOException e) {
                return e;
              }
            });

    awaitAnswerChunks(format, received, 1);
    Thread.sleep(200);
    assertThat(reader).isNotDone();
    assertThat(answerChunks(format, TestClient.events(received.toString()))).isEqualTo(1);
    server.reset();

    assertThat(reader.get(3, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void slowStreamIsCompleteButSlow(WireFormat format) {
    FakeLlmServer server = serverFor(format);
    server.script().answerText("Two words");
    server.enqueue(Fault.slowStream(Duration.ofMillis(40)));

    long started = System.nanoTime();
    List<TestClient.Event> events =
        TestClient.events(client.chat(server, TestClient.modelFor(format), QUESTION, true).body());
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(terminated(format, events)).isTrue();
    assertThat(millis).isGreaterThanOrEqualTo(40L * events.size());
  }

  @Test
  void streamFaultsOnPlainRequests() {
    FakeLlmServer openai = FLEET.fleet().server("openai");
    openai.enqueue(
        Fault.slowStream(Duration.ofMillis(10)), Fault.midStreamError(2), Fault.cutStream(1));

    assertThat(client.chat(openai, "gpt-4o", QUESTION, false).statusCode()).isEqualTo(200);
    assertThat(client.chat(openai, "gpt-4o", QUESTION, false).statusCode()).isEqualTo(503);
    assertThatThrownBy(
            () ->
                client.postRaw(
                    openai.chatUrl("gpt-4o"),
                    TestClient.body(WireFormat.OPENAI, "gpt-4o", QUESTION, false)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void streamedRefusalAndTruncationEndWithTheirReasons() {
    FakeLlmServer anthropic = FLEET.fleet().server("anthropic");
    FakeLlmServer gemini = FLEET.fleet().server("gemini");
    anthropic.enqueue(Fault.truncated());
    gemini.enqueue(Fault.truncated());

    List<TestClient.Event> claude =
        TestClient.events(
            client.chat(anthropic, "claude-sonnet-4-20250514", QUESTION, true).body());
    List<TestClient.Event> google =
        TestClient.events(client.chat(gemini, "gemini-2.0-flash", QUESTION, true).body());

    assertThat(claude.get(claude.size() - 2).json().path("delta").path("stop_reason").asText())
        .isEqualTo("max_tokens");
    assertThat(
            google
                .get(google.size() - 1)
                .json()
                .path("candidates")
                .path(0)
                .path("finishReason")
                .asText())
        .isEqualTo("MAX_TOKENS");
  }

  /** Events that carry part of the answer. */
  static int answerChunks(WireFormat format, List<TestClient.Event> events) {
    int count = 0;
    for (TestClient.Event event : events) {
      JsonNode json = Json.parseOrNull(event.data());
      if (json == null) {
        continue;
      }
      switch (format) {
        case OPENAI:
          if (json.path("choices").path(0).path("delta").has("content")
              && !json.path("choices").path(0).path("delta").has("role")) {
            count++;
          }
          break;
        case ANTHROPIC:
          if ("content_block_delta".equals(event.name())) {
            count++;
          }
          break;
        default:
          if (json.path("candidates").path(0).path("content").has("parts")) {
            count++;
          }
      }
    }
    return count;
  }

  /** Whether the stream ended as the provider ends a complete stream. */
  static boolean terminated(WireFormat format, List<TestClient.Event> events) {
    if (events.isEmpty()) {
      return false;
    }
    TestClient.Event last = events.get(events.size() - 1);
    switch (format) {
      case OPENAI:
        return last.data().equals("[DONE]")
            && events.stream()
                .anyMatch(event -> event.data().contains("\"finish_reason\":\"stop\""));
      case ANTHROPIC:
        return "message_stop".equals(last.name());
      default:
        return last.json().path("candidates").path(0).has("finishReason");
    }
  }

  private static void awaitAnswerChunks(WireFormat format, StringBuffer received, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (answerChunks(format, TestClient.events(received.toString())) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no answer chunk arrived: " + received);
      }
      Thread.sleep(5);
    }
  }

  private static FakeLlmServer serverFor(WireFormat format) {
    return FLEET.fleet().servers().stream()
        .filter(server -> server.wireFormat() == format)
        .findFirst()
        .orElseThrow();
  }
}
