package dev.lifeline.spring.boot;

/**
 * A {@code lifeline.*} property that cannot configure an engine: startup stops, and {@link
 * LifelineFailureAnalyzer} names the property.
 */
public final class LifelinePropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The full name of the property at fault. */
  private final String property;

  /** What is wrong with the property. */
  private final String problem;

  /**
   * A problem with {@code property}.
   *
   * @param property the full name, such as {@code lifeline.providers[0].api-key}
   * @param problem what is wrong with it
   * @param cause what reported it, or null
   */
  public LifelinePropertyException(String property, String problem, Throwable cause) {
    super(property + ": " + problem, cause);
    this.property = property;
    this.problem = problem;
  }

  /** The full name of the property at fault, such as {@code lifeline.providers[0].api-key}. */
  public String property() {
    return property;
  }

  /** What is wrong with the property. */
  public String problem() {
    return problem;
  }
}
