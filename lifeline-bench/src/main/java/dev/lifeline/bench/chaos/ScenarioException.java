package dev.lifeline.bench.chaos;

/**
 * A scenario that cannot be used: a file that is missing or not YAML/JSON, an unknown name, or a
 * field with a missing, unknown or out-of-range value. The message names the scenario and the field
 * ({@code faults[2].end}), and {@link #field()} returns the field alone.
 */
public final class ScenarioException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  ScenarioException(String source, String field, String problem) {
    super(source + (field.isEmpty() ? "" : ": " + field) + ": " + problem);
    this.field = field;
  }

  ScenarioException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.field = "";
  }

  /**
   * The path of the field at fault ({@code deployments[0].p99}), or empty when the whole file is.
   */
  public String field() {
    return field;
  }
}
