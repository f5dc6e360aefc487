package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension declared on the class: the default fleet of one server per wire format. */
@ExtendWith(FakeFleetExtension.class)
class DefaultFleetExtensionTest {

  private FakeLlmServer openai;

  @BeforeEach
  void setUp(@FleetServer("openai") FakeLlmServer openai) {
    this.openai = openai;
  }

  @Test
  void runsOneServerPerWireFormat(FakeFleet fleet, FakeLlmServer gemini) {
    assertThat(fleet.servers())
        .extracting(FakeLlmServer::name, FakeLlmServer::wireFormat)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("openai", WireFormat.OPENAI),
            org.assertj.core.groups.Tuple.tuple("anthropic", WireFormat.ANTHROPIC),
            org.assertj.core.groups.Tuple.tuple("gemini", WireFormat.GEMINI));
    assertThat(fleet.isRunning()).isTrue();
    assertThat(gemini.wireFormat()).isEqualTo(WireFormat.GEMINI);
    assertThat(openai).isSameAs(fleet.server("openai"));
  }

  @Test
  void serversAnswer(FakeFleet fleet) {
    TestClient client = new TestClient();
    for (FakeLlmServer server : fleet.servers()) {
      String model = TestClient.modelFor(server.wireFormat());
      assertThat(client.chat(server, model, "hi", false).statusCode()).isEqualTo(200);
    }
    assertThat(fleet.allRequests()).hasSize(3);
  }
}
