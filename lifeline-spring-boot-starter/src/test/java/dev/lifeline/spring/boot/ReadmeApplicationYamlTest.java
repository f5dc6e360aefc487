package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.state.StateStore;
import dev.lifeline.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** The README's {@code application.yaml}, as written, makes the engine it describes. */
class ReadmeApplicationYamlTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theReadmesApplicationYamlBindsToAWorkingEngine(@TempDir Path dir) throws IOException {
    List<PropertySource<?>> yaml =
        new YamlPropertySourceLoader()
            .load("README application.yaml", new ByteArrayResource(springBootYaml().getBytes()));

    StarterRunner.create()
        .withInitializer(
            context -> yaml.forEach(context.getEnvironment().getPropertySources()::addLast))
        .withPropertyValues(
            "OPENAI_API_KEY=sk-readme-openai",
            "ANTHROPIC_API_KEY=sk-ant-readme",
            "AZURE_OPENAI_API_KEY=az-readme",
            // The only value changed: the SQLite file goes to a temporary directory.
            "lifeline.store.path=" + dir.resolve("lifeline.db"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SelfHealingEngine engine = context.getBean(SelfHealingEngine.class);
              assertThat(engine.deployments())
                  .extracting(deployment -> deployment.id())
                  .containsExactly(
                      "openai/gpt-4o",
                      "openai/gpt-4o-mini",
                      "anthropic/claude-sonnet-4-20250514",
                      "azure/my-gpt-4o-deployment");
              assertThat(engine.strategy()).isEqualTo(FallbackStrategy.CASCADE);
              assertThat(engine.routing()).isEqualTo(RoutingMode.PRIORITY);
              assertThat(engine.deadline()).isEqualTo(Duration.ofSeconds(60));
              assertThat(engine.retryPolicy().maxAttempts()).isEqualTo(3);
              assertThat(context).getBean(StateStore.class).isInstanceOf(SqliteStateStore.class);
            });
  }

  /** The {@code yaml} block of the README's "Spring Boot" section. */
  private static String springBootYaml() throws IOException {
    String readme = Files.readString(README);
    int section = readme.indexOf("## Spring Boot\n");
    assertThat(section).as("the README's Spring Boot section").isNotNegative();
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    int end = readme.indexOf("```\n", start);
    return readme.substring(start, end);
  }
}
