package dev.lifeline.model;

import java.util.Objects;

/**
 * The shape the caller wants the answer in.
 *
 * @param type plain text, any JSON object, or JSON valid against a schema
 * @param schemaName the schema's name, for providers that want one; null unless {@code type} is
 *     {@link Type#JSON_SCHEMA}
 * @param schemaJson the JSON Schema as JSON text; null unless {@code type} is {@link
 *     Type#JSON_SCHEMA}
 */
public record ResponseFormat(Type type, String schemaName, String schemaJson) {

  /** The kinds of format. */
  public enum Type {
    /** Free text. */
    TEXT,
    /** Any valid JSON object ("JSON mode"). */
    JSON_OBJECT,
    /** JSON valid against a given schema ("structured outputs"). */
    JSON_SCHEMA
  }

  private static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null);
  private static final ResponseFormat JSON = new ResponseFormat(Type.JSON_OBJECT, null, null);

  /** Checks that a schema comes exactly with the schema type. */
  public ResponseFormat {
    Objects.requireNonNull(type, "type");
    if ((type == Type.JSON_SCHEMA) != (schemaJson != null)) {
      throw new IllegalArgumentException("a schema goes with, and only with, type JSON_SCHEMA");
    }
  }

  /** Free text, the default. */
  public static ResponseFormat text() {
    return TEXT;
  }

  /** Any JSON object. */
  public static ResponseFormat json() {
    return JSON;
  }

  /** JSON valid against {@code schemaJson}, named {@code name}. */
  public static ResponseFormat jsonSchema(String name, String schemaJson) {
    Objects.requireNonNull(schemaJson, "schemaJson");
    return new ResponseFormat(Type.JSON_SCHEMA, name == null ? "response" : name, schemaJson);
  }

  /** Whether the answer must be JSON. */
  public boolean wantsJson() {
    return type != Type.TEXT;
  }
}
