package dev.lifeline.model;

import java.util.Objects;

/**
 * A call to a tool that the model asked for.
 *
 * @param id the provider's id for the call, echoed back in the {@link Role#TOOL} message that
 *     answers it
 * @param name the tool's name
 * @param argumentsJson the arguments as a JSON object text, exactly as the model produced them
 */
public record ToolCall(String id, String name, String argumentsJson) {
  /** Checks that every part is present. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
  }
}
