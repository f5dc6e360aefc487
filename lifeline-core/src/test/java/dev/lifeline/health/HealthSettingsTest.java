package dev.lifeline.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthSettingsTest {

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    HealthSettings defaults = HealthSettings.defaults();

    assertThat(defaults.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.buckets()).isEqualTo(10);
    assertThat(defaults.failureRateThreshold()).isEqualTo(0.5);
    assertThat(defaults.minimumCalls()).isEqualTo(10);
    assertThat(defaults.consecutiveFailures()).isEqualTo(5);
    assertThat(defaults.slowCallThreshold()).isEmpty();
    assertThat(defaults.slowCallRateThreshold()).isEqualTo(0.8);
    assertThat(defaults.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.halfOpenProbes()).isEqualTo(1);
    assertThat(defaults.rateLimitCooldown()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.authCooldown()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.quotaCooldown()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.retryBudgetRatio()).isEqualTo(0.2);
    assertThat(defaults.retryBudgetBurst()).isEqualTo(10);
    assertThat(defaults.retryBudgetMinPerSecond()).isEqualTo(1);
    assertThat(defaults.circuitBreakerEnabled()).isTrue();
    assertThat(defaults.cooldownsEnabled()).isTrue();
    assertThat(defaults.retryBudgetEnabled()).isTrue();
  }

  @Test
  void toBuilderCopiesEverythingAndBuildCopiesTheBuilder() {
    HealthSettings.Builder builder =
        HealthSettings.builder().slowCallThreshold(Duration.ofSeconds(45)).halfOpenProbes(2).retryBudgetRatio(0.1);
    HealthSettings built = builder.build();
    builder.halfOpenProbes(7);

    HealthSettings copy = built.toBuilder().build();

    assertThat(built.halfOpenProbes()).isEqualTo(2);
    assertThat(copy.toString()).isEqualTo(built.toString());
    assertThat(copy.slowCallThreshold()).contains(Duration.ofSeconds(45));
    assertThat(copy.toBuilder().noSlowCallThreshold().build().slowCallThreshold()).isEmpty();
  }

  @Test
  void settersRejectAbsurdValuesNamingTheArgumentAndTheValue() {
    assertThatThrownBy(() -> HealthSettings.builder().buckets(0)).hasMessage("buckets must be in [1, 100], was 0");
    assertThatThrownBy(() -> HealthSettings.builder().failureRateThreshold(0))
        .hasMessage("failureRateThreshold must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> HealthSettings.builder().slowCallRateThreshold(Double.NaN))
        .hasMessageContaining("slowCallRateThreshold");
    assertThatThrownBy(() -> HealthSettings.builder().openDuration(Duration.ZERO))
        .hasMessageContaining("openDuration must be in [PT0.001S, PT24H], was PT0S");
    assertThatThrownBy(() -> HealthSettings.builder().window(Duration.ofMillis(10))).hasMessageContaining("window");
    assertThatThrownBy(() -> HealthSettings.builder().halfOpenProbes(0)).hasMessageContaining("halfOpenProbes");
    assertThatThrownBy(() -> HealthSettings.builder().rateLimitCooldown(Duration.ofSeconds(-1)))
        .hasMessageContaining("rateLimitCooldown");
    assertThatThrownBy(() -> HealthSettings.builder().retryBudgetRatio(-0.1)).hasMessageContaining("retryBudgetRatio");
    assertThatThrownBy(() -> HealthSettings.builder().retryBudgetBurst(0)).hasMessageContaining("retryBudgetBurst");
    assertThatThrownBy(() -> HealthSettings.builder().retryBudgetMinPerSecond(-1))
        .hasMessageContaining("retryBudgetMinPerSecond");
    assertThatThrownBy(() -> HealthSettings.builder().slowCallThreshold(null)).isInstanceOf(NullPointerException.class);
  }
}
