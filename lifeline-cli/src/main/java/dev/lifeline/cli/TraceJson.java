package dev.lifeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.Verdict;

/** The JSON shape of a trace that the CLI prints: one object an attempt. */
final class TraceJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private TraceJson() {}

  /**
   * {@code
   * [{"provider","model","kind","status","latencyMs","waitMs","decision","reason","verdicts"}]}.
   */
  static ArrayNode of(CallTrace trace) {
    ArrayNode attempts = JSON.createArrayNode();
    for (Attempt attempt : trace.attempts()) {
      ObjectNode node = attempts.addObject();
      node.put("provider", attempt.deployment().provider());
      node.put("model", attempt.deployment().model());
      if (attempt.failure() == null) {
        node.putNull("kind");
        node.put("status", attempt.succeeded() ? 200 : 0);
      } else {
        node.put("kind", attempt.failure().kind().name());
        node.put("status", attempt.failure().status());
      }
      node.put("latencyMs", attempt.latency().toMillis());
      node.put("waitMs", attempt.waitBefore().toMillis());
      node.put("decision", attempt.decision().name());
      node.put("reason", attempt.reason());
      ArrayNode verdicts = node.putArray("verdicts");
      for (Verdict verdict : attempt.verdicts()) {
        ObjectNode v = verdicts.addObject();
        v.put("validator", verdict.validator());
        v.put("passed", verdict.passed());
        v.put("reason", verdict.reason());
        v.put("score", verdict.score());
      }
    }
    return attempts;
  }
}
