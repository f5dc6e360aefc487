package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.time.Ticker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator: the {@code lifeline} health indicator and the {@code lifeline} endpoint, when Actuator
 * is on the class path. Both read "now" from the application's {@link Ticker} bean when it has one
 * (the engine's clock), else from the system clock.
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class)
@ConditionalOnBean(SelfHealingEngine.class)
public class LifelineActuatorAutoConfiguration {

  /** Created by Spring. */
  public LifelineActuatorAutoConfiguration() {}

  /** The health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "lifelineHealthIndicator")
    LifelineHealthIndicator lifelineHealthIndicator(
        SelfHealingEngine engine, ObjectProvider<Ticker> ticker) {
      return new LifelineHealthIndicator(engine, ticker.getIfAvailable(Ticker::system));
    }
  }

  /** The endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    LifelineEndpoint lifelineEndpoint(SelfHealingEngine engine, ObjectProvider<Ticker> ticker) {
      return new LifelineEndpoint(engine, ticker.getIfAvailable(Ticker::system));
    }
  }
}
