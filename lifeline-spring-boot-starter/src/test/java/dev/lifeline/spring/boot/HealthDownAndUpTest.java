package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Actuator health follows the fleet: DOWN once every provider is held back (a 429 with a long
 * Retry-After cools each down), UP again once the cooldowns end on the engine's clock and the
 * providers answer. The engine's clock is a bean the test moves; nothing waits on the wall clock.
 */
class HealthDownAndUpTest {
  private static final FakeLlmServer FIRST =
      FakeLlmServer.builder(WireFormat.OPENAI).name("first").build().start();
  private static final FakeLlmServer SECOND =
      FakeLlmServer.builder(WireFormat.OPENAI).name("second").build().start();

  @AfterAll
  static void stopServers() {
    FIRST.close();
    SECOND.close();
  }

  @Test
  void downWhenEveryProviderIsHeldAndUpAfterRecovery() {
    ManualTicker ticker = new ManualTicker();
    StarterRunner.create()
        .withBean(Ticker.class, () -> ticker)
        .withPropertyValues(
            "lifeline.providers[0].name=first",
            "lifeline.providers[0].type=openai",
            "lifeline.providers[0].base-url=" + FIRST.baseUrl(),
            "lifeline.providers[0].api-key=sk-first",
            "lifeline.providers[0].models=gpt-4o",
            "lifeline.providers[1].name=second",
            "lifeline.providers[1].type=openai",
            "lifeline.providers[1].base-url=" + SECOND.baseUrl(),
            "lifeline.providers[1].api-key=sk-second",
            "lifeline.providers[1].models=gpt-4o-mini",
            "lifeline.retry.max-attempts=1",
            "lifeline.retry.max-retry-after=1s")
        .run(
            context -> {
              SelfHealingEngine engine = context.getBean(SelfHealingEngine.class);
              HealthIndicator health = context.getBean(LifelineHealthIndicator.class);
              LifelineEndpoint endpoint = context.getBean(LifelineEndpoint.class);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);

              FIRST.always(Fault.rateLimited(Duration.ofMinutes(2)));
              SECOND.always(Fault.rateLimited(Duration.ofMinutes(2)));
              assertThatThrownBy(() -> engine.call("everyone is busy"))
                  .isInstanceOf(LifelineException.class);

              assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
              @SuppressWarnings("unchecked")
              Map<String, Object> first =
                  (Map<String, Object>) health.health().getDetails().get("first/gpt-4o");
              assertThat(first).containsEntry("available", false).containsKey("cooldownFor");
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> holds =
                  (List<Map<String, Object>>) endpoint.lifeline().get("holds");
              assertThat(holds)
                  .extracting(hold -> hold.get("deployment"), hold -> hold.get("kind"))
                  .contains(
                      org.assertj.core.groups.Tuple.tuple("first/gpt-4o", "cooldown"),
                      org.assertj.core.groups.Tuple.tuple("second/gpt-4o-mini", "cooldown"));

              FIRST.healthy();
              SECOND.healthy();
              ticker.advance(Duration.ofMinutes(3));

              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              assertThat(engine.call("back again").text()).contains("back again");
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              assertThat((List<?>) endpoint.lifeline().get("holds")).isEmpty();
            });
  }
}
