/**
 * Fake LLM providers on loopback HTTP, speaking the real wire formats with scripted faults, for
 * testing code that calls models (a JUnit 5 extension included).
 */
module dev.lifeline.testkit {
  requires transitive dev.lifeline;
  requires transitive org.junit.jupiter.api;
  requires transitive jdk.httpserver;
  requires com.fasterxml.jackson.databind;

  exports dev.lifeline.testkit;
}
