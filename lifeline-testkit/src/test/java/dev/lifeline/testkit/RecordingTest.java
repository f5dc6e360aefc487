package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.time.VirtualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What servers record, and fleets: lookup, ordering across servers, keys per host. */
class RecordingTest {

  private final TestClient client = new TestClient();

  @Test
  void recordsEveryRequestAsReceived() {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T12:00:00Z"));
    try (FakeLlmServer server =
        FakeLlmServer.builder(WireFormat.GEMINI).name("google").ticker(clock).build().start()) {
      server.enqueue(Fault.serverError());
      client.chat(server, "gemini-2.0-flash", "first", true);
      clock.advance(Duration.ofSeconds(5));
      client.chat(server, "gemini-2.5-pro", "second", false);

      List<RecordedRequest> requests = server.requests();
      assertThat(requests).hasSize(2);
      RecordedRequest first = requests.get(0);
      assertThat(first.sequence()).isEqualTo(1);
      assertThat(first.server()).isEqualTo("google");
      assertThat(first.receivedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
      assertThat(first.method()).isEqualTo("POST");
      assertThat(first.path())
          .isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
      assertThat(first.model()).isEqualTo("gemini-2.0-flash");
      assertThat(first.isStream()).isTrue();
      assertThat(first.header("X-Goog-Api-Key")).hasValue("AIza-test-gemini");
      assertThat(first.headers()).containsKey("content-type");
      assertThat(
              first
                  .json()
                  .orElseThrow()
                  .path("contents")
                  .path(0)
                  .path("parts")
                  .path(0)
                  .path("text")
                  .asText())
          .isEqualTo("first");
      RecordedRequest second = requests.get(1);
      assertThat(second.sequence()).isEqualTo(2);
      assertThat(second.receivedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:05Z"));
      assertThat(second.isStream()).isFalse();
      assertThat(server.requestsFor("gemini-2.5-pro")).containsExactly(second);
      assertThat(server.requestCount()).isEqualTo(2);

      server.clear();
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void readsTheApiKeyFromEachFormatsPlace() {
    Map<String, List<String>> none = Map.of();
    assertThat(
            recorded("/v1/chat/completions", Map.of("authorization", List.of("Bearer sk-1")))
                .apiKey())
        .hasValue("sk-1");
    assertThat(recorded("/v1/messages", Map.of("x-api-key", List.of("sk-ant-2"))).apiKey())
        .hasValue("sk-ant-2");
    assertThat(
            recorded("/v1beta/models/m:generateContent", Map.of("x-goog-api-key", List.of("AIza3")))
                .apiKey())
        .hasValue("AIza3");
    assertThat(recorded("/v1beta/models/m:generateContent?alt=sse&key=AIza%2B4", none).apiKey())
        .hasValue("AIza+4");
    assertThat(recorded("/v1/messages", none).apiKey()).isEmpty();
  }

  @Test
  void recordsUnparseableAndUnknownRequestsToo() {
    try (FakeLlmServer server = FakeLlmServer.start(WireFormat.ANTHROPIC)) {
      HttpResponse<String> garbage =
          client.post(server.chatUrl("m"), "{\"model\": \"claude-x\", oops", WireFormat.ANTHROPIC);
      client.post(
          server.baseUrl() + "/v1/complete", "{\"model\": \"claude-2\"}", WireFormat.ANTHROPIC);

      assertThat(garbage.statusCode()).isEqualTo(400);
      assertThat(TestClient.parse(garbage.body()).path("error").path("type").asText())
          .isEqualTo("invalid_request_error");
      assertThat(server.requests())
          .extracting(RecordedRequest::path)
          .containsExactly("/v1/messages", "/v1/complete");
      assertThat(server.requests().get(0).model()).isNull();
      assertThat(server.requests().get(1).model()).isEqualTo("claude-2");
    }
  }

  @Test
  void aRequiredKeyRefusesOtherKeysBeforeAnyScriptPlays() {
    try (FakeLlmServer server =
        FakeLlmServer.builder(WireFormat.OPENAI).requireApiKey("sk-test-openai").build().start()) {
      server.enqueue(Fault.serverError());
      HttpResponse<String> wrongKey =
          client.post(
              server.chatUrl("gpt-4o"),
              TestClient.write(TestClient.body(WireFormat.OPENAI, "gpt-4o", "hi", false)),
              WireFormat.ANTHROPIC);

      assertThat(wrongKey.statusCode()).isEqualTo(401);
      assertThat(server.script().pending()).isEqualTo(1);
      assertThat(client.chat(server, "gpt-4o", "hi", false).statusCode()).isEqualTo(500);
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void aFleetOrdersRequestsAcrossServersAndShowsWhichKeyReachedWhichHost() {
    try (FakeFleet fleet =
        FakeFleet.builder().openAi("primary").anthropic("backup").build().start()) {
      fleet.server("primary").always(Fault.overloaded());

      client.chat(fleet.server("primary"), "gpt-4o", "hi", false);
      client.chat(fleet.server("backup"), "claude-sonnet-4-20250514", "hi", false);
      client.chat(fleet.server("primary"), "gpt-4o", "again", false);

      List<RecordedRequest> all = fleet.allRequests();
      assertThat(all)
          .extracting(RecordedRequest::server)
          .containsExactly("primary", "backup", "primary");
      assertThat(all).extracting(RecordedRequest::sequence).containsExactly(1L, 2L, 3L);
      assertThat(fleet.server("primary").requests())
          .allSatisfy(request -> assertThat(request.apiKey()).hasValue("sk-test-openai"));
      assertThat(fleet.server("backup").requests())
          .allSatisfy(request -> assertThat(request.apiKey()).hasValue("sk-ant-test"));

      fleet.clear();
      assertThat(fleet.allRequests()).isEmpty();
      assertThat(fleet.server("primary").script().toString()).contains("always overloaded()");
    }
  }

  @Test
  void aFleetStartsAndStopsTogether() {
    FakeFleet fleet =
        FakeFleet.builder().openAi("a").gemini("b").server("c", WireFormat.ANTHROPIC).build();
    assertThat(fleet.isRunning()).isFalse();

    fleet.start();
    assertThat(fleet.isRunning()).isTrue();
    assertThat(fleet.servers()).extracting(FakeLlmServer::name).containsExactly("a", "b", "c");
    assertThat(fleet.servers()).extracting(FakeLlmServer::port).doesNotHaveDuplicates();
    assertThat(fleet.server("c").wireFormat()).isEqualTo(WireFormat.ANTHROPIC);

    fleet.close();
    assertThat(fleet.servers()).noneMatch(FakeLlmServer::isRunning);
    fleet.close();
  }

  @Test
  void fleetBuildersFailFastWithClearMessages() {
    assertThatThrownBy(() -> FakeFleet.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one server");
    assertThatThrownBy(() -> FakeFleet.builder().openAi("x").gemini("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'x' was already added as OPENAI");
    assertThatThrownBy(() -> FakeFleet.builder().openAi(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeFleet.builder().requireApiKey("nobody", "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nobody");
    try (FakeFleet fleet = FakeFleet.builder().openAi("only").build()) {
      assertThatThrownBy(() -> fleet.server("other"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no fake server named 'other'")
          .hasMessageContaining("[only]");
    }
  }

  private static RecordedRequest recorded(String path, Map<String, List<String>> headers) {
    return new RecordedRequest(1, "s", Instant.EPOCH, "POST", path, headers, "", null);
  }
}
