package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.micrometer.LifelineGauges;
import dev.lifeline.micrometer.MicrometerListener;
import dev.lifeline.opentelemetry.OpenTelemetryListener;
import dev.lifeline.state.StateStore;
import dev.lifeline.store.sqlite.SqliteStateStore;
import dev.lifeline.testkit.ScriptedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each bean of the starter appears when its condition holds, and yields to the application's. */
class ConditionalBeansTest {
  private static final String[] ONE_PROVIDER = {
    "lifeline.providers[0].type=openai",
    "lifeline.providers[0].base-url=http://127.0.0.1:9/v1",
    "lifeline.providers[0].api-key=sk-x",
    "lifeline.providers[0].models=gpt-4o"
  };

  private final ApplicationContextRunner runner =
      StarterRunner.create().withPropertyValues(ONE_PROVIDER);

  @Test
  void theApplicationsOwnEngineReplacesTheConfiguredOne() {
    SelfHealingEngine own =
        SelfHealingEngine.builder().provider(ScriptedProvider.named("own"), "m").build();
    runner
        .withBean(SelfHealingEngine.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(SelfHealingEngine.class).isSameAs(own);
              assertThat(context.getBean(dev.lifeline.springai.LifelineChatModel.class).engine())
                  .isSameAs(own);
            });
  }

  @Test
  void theApplicationsOwnSpringAiModelIsKept() {
    org.springframework.ai.chat.model.ChatModel own = prompt -> null;
    runner
        .withBean(org.springframework.ai.chat.model.ChatModel.class, () -> own)
        .run(
            context ->
                assertThat(context)
                    .getBean(org.springframework.ai.chat.model.ChatModel.class)
                    .isSameAs(own));
  }

  @Test
  void micrometerOnlyWithAMeterRegistry() {
    runner.run(
        context ->
            assertThat(context)
                .doesNotHaveBean(MicrometerListener.class)
                .doesNotHaveBean(LifelineGauges.class));
    runner
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MicrometerListener.class);
              assertThat(context).hasSingleBean(LifelineGauges.class);
              SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
              assertThat(meters.find("lifeline.circuit.state").gauges()).isNotEmpty();
            });
  }

  @Test
  void openTelemetryOnlyWithAnOpenTelemetryBean() {
    runner.run(context -> assertThat(context).doesNotHaveBean(OpenTelemetryListener.class));
    runner
        .withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .run(context -> assertThat(context).hasSingleBean(OpenTelemetryListener.class));
  }

  @Test
  void sqliteStoreChosenByProperty(@TempDir Path dir) {
    Path file = dir.resolve("lifeline.db");
    runner
        .withPropertyValues("lifeline.store.type=sqlite", "lifeline.store.path=" + file)
        .run(
            context -> {
              assertThat(context).getBean(StateStore.class).isInstanceOf(SqliteStateStore.class);
              assertThat(context).hasSingleBean(SelfHealingEngine.class);
            });
    assertThat(file).exists();
  }

  @Test
  void theEngineIsClosedWithTheContext() {
    SelfHealingEngine[] engine = new SelfHealingEngine[1];
    runner.run(context -> engine[0] = context.getBean(SelfHealingEngine.class));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine[0].call("after close"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void sqliteWithoutAPathNamesThePathProperty() {
    runner
        .withPropertyValues("lifeline.store.type=sqlite")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(LifelinePropertyException.class)
                    .hasMessageStartingWith("lifeline.store.path"));
  }
}
