package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.AllAttemptsFailedException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A user's engine over the fake servers in one line per provider: {@code server.provider()}, {@code
 * fleet.ladder(...)}.
 */
class ServerProvidersTest {

  @Test
  void eachServerGivesTheRealAdapterOfItsWireFormatNamedAfterIt() {
    try (FakeFleet fleet =
        FakeFleet.builder().openAi("openai").anthropic("claude").gemini("google").build().start()) {
      assertThat(fleet.server("openai").provider()).isInstanceOf(OpenAiProvider.class);
      assertThat(fleet.server("claude").provider()).isInstanceOf(AnthropicProvider.class);
      assertThat(fleet.server("google").provider()).isInstanceOf(GeminiProvider.class);
      assertThat(fleet.server("claude").provider().name()).isEqualTo("claude");
    }
  }

  @Test
  void aFleetsLaddersMakeAnEngineThatFailsOverAcrossWireFormats() {
    try (FakeFleet fleet =
            FakeFleet.builder()
                .openAi("openai")
                .anthropic("anthropic")
                .gemini("gemini")
                .build()
                .start();
        SelfHealingEngine engine =
            SelfHealingEngine.builder()
                .provider(fleet.ladder("openai", "gpt-4o"))
                .provider(fleet.ladder("anthropic", "claude-sonnet-4-20250514"))
                .provider(fleet.ladder("gemini", "gemini-2.5-flash"))
                .deadline(Duration.ofSeconds(20))
                .build()) {
      fleet.server("openai").always(Fault.unauthorized());
      fleet.server("anthropic").always(Fault.overloaded());

      ChatResponse answer = engine.call("Refund order #1042?");

      assertThat(answer.provider()).isEqualTo("gemini");
      assertThat(fleet.server("gemini").requestCount()).isEqualTo(1);
      assertThat(answer.trace().failures())
          .extracting(failure -> failure.kind())
          .contains(ErrorKind.AUTHENTICATION, ErrorKind.OVERLOADED);
    }
  }

  @Test
  void theProviderSendsTheKeyTheServerRequiresAndAnotherKeyIsRejected() {
    try (FakeLlmServer server =
            FakeLlmServer.builder(WireFormat.ANTHROPIC)
                .requireApiKey("sk-ant-right")
                .build()
                .start();
        SelfHealingEngine right =
            SelfHealingEngine.builder()
                .provider(server.provider(), "claude-sonnet-4-20250514")
                .build();
        SelfHealingEngine wrong =
            SelfHealingEngine.builder()
                .provider(server.provider("sk-ant-wrong"), "claude-sonnet-4-20250514")
                .build()) {
      assertThat(right.call("hi").text()).isNotBlank();
      assertThatThrownBy(() -> wrong.call("hi"))
          .isInstanceOf(AllAttemptsFailedException.class)
          .satisfies(
              e ->
                  assertThat(((AllAttemptsFailedException) e).lastFailure())
                      .get()
                      .extracting(failure -> failure.kind())
                      .isEqualTo(ErrorKind.AUTHENTICATION));
    }
  }

  @Test
  void aLadderNeedsAKnownServerAndAModel() {
    try (FakeFleet fleet = FakeFleet.builder().openAi("openai").build().start()) {
      assertThatThrownBy(() -> fleet.ladder("openai")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fleet.ladder("nobody", "gpt-4o"))
          .hasMessageContaining("no fake server named 'nobody'");
    }
  }
}
