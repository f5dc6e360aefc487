package dev.lifeline.internal.failure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import java.util.Optional;

/**
 * A classifier that can judge an answer from a JSON tree already read from its body, so the
 * exchange parses a healthy answer once for the classifier and the wire's parser together.
 * Lifeline's own classifiers are; a user's {@code ErrorClassifier} need not be. Not API.
 */
public interface TreeClassifier {

  /**
   * What {@code ErrorClassifier.classify(RawResponse)} answers for {@code response}, given {@code
   * root}: its body as {@link dev.lifeline.internal.json.BodyTree#read} reads it (null when not
   * JSON).
   */
  Optional<Failure> classify(RawResponse response, JsonNode root);
}
