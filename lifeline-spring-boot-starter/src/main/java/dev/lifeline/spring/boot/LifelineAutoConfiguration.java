package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import dev.lifeline.validation.ResponseValidator;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The engine, from the {@code lifeline.*} properties: a {@link SelfHealingEngine} bean, closed with
 * the context, with every {@link EngineListener} and {@link ResponseValidator} bean, the {@link
 * StateStore}, {@link Ticker} and {@link Scheduler} beans when there are, and the {@link
 * LifelineEngineCustomizer} beans applied last. An application's own engine bean replaces it.
 */
@AutoConfiguration
@EnableConfigurationProperties(LifelineProperties.class)
public class LifelineAutoConfiguration {
  private static final Set<String> STORE_TYPES = Set.of("memory", "sqlite", "redis");

  /** Created by Spring. */
  public LifelineAutoConfiguration() {}

  /** Reads {@code models: [gpt-4o, gpt-4o-mini]}: a model given by its name alone. */
  @Bean
  @ConfigurationPropertiesBinding
  static ModelNameConverter lifelineModelNameConverter() {
    return new ModelNameConverter();
  }

  /**
   * The engine.
   *
   * @throws LifelinePropertyException naming the {@code lifeline.*} property at fault
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SelfHealingEngine lifelineEngine(
      LifelineProperties properties,
      Environment environment,
      ObjectProvider<EngineListener> listeners,
      ObjectProvider<ResponseValidator> validators,
      ObjectProvider<StateStore> stores,
      ObjectProvider<Ticker> tickers,
      ObjectProvider<Scheduler> schedulers,
      ObjectProvider<LifelineEngineCustomizer> customizers) {
    checkStore(properties, stores);
    SelfHealingEngine.Builder builder = EngineFactory.builder(properties, environment::getProperty);
    listeners.orderedStream().forEach(builder::listener);
    validators.orderedStream().forEach(builder::validator);
    stores.ifAvailable(builder::stateStore);
    tickers.ifAvailable(builder::ticker);
    schedulers.ifAvailable(builder::scheduler);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  private static void checkStore(LifelineProperties properties, ObjectProvider<StateStore> stores) {
    LifelineProperties.StoreProperties store = properties.store();
    if (store == null || store.type() == null) {
      return;
    }
    String type = store.type().strip().toLowerCase(Locale.ROOT);
    if (!STORE_TYPES.contains(type)) {
      throw new LifelinePropertyException(
          "lifeline.store.type",
          "'" + store.type() + "' is not a store; expected one of memory, sqlite, redis",
          null);
    }
    if (!type.equals("memory") && stores.getIfAvailable() == null) {
      throw new LifelinePropertyException(
          "lifeline.store.type",
          type + " needs lifeline-store-" + type + " on the class path",
          null);
    }
  }
}
