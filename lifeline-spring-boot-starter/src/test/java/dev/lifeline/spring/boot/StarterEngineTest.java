package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.micrometer.MicrometerListener;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application whose only Lifeline configuration is {@code lifeline.*} properties, over two fake
 * providers on loopback HTTP: the engine answers, fails over, and shows itself through Actuator,
 * Micrometer, Spring AI and LangChain4j.
 */
class StarterEngineTest {
  private static final FakeLlmServer PRIMARY =
      FakeLlmServer.builder(WireFormat.OPENAI).name("primary").build().start();
  private static final FakeLlmServer BACKUP =
      FakeLlmServer.builder(WireFormat.ANTHROPIC).name("backup").build().start();

  private final ApplicationContextRunner runner =
      StarterRunner.create()
          .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
          .withPropertyValues(
              "lifeline.providers[0].name=primary",
              "lifeline.providers[0].type=openai",
              "lifeline.providers[0].base-url=" + PRIMARY.baseUrl(),
              "lifeline.providers[0].api-key=sk-test-primary",
              "lifeline.providers[0].models=gpt-4o, gpt-4o-mini",
              "lifeline.providers[1].name=backup",
              "lifeline.providers[1].type=anthropic",
              "lifeline.providers[1].base-url=" + BACKUP.baseUrl(),
              "lifeline.providers[1].api-key=sk-ant-test-backup",
              "lifeline.providers[1].models[0].name=claude-sonnet-4-20250514",
              "lifeline.providers[1].models[0].input-price=3",
              "lifeline.strategy=failover-only",
              "lifeline.deadline=20s",
              "lifeline.retry.max-attempts=2",
              "lifeline.retry.base-delay=5ms",
              "lifeline.retry.max-delay=10ms",
              "lifeline.learning.max-entries=50");

  @BeforeEach
  void healthyFleet() {
    PRIMARY.reset();
    BACKUP.reset();
  }

  @AfterAll
  static void stopServers() {
    PRIMARY.close();
    BACKUP.close();
  }

  @Test
  void propertiesMakeAnEngineThatAnswersOverHttp() {
    runner.run(
        context -> {
          SelfHealingEngine engine = context.getBean(SelfHealingEngine.class);
          assertThat(engine.deployments())
              .extracting(deployment -> deployment.id())
              .containsExactly(
                  "primary/gpt-4o", "primary/gpt-4o-mini", "backup/claude-sonnet-4-20250514");
          assertThat(engine.deadline()).isEqualTo(Duration.ofSeconds(20));
          assertThat(engine.retryPolicy().maxAttempts()).isEqualTo(2);

          ChatResponse answer = engine.call("What is Lifeline?");

          assertThat(answer.text()).contains("What is Lifeline?");
          assertThat(PRIMARY.requests()).hasSize(1);
          assertThat(PRIMARY.requests().get(0).apiKey()).contains("sk-test-primary");
        });
  }

  @Test
  void failsOverToTheSecondProviderTheStrategyNames() {
    PRIMARY.always(Fault.serverError());
    runner.run(
        context -> {
          ChatResponse answer = context.getBean(SelfHealingEngine.class).call("Fail over, please");

          assertThat(answer.provider()).isEqualTo("backup");
          assertThat(answer.model()).isEqualTo("claude-sonnet-4-20250514");
          assertThat(BACKUP.requestCount()).isEqualTo(1);
        });
  }

  @Test
  void micrometerListenerIsWiredAndRecordsTheCall() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(MicrometerListener.class);
          MeterRegistry meters = context.getBean(MeterRegistry.class);

          context.getBean(SelfHealingEngine.class).call("Count me");

          Timer calls = meters.find("gen_ai.client.operation.duration").timer();
          assertThat(calls).isNotNull();
          assertThat(calls.count()).isEqualTo(1);
        });
  }

  @Test
  void healthIsUpWithDetailsPerDeployment() {
    runner.run(
        context -> {
          context.getBean(SelfHealingEngine.class).call("warm up");

          Health current = context.getBean(LifelineHealthIndicator.class).health();

          assertThat(current.getStatus()).isEqualTo(Status.UP);
          @SuppressWarnings("unchecked")
          Map<String, Object> primary =
              (Map<String, Object>) current.getDetails().get("primary/gpt-4o");
          assertThat(primary)
              .containsEntry("available", true)
              .containsEntry("circuit", "CLOSED")
              .containsEntry("calls", 1L)
              .containsKeys("errorRate", "p95");
        });
  }

  @Test
  void endpointListsDeploymentsHoldsAndPlaybook() {
    runner.run(
        context -> {
          Map<String, Object> view = context.getBean(LifelineEndpoint.class).lifeline();

          assertThat(view).containsEntry("strategy", "FAILOVER_ONLY").containsKeys("playbook");
          assertThat((List<?>) view.get("holds")).isEmpty();
          assertThat(view.get("deployments"))
              .isEqualTo(
                  List.of(
                      "primary/gpt-4o", "primary/gpt-4o-mini", "backup/claude-sonnet-4-20250514"));
        });
  }

  @Test
  void springAiChatClientAsksThroughTheEngine() {
    runner.run(
        context -> {
          var model = context.getBean(org.springframework.ai.chat.model.ChatModel.class);

          String content = ChatClient.create(model).prompt("Hello from Spring AI").call().content();

          assertThat(content).contains("Hello from Spring AI");
          assertThat(PRIMARY.requestCount()).isEqualTo(1);
        });
  }

  @Test
  void langChain4jModelAsksThroughTheEngine() {
    runner.run(
        context -> {
          var model = context.getBean(dev.langchain4j.model.chat.ChatModel.class);

          String content = model.chat("Hello from LangChain4j");

          assertThat(content).contains("Hello from LangChain4j");
          assertThat(PRIMARY.requestCount()).isEqualTo(1);
        });
  }
}
