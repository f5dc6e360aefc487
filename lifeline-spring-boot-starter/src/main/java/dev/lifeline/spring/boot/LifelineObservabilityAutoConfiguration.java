package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.micrometer.LifelineGauges;
import dev.lifeline.micrometer.MicrometerListener;
import dev.lifeline.opentelemetry.OpenTelemetryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer and OpenTelemetry, when the application has them: {@code lifeline-micrometer}'s
 * listener (with the {@link ObservationRegistry} when there is one) and gauges over a {@link
 * MeterRegistry} bean; {@code lifeline-opentelemetry}'s listener over an {@link OpenTelemetry}
 * bean. The engine takes every listener bean.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"
    })
public class LifelineObservabilityAutoConfiguration {

  /** Created by Spring. */
  public LifelineObservabilityAutoConfiguration() {}

  /** Micrometer. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MicrometerListener.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class Micrometer {
    @Bean
    @ConditionalOnMissingBean
    MicrometerListener lifelineMicrometerListener(
        MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
      MicrometerListener.Builder builder = MicrometerListener.builder(meters);
      observations.ifAvailable(builder::observations);
      return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    LifelineGauges lifelineGauges(SelfHealingEngine engine, MeterRegistry meters) {
      LifelineGauges gauges = new LifelineGauges(engine);
      // Bound here as well as by Boot's metrics binding when it runs: binding twice registers once.
      gauges.bindTo(meters);
      return gauges;
    }
  }

  /** OpenTelemetry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({OpenTelemetryListener.class, OpenTelemetry.class})
  @ConditionalOnBean(OpenTelemetry.class)
  static class Otel {
    @Bean
    @ConditionalOnMissingBean
    OpenTelemetryListener lifelineOpenTelemetryListener(OpenTelemetry openTelemetry) {
      return OpenTelemetryListener.of(openTelemetry);
    }
  }
}
