/**
 * OpenTelemetry spans for Lifeline, on the OpenTelemetry API alone: see {@link
 * dev.lifeline.opentelemetry.OpenTelemetryListener}.
 */
module dev.lifeline.opentelemetry {
  requires transitive dev.lifeline;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;
  requires com.fasterxml.jackson.databind;

  exports dev.lifeline.opentelemetry;
}
