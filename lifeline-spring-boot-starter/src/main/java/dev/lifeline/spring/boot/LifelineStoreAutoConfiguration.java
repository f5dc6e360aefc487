package dev.lifeline.spring.boot;

import dev.lifeline.state.StateStore;
import dev.lifeline.store.redis.RedisStateStore;
import dev.lifeline.store.sqlite.SqliteStateStore;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store chosen by {@code lifeline.store.type}: SQLite ({@code lifeline.store.path}) or Redis
 * ({@code lifeline.store.uri} and the rest of {@code lifeline.store.*}, on the engine's {@link
 * Ticker} and {@link Scheduler} beans when there are), when its module is on the class path and no
 * {@link StateStore} bean is declared. Closed with the context, after the engine that writes to it.
 */
@AutoConfiguration(before = LifelineAutoConfiguration.class)
public class LifelineStoreAutoConfiguration {

  /** Created by Spring. */
  public LifelineStoreAutoConfiguration() {}

  /** SQLite. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SqliteStateStore.class)
  @ConditionalOnProperty(prefix = "lifeline.store", name = "type", havingValue = "sqlite")
  static class Sqlite {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(StateStore.class)
    StateStore lifelineStateStore(LifelineProperties properties) {
      String path = properties.store().path();
      if (path == null || path.isBlank()) {
        throw new LifelinePropertyException(
            "lifeline.store.path", "the SQLite store needs the file's path", null);
      }
      return SqliteStateStore.open(Path.of(path));
    }
  }

  /** Redis. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RedisStateStore.class)
  @ConditionalOnProperty(prefix = "lifeline.store", name = "type", havingValue = "redis")
  static class Redis {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(StateStore.class)
    StateStore lifelineStateStore(
        LifelineProperties properties,
        ObjectProvider<Ticker> tickers,
        ObjectProvider<Scheduler> schedulers) {
      return RedisStoreFactory.build(
          properties, tickers.getIfAvailable(), schedulers.getIfAvailable());
    }
  }
}
