/**
 * Micrometer for Lifeline: an {@code Observation} per call with the GenAI semantic conventions'
 * keys, and the cascade's own meters. See {@link dev.lifeline.micrometer.MicrometerListener} and
 * {@link dev.lifeline.micrometer.LifelineGauges}.
 */
module dev.lifeline.micrometer {
  requires transitive dev.lifeline;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;

  exports dev.lifeline.micrometer;
}
