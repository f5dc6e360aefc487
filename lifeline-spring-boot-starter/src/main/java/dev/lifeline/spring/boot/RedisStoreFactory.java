package dev.lifeline.spring.boot;

import dev.lifeline.store.redis.RedisStateStore;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.util.function.Consumer;

/**
 * Turns {@code lifeline.store.*} into a {@link RedisStateStore}: each property given goes to the
 * builder's setter of the same name, which checks it; a value it refuses fails startup naming the
 * property. The store merges playbook evidence by the engine's own learning settings, and reads
 * time from the engine's clock when the application gives one.
 */
final class RedisStoreFactory {
  private static final String PREFIX = "lifeline.store.";

  private RedisStoreFactory() {}

  /**
   * The store of {@code properties}; {@code ticker} and {@code scheduler} (null when the
   * application has none) are the engine's. It connects on its first command.
   *
   * @throws LifelinePropertyException naming the property at fault
   */
  static RedisStateStore build(LifelineProperties properties, Ticker ticker, Scheduler scheduler) {
    LifelineProperties.StoreProperties store = properties.store();
    if (store.uri() == null || store.uri().isBlank()) {
      throw new LifelinePropertyException(
          "lifeline.store.uri",
          "the Redis store needs a URI, such as redis://localhost:6379",
          null);
    }
    RedisStateStore.Builder builder = RedisStateStore.builder(store.uri());
    set("application", store.application(), builder::application);
    set("operation-timeout", store.operationTimeout(), builder::operationTimeout);
    set("staleness", store.staleness(), builder::staleness);
    set("probe-lease", store.probeLease(), builder::probeLease);
    set("limit-window", store.limitWindow(), builder::limitWindow);
    set("slot-lease", store.slotLease(), builder::slotLease);
    set("replicas", store.replicas(), builder::replicas);
    set("trusted-certificates", store.trustedCertificates(), builder::trustedCertificates);
    set("replica", store.replica(), builder::replica);
    if (Boolean.TRUE.equals(store.cluster())) {
      builder.cluster();
    }
    builder.learning(EngineFactory.learningSettings(properties));
    if (ticker != null) {
      builder.ticker(ticker);
    }
    if (scheduler != null) {
      builder.scheduler(scheduler);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // Only the URI is checked on build; its message never echoes the URI's password.
      throw new LifelinePropertyException("lifeline.store.uri", String.valueOf(e.getMessage()), e);
    }
  }

  /** Gives {@code value}, when the property is set, to {@code setter}. */
  private static <T> void set(String name, T value, Consumer<T> setter) {
    if (value != null) {
      EngineFactory.set(PREFIX + name, () -> setter.accept(value));
    }
  }
}
