package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.retry.Jitter;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.RoutingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties reach the engine through the file's loader, and its errors name a property. */
class ConfigTextTest {

  /** Every property set: each must be a key the loader knows, and reach the engine. */
  static LifelineProperties everything() {
    return new LifelineProperties(
        List.of(
            new LifelineProperties.ProviderProperties(
                "main",
                "openai",
                "http://127.0.0.1:9/v1",
                "sk-main",
                null,
                Map.of("X-Team", "checkout"),
                List.of(
                    new LifelineProperties.ModelProperties("gpt-4o", 128_000, 2.5, 10.0),
                    LifelineProperties.ModelProperties.named("gpt-4o-mini")),
                new LifelineProperties.TimeoutProperties(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(90))),
            new LifelineProperties.ProviderProperties(
                "azure",
                "azure",
                "https://example.openai.azure.com",
                "az-key",
                "2024-10-21",
                null,
                List.of(LifelineProperties.ModelProperties.named("my-gpt-4o")),
                null)),
        "no-degrade",
        "latency",
        Duration.ofSeconds(45),
        new LifelineProperties.RetryProperties(
            4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(30), "none"),
        new LifelineProperties.AttemptTimeoutProperties(
            Duration.ofSeconds(25),
            true,
            3.0,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            30,
            0.25),
        new LifelineProperties.LearningProperties(true, 0.6, 500, null),
        new LifelineProperties.StoreProperties(
            "memory", null, null, null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void everyPropertyReachesTheEngine() {
    try (SelfHealingEngine engine = EngineFactory.builder(everything(), name -> null).build()) {
      assertThat(engine.deployments())
          .extracting(deployment -> deployment.id())
          .containsExactly("main/gpt-4o", "main/gpt-4o-mini", "azure/my-gpt-4o");
      assertThat(engine.strategy()).isEqualTo(FallbackStrategy.NO_DEGRADE);
      assertThat(engine.routing()).isEqualTo(RoutingMode.LATENCY);
      assertThat(engine.deadline()).isEqualTo(Duration.ofSeconds(45));
      assertThat(engine.retryPolicy().maxAttempts()).isEqualTo(4);
      assertThat(engine.retryPolicy().jitter()).isEqualTo(Jitter.NONE);
      assertThat(engine.attemptTimeout().firstToken()).isEqualTo(Duration.ofSeconds(25));
      assertThat(engine.playbook().settings().maxEntries()).isEqualTo(500);
    }
  }

  @Test
  void writesOneKeyPerLine() {
    String text = ConfigText.of(everything()).text();

    assertThat(text).contains("\"apiKey\": \"sk-main\"").contains("\"firstToken\": \"25000ms\"");
    assertThat(text.lines()).allSatisfy(line -> assertThat(line.split("\": ")).hasSizeLessThan(3));
  }

  @Test
  void aWrongValueIsReportedAtItsProperty() {
    LifelineProperties base = everything();
    LifelineProperties wrong =
        new LifelineProperties(
            base.providers(),
            "sideways",
            base.routing(),
            base.deadline(),
            base.retry(),
            base.attemptTimeout(),
            base.learning(),
            base.store());

    LifelinePropertyException error =
        catchThrowableOfType(
            LifelinePropertyException.class, () -> EngineFactory.builder(wrong, name -> null));

    assertThat(error.property()).isEqualTo("lifeline.strategy");
    assertThat(error.problem()).contains("sideways").doesNotContain(ConfigText.SOURCE);
  }

  @Test
  void aMissingPartIsReportedAtTheKeyTheMessageNames() {
    LifelineProperties noModels =
        new LifelineProperties(
            List.of(
                new LifelineProperties.ProviderProperties(
                    "main", "openai", null, "sk", null, null, null, null)),
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    LifelinePropertyException error =
        catchThrowableOfType(
            LifelinePropertyException.class, () -> EngineFactory.builder(noModels, name -> null));

    assertThat(error.property()).isEqualTo("lifeline.providers[0].models");
  }

  @Test
  void aLearningValueOutOfRangeNamesItsProperty() {
    LifelineProperties base = everything();
    LifelineProperties wrong =
        new LifelineProperties(
            base.providers(),
            null,
            null,
            null,
            null,
            null,
            new LifelineProperties.LearningProperties(null, 7.0, null, null),
            null);

    LifelinePropertyException error =
        catchThrowableOfType(
            LifelinePropertyException.class, () -> EngineFactory.builder(wrong, name -> null));

    assertThat(error.property()).isEqualTo("lifeline.learning.threshold");
  }
}
