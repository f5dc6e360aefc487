/**
 * Fake LLM providers on loopback HTTP, speaking the real wire formats with scripted faults, for
 * testing code that calls models (a JUnit 5 extension included).
 */
module dev.lifeline.testkit {
  requires transitive dev.lifeline;
  requires transitive org.junit.jupiter.api;
  requires transitive jdk.httpserver;
  requires transitive com.fasterxml.jackson.databind; // RecordedRequest.json() returns a JsonNode

  exports dev.lifeline.testkit;
}
