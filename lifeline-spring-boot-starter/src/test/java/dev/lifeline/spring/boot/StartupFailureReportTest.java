package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An application started by {@link SpringApplication#run} with a provider but no key stops, and the
 * report Boot logs, as an operator reads it, names the missing property.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @Test
  void missingKeyStopsTheApplicationAndTheReportNamesTheProperty(CapturedOutput output) {
    SpringApplication application = new SpringApplication(StarterApp.class);
    application.setWebApplicationType(WebApplicationType.NONE);

    Throwable failure =
        catchThrowable(
            () ->
                application
                    .run(
                        "--lifeline.providers[0].type=openai",
                        "--lifeline.providers[0].base-url=http://127.0.0.1:9/v1",
                        "--lifeline.providers[0].models=gpt-4o")
                    .close());

    assertThat(failure).as("startup should fail").isNotNull();
    Throwable cause = failure;
    while (cause != null && !(cause instanceof LifelinePropertyException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("cause of %s", failure).isInstanceOf(LifelinePropertyException.class);
    assertThat(((LifelinePropertyException) cause).property())
        .isEqualTo("lifeline.providers[0].api-key");
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Lifeline could not be configured: the property 'lifeline.providers[0].api-key' is"
                + " wrong")
        .contains("Fix 'lifeline.providers[0].api-key'");
  }
}
