package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Actuator's own health endpoint of a whole Boot application over two fake providers: DOWN once
 * both answer 429 with a long Retry-After (each cools down), UP again once the cooldowns end on the
 * engine's clock, a bean the test moves, and the providers answer. Nothing waits on the wall clock.
 */
@SpringBootTest(
    classes = {StarterApp.class, BootApplicationHealthTest.EngineClock.class},
    properties = "management.endpoint.health.show-details=always")
@DirtiesContext
class BootApplicationHealthTest {
  private static final FakeLlmServer FIRST =
      FakeLlmServer.builder(WireFormat.OPENAI).name("first").build().start();
  private static final FakeLlmServer SECOND =
      FakeLlmServer.builder(WireFormat.OPENAI).name("second").build().start();

  @Autowired private SelfHealingEngine engine;
  @Autowired private HealthEndpoint health;
  @Autowired private ManualTicker ticker;

  /** The engine's clock, which the starter takes from the application's {@code Ticker} bean. */
  @TestConfiguration(proxyBeanMethods = false)
  static class EngineClock {
    @Bean
    ManualTicker engineTicker() {
      return new ManualTicker();
    }
  }

  @DynamicPropertySource
  static void lifelineProperties(DynamicPropertyRegistry registry) {
    registry.add("lifeline.providers[0].name", () -> "first");
    registry.add("lifeline.providers[0].type", () -> "openai");
    registry.add("lifeline.providers[0].base-url", FIRST::baseUrl);
    registry.add("lifeline.providers[0].api-key", () -> "sk-first");
    registry.add("lifeline.providers[0].models", () -> "gpt-4o");
    registry.add("lifeline.providers[1].name", () -> "second");
    registry.add("lifeline.providers[1].type", () -> "openai");
    registry.add("lifeline.providers[1].base-url", SECOND::baseUrl);
    registry.add("lifeline.providers[1].api-key", () -> "sk-second");
    registry.add("lifeline.providers[1].models", () -> "gpt-4o-mini");
    registry.add("lifeline.retry.max-attempts", () -> "1");
    registry.add("lifeline.retry.max-retry-after", () -> "1s");
  }

  @AfterAll
  static void stopServers() {
    FIRST.close();
    SECOND.close();
  }

  @Test
  void healthGoesDownWhenEveryProviderIsHeldAndUpAgainAfterRecovery() {
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.healthForPath("lifeline").getStatus()).isEqualTo(Status.UP);

    FIRST.always(Fault.rateLimited(Duration.ofMinutes(2)));
    SECOND.always(Fault.rateLimited(Duration.ofMinutes(2)));
    assertThatThrownBy(() -> engine.call("everyone is busy")).isInstanceOf(LifelineException.class);

    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.healthForPath("lifeline").getStatus()).isEqualTo(Status.DOWN);
    assertThat(deployment("first/gpt-4o"))
        .containsEntry("available", false)
        .containsKey("cooldownFor");
    assertThat(deployment("second/gpt-4o-mini"))
        .containsEntry("available", false)
        .containsKey("cooldownFor");

    FIRST.healthy();
    SECOND.healthy();
    ticker.advance(Duration.ofMinutes(3));

    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(engine.call("back again").text()).contains("back again");
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(deployment("first/gpt-4o")).containsEntry("available", true);
  }

  /** One deployment's details, as {@code /actuator/health/lifeline} shows them. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> deployment(String id) {
    HealthDescriptor lifeline = health.healthForPath("lifeline");
    assertThat(lifeline).isInstanceOf(IndicatedHealthDescriptor.class);
    return (Map<String, Object>) ((IndicatedHealthDescriptor) lifeline).getDetails().get(id);
  }
}
