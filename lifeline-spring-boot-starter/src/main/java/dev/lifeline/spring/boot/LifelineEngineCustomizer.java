package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;

/**
 * Changes the builder of the auto-configured engine after the {@code lifeline.*} properties filled
 * it and before it is built: remedies, health settings, anything the properties do not hold.
 * Declare one or more as beans; they run in their {@code @Order}.
 */
@FunctionalInterface
public interface LifelineEngineCustomizer {

  /** Changes {@code builder}. */
  void customize(SelfHealingEngine.Builder builder);
}
