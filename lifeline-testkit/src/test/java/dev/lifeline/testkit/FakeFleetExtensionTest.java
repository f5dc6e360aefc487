package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in a static field: one fleet for the class, reset between tests, injected. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeFleetExtensionTest {

  @RegisterExtension
  static final FakeFleetExtension FLEET =
      FakeFleetExtension.builder().openAi("primary").anthropic("backup").build();

  private static FakeFleet firstFleet;
  private static CompletableFuture<HttpResponse<String>> hungCall;

  private final TestClient client = new TestClient();

  @Test
  @Order(1)
  void injectsTheFleetAndItsServers(
      FakeFleet fleet, @FleetServer("backup") FakeLlmServer backup, FakeLlmServer primary)
      throws InterruptedException {
    assertThat(fleet).isSameAs(FLEET.fleet());
    assertThat(fleet.isRunning()).isTrue();
    assertThat(backup).isSameAs(FLEET.server("backup"));
    assertThat(backup.wireFormat()).isEqualTo(WireFormat.ANTHROPIC);
    assertThat(primary.name()).as("resolved by parameter name").isEqualTo("primary");

    primary.always(Fault.overloaded());
    assertThat(client.chat(primary, "gpt-4o", "hi", false).statusCode()).isEqualTo(503);
    assertThat(client.chat(backup, "claude-sonnet-4-20250514", "hi", false).statusCode())
        .isEqualTo(200);
    assertThat(fleet.allRequests())
        .extracting(RecordedRequest::server)
        .containsExactly("primary", "backup");

    backup.enqueue(Fault.hang());
    hungCall = client.chatAsync(backup, "claude-sonnet-4-20250514", "hang", false);
    ConnectionFaultsTest.awaitRecorded(backup, 2);
    firstFleet = fleet;
  }

  @Test
  @Order(2)
  void theNextTestGetsTheSameFleetReset(FakeFleet fleet) throws Exception {
    assertThat(fleet).isSameAs(firstFleet);
    assertThat(fleet.allRequests()).isEmpty();
    assertThat(client.chat(fleet.server("primary"), "gpt-4o", "hi", false).statusCode())
        .isEqualTo(200);
    assertThatThrownBy(() -> hungCall.get(3, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  @Order(3)
  void theFleetIsReachableThroughTheField() {
    assertThat(FLEET.server("primary").baseUrl()).endsWith("/v1");
    assertThatThrownBy(() -> FLEET.server("tertiary"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[primary, backup]");
  }
}
