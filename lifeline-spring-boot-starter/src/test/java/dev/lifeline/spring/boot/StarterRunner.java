package dev.lifeline.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** An application with nothing of its own but the starter's auto-configurations. */
final class StarterRunner {
  private StarterRunner() {}

  /** A runner with every auto-configuration of the starter, as Boot would order them. */
  static ApplicationContextRunner create() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                LifelineStoreAutoConfiguration.class,
                LifelineObservabilityAutoConfiguration.class,
                LifelineAutoConfiguration.class,
                LifelineModelsAutoConfiguration.class,
                LifelineActuatorAutoConfiguration.class));
  }
}
