package dev.lifeline.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.config.ConfigException;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.LimitPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file's {@code balancing} section. */
class BalancingConfigTest {

  private static final Function<String, String> ENV = Map.of("KEY", "sk-test")::get;

  private static final String FILE =
      """
      providers:
        - { name: azure-east, type: openai, baseUrl: http://127.0.0.1:9/v1, apiKey: "${KEY}", models: [gpt-4o] }
        - { name: azure-west, type: openai, baseUrl: http://127.0.0.1:9/v1, apiKey: "${KEY}", models: [gpt-4o] }
        - { name: cheap, type: openai, baseUrl: http://127.0.0.1:9/v1, apiKey: "${KEY}", models: [gpt-4o-mini] }
      balancing:
        groups:
          - name: gpt-4o
            strategy: least-in-flight
            members:
              - azure-east/gpt-4o
              - { deployment: azure-west/gpt-4o, weight: 2 }
        limits:
          azure-east/gpt-4o: { requestsPerMinute: 500, tokensPerMinute: 90000, maxConcurrent: 20 }
        limitPolicy: next-rung
        rules:
          - { tag: tier, value: batch, prefer: [cheap] }
        sessions: { max: 5000, ttl: 30m }
      """;

  @Test
  void readsGroupsLimitsRulesAndSessions() {
    BalancingEntry balancing = ConfigLoader.parse("lifeline.yaml", FILE, ENV).balancing();

    BalancingEntry.GroupEntry group = balancing.groups().get(0);
    assertThat(group.strategy()).isEqualTo(Balancing.LEAST_IN_FLIGHT);
    assertThat(group.members())
        .containsExactly(
            new BalancingEntry.MemberEntry("azure-east/gpt-4o", 1),
            new BalancingEntry.MemberEntry("azure-west/gpt-4o", 2));
    assertThat(balancing.limits().get("azure-east/gpt-4o"))
        .isEqualTo(new BalancingEntry.LimitsEntry(500, 90_000, 20));
    assertThat(balancing.limitPolicy()).isEqualTo(LimitPolicy.NEXT_RUNG);
    assertThat(balancing.rules().get(0).prefer()).containsExactly("cheap");
    assertThat(balancing.sessions().ttl()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void theSectionReachesTheEngineWhichChecksItsDeployments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lifeline.yaml");
    Files.writeString(file, FILE);
    SelfHealingEngine.builderFromConfig(file, ENV).build().close();

    // The engine, not the parser, knows the deployments: a member on no ladder fails its build.
    Files.writeString(file, FILE.replace("- azure-east/gpt-4o", "- azure-north/gpt-4o"));
    assertThatThrownBy(() -> SelfHealingEngine.builderFromConfig(file, ENV).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("group 'gpt-4o' names azure-north/gpt-4o");
    Files.writeString(file, FILE.replace("azure-east/gpt-4o: {", "azure-south/gpt-4o: {"));
    assertThatThrownBy(() -> SelfHealingEngine.builderFromConfig(file, ENV).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("limits names azure-south/gpt-4o");
  }

  @Test
  void badValuesAreNamedAtTheirLine(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "lifeline.yaml", FILE.replace("least-in-flight", "round-robin"), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 8")
        .hasMessageContaining("'round-robin' is not one of weighted, least-in-flight, headroom");
    assertThatThrownBy(
            () -> ConfigLoader.parse("lifeline.yaml", FILE.replace("weight: 2", "wieght: 2"), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'wieght'; expected one of deployment, weight");

    Path file = dir.resolve("lifeline.yaml");
    Files.writeString(file, FILE.replace("weight: 2", "weight: 5000"));
    assertThatThrownBy(() -> SelfHealingEngine.builderFromConfig(file, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 11")
        .hasMessageContaining("weight must be in [1, 1000], was 5000");
    Files.writeString(file, FILE.replace("requestsPerMinute: 500", "requestsPerMinute: -1"));
    assertThatThrownBy(() -> SelfHealingEngine.builderFromConfig(file, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("requestsPerMinute must be in [0, 10000000], was -1");
  }
}
