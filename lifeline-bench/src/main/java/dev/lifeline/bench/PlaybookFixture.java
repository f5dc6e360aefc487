package dev.lifeline.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import java.time.Instant;
import java.util.List;

/**
 * A state store holding a playbook of many signatures, all learned against the deployments of the
 * engine under test (the worst place for them: a per-call scan of a deployment's entries would meet
 * every one), none of which applies to a short text prompt: answers that failed validation for JSON
 * requests of another size, and context windows overrun by prompts of millions of tokens. So the
 * calls stay on the happy path, and what they pay for the playbook is its size alone.
 *
 * <p>Entries are written in the playbook's stored form (format 1), which the engine reads back when
 * it is built.
 */
final class PlaybookFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PlaybookFixture() {}

  /** A store with {@code signatures} entries spread evenly over {@code deploymentIds}, seen now. */
  static StateStore storeWith(int signatures, List<String> deploymentIds, Instant now) {
    StateStore store = new InMemoryStateStore();
    for (int i = 0; i < signatures; i++) {
      String deployment = deploymentIds.get(i % deploymentIds.size());
      boolean context = i % 2 == 0;
      ErrorKind kind = context ? ErrorKind.CONTEXT_LENGTH_EXCEEDED : ErrorKind.VALIDATION_FAILED;
      // Buckets 21 to 30: prompts of a million tokens and more, far from the benchmark's.
      int bucket = 21 + (i / 2) % 10;
      RequestShape shape =
          context
              ? new RequestShape(bucket, false, ResponseFormat.Type.TEXT, false)
              : new RequestShape(bucket, i % 3 == 0, ResponseFormat.Type.JSON_OBJECT, i % 5 == 0);
      FailureSignature signature = new FailureSignature(deployment, kind, "code-" + i, shape);
      store.put(Playbook.NAMESPACE, signature.key(), stored(signature, now));
    }
    return store;
  }

  private static String stored(FailureSignature signature, Instant now) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("version", 1);
    entry.put("deployment", signature.deployment());
    entry.put("kind", signature.kind().name());
    entry.put("code", signature.providerCode());
    entry.put("shape", signature.shape().key());
    entry.put("evidence", 3.0);
    entry.put("failures", 3);
    entry.put("firstSeen", now.toEpochMilli());
    entry.put("lastSeen", now.toEpochMilli());
    entry.putObject("resolvers");
    entry.put("recoveries", 0);
    entry.put("recoveryAttempts", 0);
    entry.put("recoveryMillis", 0);
    entry.put("wastedCost", 0.0);
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
