package dev.lifeline.testkit;

/**
 * OpenAI's OpenAPI document ({@code spec/openai-openapi.yaml}, pinned in {@code
 * openai-openapi.SOURCE.md}), read once per test JVM: it is 3 MB of YAML.
 */
final class OpenAiSpec {

  private OpenAiSpec() {}

  /** The document's component schemas, ready to validate against. */
  static OpenApiSchemas schemas() {
    return Holder.SCHEMAS;
  }

  /** Loaded on first use, by the JVM's class initialisation (thread-safe, once). */
  private static final class Holder {
    static final OpenApiSchemas SCHEMAS = OpenApiSchemas.load("/spec/openai-openapi.yaml");
  }
}
