package dev.lifeline.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Checks a JSON value against a JSON Schema; the seam that keeps the optional schema library out of
 * {@link JsonValidator}'s bytecode. Implementations are thread-safe.
 */
interface SchemaChecker {

  /**
   * The ways {@code value} breaks {@code schemaJson}, each worded for a person ("missing required
   * field 'refund_id'"), in a stable order; empty when it conforms.
   *
   * @throws IllegalArgumentException if {@code schemaJson} is not a usable schema
   */
  List<String> problems(String schemaJson, JsonNode value);
}
