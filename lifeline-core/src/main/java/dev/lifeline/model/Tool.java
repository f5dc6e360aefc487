package dev.lifeline.model;

import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param name the tool's name, as the model will use it
 * @param description what the tool does, for the model
 * @param parametersSchemaJson the JSON Schema of its arguments, as JSON text
 */
public record Tool(String name, String description, String parametersSchemaJson) {
  /** Checks the name and defaults an absent schema to an empty object schema. */
  public Tool {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tool name must not be blank");
    }
    description = description == null ? "" : description;
    parametersSchemaJson =
        parametersSchemaJson == null || parametersSchemaJson.isBlank()
            ? "{\"type\":\"object\",\"properties\":{}}"
            : parametersSchemaJson;
  }
}
