package dev.lifeline.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.failure.TreeClassifier;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import java.util.Optional;

/** A classifier's verdict on an answer whose body was already read as JSON. Not API. */
public final class Verdicts {

  private Verdicts() {}

  /**
   * {@code classifier}'s verdict on {@code response}, from {@code root} (its body as {@link
   * dev.lifeline.internal.json.BodyTree#read} reads it) when the classifier can take one.
   */
  public static Optional<Failure> of(
      ErrorClassifier classifier, RawResponse response, JsonNode root) {
    return classifier instanceof TreeClassifier
        ? ((TreeClassifier) classifier).classify(response, root)
        : classifier.classify(response);
  }
}
