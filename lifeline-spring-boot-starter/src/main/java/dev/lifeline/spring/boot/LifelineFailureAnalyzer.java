package dev.lifeline.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells which {@code lifeline.*} property stopped the application, and what it should hold. */
public final class LifelineFailureAnalyzer
    extends AbstractFailureAnalyzer<LifelinePropertyException> {

  /** Registered in {@code META-INF/spring.factories}. */
  public LifelineFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, LifelinePropertyException cause) {
    return new FailureAnalysis(
        "Lifeline could not be configured: the property '"
            + cause.property()
            + "' is wrong: "
            + cause.problem(),
        "Fix '"
            + cause.property()
            + "' in the application's configuration (application.yaml, application.properties or"
            + " the environment); the README's \"Spring Boot\" section shows every lifeline.*"
            + " property.",
        cause);
  }
}
