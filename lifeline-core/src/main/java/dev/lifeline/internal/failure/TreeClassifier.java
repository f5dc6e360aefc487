package dev.lifeline.internal.failure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import java.util.Optional;

/**
 * A classifier that can judge an answer from a JSON tree already read from its body, so the
 * exchange parses a healthy answer once for the classifier and the wire's parser together.
 * Lifeline's own classifiers are; a user's {@link ErrorClassifier} need not be. Not API.
 */
public interface TreeClassifier {

  /**
   * What {@link ErrorClassifier#classify(RawResponse)} answers for {@code response}, given {@code
   * root}: its body as {@link dev.lifeline.internal.json.BodyTree#read} reads it (null when not
   * JSON).
   */
  Optional<Failure> classify(RawResponse response, JsonNode root);

  /** {@code classifier}'s verdict, from {@code root} when it can take one. */
  static Optional<Failure> classify(
      ErrorClassifier classifier, RawResponse response, JsonNode root) {
    return classifier instanceof TreeClassifier
        ? ((TreeClassifier) classifier).classify(response, root)
        : classifier.classify(response);
  }
}
