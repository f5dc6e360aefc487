package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Boot application, started as {@code @SpringBootTest} starts one, whose only Lifeline
 * configuration is {@code lifeline.*} properties naming two fake providers on loopback HTTP: the
 * engine it autowires answers through the first and fails over to the second.
 */
@SpringBootTest(classes = StarterApp.class)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootApplicationEngineTest {
  private static final FakeLlmServer PRIMARY =
      FakeLlmServer.builder(WireFormat.OPENAI).name("primary").build().start();
  private static final FakeLlmServer BACKUP =
      FakeLlmServer.builder(WireFormat.ANTHROPIC).name("backup").build().start();

  @Autowired private SelfHealingEngine engine;

  @DynamicPropertySource
  static void lifelineProperties(DynamicPropertyRegistry registry) {
    registry.add("lifeline.providers[0].name", () -> "primary");
    registry.add("lifeline.providers[0].type", () -> "openai");
    registry.add("lifeline.providers[0].base-url", PRIMARY::baseUrl);
    registry.add("lifeline.providers[0].api-key", () -> "sk-boot-primary");
    registry.add("lifeline.providers[0].models", () -> "gpt-4o");
    registry.add("lifeline.providers[1].name", () -> "backup");
    registry.add("lifeline.providers[1].type", () -> "anthropic");
    registry.add("lifeline.providers[1].base-url", BACKUP::baseUrl);
    registry.add("lifeline.providers[1].api-key", () -> "sk-ant-boot-backup");
    registry.add("lifeline.providers[1].models", () -> "claude-sonnet-4-20250514");
    registry.add("lifeline.strategy", () -> "failover-only");
    registry.add("lifeline.retry.max-attempts", () -> "2");
    registry.add("lifeline.retry.base-delay", () -> "5ms");
    registry.add("lifeline.retry.max-delay", () -> "10ms");
  }

  @AfterAll
  static void stopServers() {
    PRIMARY.close();
    BACKUP.close();
  }

  @Test
  @Order(1)
  void theAutowiredEngineAnswersThroughTheFirstProvider() {
    assertThat(engine.deployments())
        .extracting(deployment -> deployment.id())
        .containsExactly("primary/gpt-4o", "backup/claude-sonnet-4-20250514");
    assertThat(engine.retryPolicy().maxAttempts()).isEqualTo(2);

    ChatResponse answer = engine.call("Hello from a Boot application");

    assertThat(answer.text()).contains("Hello from a Boot application");
    assertThat(answer.provider()).isEqualTo("primary");
    assertThat(PRIMARY.requests()).hasSize(1);
    assertThat(PRIMARY.requests().get(0).apiKey()).contains("sk-boot-primary");
    assertThat(BACKUP.requestCount()).isZero();
  }

  @Test
  @Order(2)
  void theAutowiredEngineFailsOverWhenTheFirstProviderFails() {
    PRIMARY.clear();
    BACKUP.clear();
    PRIMARY.always(Fault.serverError());

    ChatResponse answer = engine.call("Fail over, please");

    assertThat(answer.provider()).isEqualTo("backup");
    assertThat(answer.model()).isEqualTo("claude-sonnet-4-20250514");
    assertThat(answer.text()).contains("Fail over, please");
    // failover-only: one attempt on the first provider, then the next.
    assertThat(PRIMARY.requestCount()).isEqualTo(1);
    assertThat(BACKUP.requests()).hasSize(1);
    assertThat(BACKUP.requests().get(0).apiKey()).contains("sk-ant-boot-backup");
  }
}
