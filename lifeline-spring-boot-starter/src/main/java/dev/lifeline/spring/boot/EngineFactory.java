package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.config.ConfigException;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.model.ErrorKind;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns {@code lifeline.*} properties into an engine builder through the configuration file's own
 * loader, so that the properties mean what the file means and are checked alike; a problem names
 * its property.
 */
final class EngineFactory {
  private EngineFactory() {}

  /**
   * A builder filled from {@code properties}, with {@code ${VAR}} left in a value taken from {@code
   * environment}.
   *
   * @throws LifelinePropertyException naming the property at fault
   */
  static SelfHealingEngine.Builder builder(
      LifelineProperties properties, Function<String, String> environment) {
    ConfigText text = ConfigText.of(properties);
    SelfHealingEngine.Builder builder;
    try {
      builder =
          SelfHealingEngine.builderFromConfigText(ConfigText.SOURCE, text.text(), environment);
    } catch (ConfigException e) {
      ConfigText.PropertyProblem problem = text.problemOf(String.valueOf(e.getMessage()));
      throw new LifelinePropertyException(problem.property(), problem.message(), e);
    }
    LifelineProperties.LearningProperties learning = properties.learning();
    if (learning != null) {
      builder.learning(learning(learning));
    }
    return builder;
  }

  /**
   * The engine's learning settings from {@code lifeline.learning.*}: the defaults when absent. The
   * Redis store merges the replicas' evidence by the same half-lives.
   *
   * @throws LifelinePropertyException naming the property at fault
   */
  static LearningSettings learningSettings(LifelineProperties properties) {
    LifelineProperties.LearningProperties learning = properties.learning();
    return learning == null ? LearningSettings.defaults() : learning(learning);
  }

  private static LearningSettings learning(LifelineProperties.LearningProperties learning) {
    LearningSettings.Builder settings = LearningSettings.builder();
    if (learning.enabled() != null) {
      settings.enabled(learning.enabled());
    }
    if (learning.threshold() != null) {
      set("lifeline.learning.threshold", () -> settings.threshold(learning.threshold()));
    }
    if (learning.maxEntries() != null) {
      set("lifeline.learning.max-entries", () -> settings.maxEntries(learning.maxEntries()));
    }
    learning
        .halfLives()
        .forEach(
            (kind, halfLife) ->
                set(
                    "lifeline.learning.half-lives." + kebab(kind),
                    () -> settings.halfLife(kind, halfLife)));
    return settings.build();
  }

  /** An error kind as its key under {@code lifeline.learning.half-lives}: rate-limited. */
  private static String kebab(ErrorKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Runs {@code setter}, a builder's setter that checks its value.
   *
   * @throws LifelinePropertyException naming {@code property}, with the setter's message
   */
  static void set(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new LifelinePropertyException(property, String.valueOf(e.getMessage()), e);
    }
  }
}
