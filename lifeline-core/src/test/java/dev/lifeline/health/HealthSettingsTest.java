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
    CircuitSettings circuit = defaults.circuit();
    assertThat(circuit.enabled()).isTrue();
    assertThat(circuit.failureRateThreshold()).isEqualTo(0.5);
    assertThat(circuit.minimumCalls()).isEqualTo(10);
    assertThat(circuit.consecutiveFailures()).isEqualTo(5);
    assertThat(circuit.slowCallThreshold()).isEmpty();
    assertThat(circuit.slowCallRateThreshold()).isEqualTo(0.8);
    assertThat(circuit.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(circuit.halfOpenProbes()).isEqualTo(1);
    CooldownSettings cooldowns = defaults.cooldowns();
    assertThat(cooldowns.enabled()).isTrue();
    assertThat(cooldowns.rateLimit()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cooldowns.auth()).isEqualTo(Duration.ofMinutes(10));
    assertThat(cooldowns.quota()).isEqualTo(Duration.ofHours(1));
    assertThat(cooldowns.modelNotFound()).isEqualTo(Duration.ofMinutes(10));
    assertThat(cooldowns.max()).isEqualTo(Duration.ofHours(1));
    RetryBudgetSettings budget = defaults.retryBudget();
    assertThat(budget.enabled()).isTrue();
    assertThat(budget.ratio()).isEqualTo(0.2);
    assertThat(budget.burst()).isEqualTo(10);
    assertThat(budget.minPerSecond()).isEqualTo(1);
  }

  @Test
  void withCopiesChangeOnlyWhatTheyNameAndLeaveTheOriginalAlone() {
    HealthSettings defaults = HealthSettings.defaults();
    HealthSettings tuned =
        defaults
            .withCircuit(
                defaults
                    .circuit()
                    .withSlowCallThreshold(Duration.ofSeconds(45))
                    .withHalfOpenProbes(2))
            .withRetryBudget(RetryBudgetSettings.defaults().withRatio(0.1));

    assertThat(tuned.circuit().halfOpenProbes()).isEqualTo(2);
    assertThat(tuned.circuit().slowCallThreshold()).contains(Duration.ofSeconds(45));
    assertThat(tuned.circuit().failureRateThreshold()).isEqualTo(0.5);
    assertThat(tuned.retryBudget().ratio()).isEqualTo(0.1);
    assertThat(tuned.cooldowns()).isEqualTo(CooldownSettings.defaults());
    assertThat(defaults.circuit().halfOpenProbes()).isEqualTo(1);
    assertThat(tuned.circuit().withSlowCallThreshold(null).slowCallThreshold()).isEmpty();
    assertThat(tuned)
        .isEqualTo(
            HealthSettings.defaults()
                .withRetryBudget(RetryBudgetSettings.defaults().withRatio(0.1))
                .withCircuit(
                    CircuitSettings.defaults()
                        .withHalfOpenProbes(2)
                        .withSlowCallThreshold(Duration.ofSeconds(45))));
    assertThat(CircuitSettings.disabled().enabled()).isFalse();
    assertThat(CooldownSettings.disabled().enabled()).isFalse();
    assertThat(RetryBudgetSettings.disabled().enabled()).isFalse();
  }

  @Test
  void copiesRejectAbsurdValuesNamingTheArgumentTheRangeAndTheValue() {
    HealthSettings defaults = HealthSettings.defaults();
    CircuitSettings circuit = CircuitSettings.defaults();
    assertThatThrownBy(() -> defaults.withBuckets(0))
        .hasMessage("buckets must be in [1, 100], was 0");
    assertThatThrownBy(() -> circuit.withFailureRateThreshold(0))
        .hasMessage("failureRateThreshold must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> circuit.withSlowCallRateThreshold(Double.NaN))
        .hasMessageContaining("slowCallRateThreshold");
    assertThatThrownBy(() -> circuit.withOpenDuration(Duration.ZERO))
        .hasMessageContaining("openDuration must be in [PT0.001S, PT24H], was PT0S");
    assertThatThrownBy(() -> defaults.withWindow(Duration.ofMillis(10)))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> circuit.withHalfOpenProbes(0)).hasMessageContaining("halfOpenProbes");
    assertThatThrownBy(() -> CooldownSettings.defaults().withRateLimit(Duration.ofSeconds(-1)))
        .hasMessageContaining("rateLimit must be in");
    assertThatThrownBy(() -> RetryBudgetSettings.defaults().withRatio(-0.1))
        .hasMessageContaining("ratio must be in [0.0, 10.0]");
    assertThatThrownBy(() -> RetryBudgetSettings.defaults().withBurst(0))
        .hasMessageContaining("burst");
    assertThatThrownBy(() -> RetryBudgetSettings.defaults().withMinPerSecond(-1))
        .hasMessageContaining("minPerSecond");
    assertThatThrownBy(() -> defaults.withCircuit(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> circuit.withOpenDuration(null))
        .isInstanceOf(NullPointerException.class);
  }
}
