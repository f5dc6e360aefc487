package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import dev.lifeline.validation.ResponseValidator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
    if (store == null) {
      return;
    }
    String type = store.type() == null ? "memory" : store.type().strip().toLowerCase(Locale.ROOT);
    if (!STORE_TYPES.contains(type)) {
      throw new LifelinePropertyException(
          "lifeline.store.type",
          "'" + store.type() + "' is not a store; expected one of memory, sqlite, redis",
          null);
    }
    checkStoreSettingsApply(store, type);
    if (!type.equals("memory") && stores.getIfAvailable() == null) {
      throw new LifelinePropertyException(
          "lifeline.store.type",
          type + " needs lifeline-store-" + type + " on the class path",
          null);
    }
  }

  /**
   * A setting of another store than the chosen one would be ignored: most often the type was
   * forgotten or misspelled in one profile, and the application would run on the memory store
   * believing it shared its state.
   */
  private static void checkStoreSettingsApply(
      LifelineProperties.StoreProperties store, String type) {
    Map<String, Object> sqlite = new LinkedHashMap<>();
    sqlite.put("path", store.path());
    Map<String, Object> redis = new LinkedHashMap<>();
    redis.put("uri", store.uri());
    redis.put("application", store.application());
    redis.put("operation-timeout", store.operationTimeout());
    redis.put("staleness", store.staleness());
    redis.put("probe-lease", store.probeLease());
    redis.put("limit-window", store.limitWindow());
    redis.put("slot-lease", store.slotLease());
    redis.put("replicas", store.replicas());
    redis.put("cluster", store.cluster());
    redis.put("trusted-certificates", store.trustedCertificates());
    redis.put("replica", store.replica());
    if (!type.equals("sqlite")) {
      requireUnset("sqlite", sqlite, store, type);
    }
    if (!type.equals("redis")) {
      requireUnset("redis", redis, store, type);
    }
  }

  /** Fails on the first of {@code settings} (those of the {@code owner} store) that is set. */
  private static void requireUnset(
      String owner,
      Map<String, Object> settings,
      LifelineProperties.StoreProperties store,
      String type) {
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      if (setting.getValue() != null) {
        throw new LifelinePropertyException(
            "lifeline.store." + setting.getKey(),
            "applies to the "
                + owner
                + " store only, and lifeline.store.type is "
                + type
                + (store.type() == null ? " (the default)" : "")
                + "; set lifeline.store.type="
                + owner
                + " or remove it",
            null);
      }
    }
  }
}
