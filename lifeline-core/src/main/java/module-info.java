/**
 * Lifeline's engine: {@link dev.lifeline.SelfHealingEngine} and the values a user configures it
 * with.
 *
 * <p>Exported: the engine and its exceptions ({@code dev.lifeline}), the provider-neutral model,
 * the providers and their adapters, failures and remedies, retry, health, routing, learning, state,
 * time, trace and validation. The {@code internal} packages are exported only to Lifeline's own
 * modules; they may change in any release.
 */
module dev.lifeline {
  requires transitive org.slf4j;
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.networknt.schema;
  requires HdrHistogram;
  requires org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires org.apache.httpcomponents.core5.httpcore5.h2;

  exports dev.lifeline;
  exports dev.lifeline.config;
  exports dev.lifeline.embedding;
  exports dev.lifeline.failure;
  exports dev.lifeline.health;
  exports dev.lifeline.learning;
  exports dev.lifeline.model;
  exports dev.lifeline.provider;
  exports dev.lifeline.provider.anthropic;
  exports dev.lifeline.provider.gemini;
  exports dev.lifeline.provider.openai;
  exports dev.lifeline.retry;
  exports dev.lifeline.routing;
  exports dev.lifeline.state;
  exports dev.lifeline.time;
  exports dev.lifeline.trace;
  exports dev.lifeline.validation;

  // Lifeline's own modules only. The command line and the benchmarks run on the class path.
  exports dev.lifeline.internal.health to
      dev.lifeline.store.sqlite,
      dev.lifeline.store.redis;
  exports dev.lifeline.internal.state to
      dev.lifeline.store.sqlite,
      dev.lifeline.store.redis;

  // Jackson reads and writes the records the engine persists and the configuration file.
  opens dev.lifeline.internal.health to
      com.fasterxml.jackson.databind;
  opens dev.lifeline.internal.config to
      com.fasterxml.jackson.databind;
  opens dev.lifeline.internal.learning to
      com.fasterxml.jackson.databind;
}
