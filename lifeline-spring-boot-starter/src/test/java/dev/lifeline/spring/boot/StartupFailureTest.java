package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.NestedExceptionUtils;

/** A wrong or missing {@code lifeline.*} property stops startup, and the report names it. */
class StartupFailureTest {
  private static final FakeLlmServer SERVER = FakeLlmServer.start(WireFormat.OPENAI);

  @AfterAll
  static void stopServer() {
    SERVER.close();
  }

  @Test
  void missingKeyFailsStartupNamingItsProperty() throws IOException {
    Throwable failure =
        start(
            "lifeline.providers[0].type=openai",
            "lifeline.providers[0].base-url=" + SERVER.baseUrl(),
            "lifeline.providers[0].models=gpt-4o");

    LifelinePropertyException cause = propertyProblem(failure);
    assertThat(cause.property()).isEqualTo("lifeline.providers[0].api-key");
    assertThat(cause.problem()).contains("apiKey");
    FailureAnalysis analysis = new LifelineFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription()).contains("'lifeline.providers[0].api-key'");
    // Boot finds the analyzer where it looks for them when startup fails.
    assertThat(failureAnalyzersRegistered()).contains(LifelineFailureAnalyzer.class.getName());
  }

  @Test
  void keyFromAnUnsetEnvironmentVariableNamesThePropertyAndTheVariable() {
    Throwable failure =
        start(
            "lifeline.providers[0].type=openai",
            "lifeline.providers[0].base-url=" + SERVER.baseUrl(),
            "lifeline.providers[0].api-key=${LIFELINE_TEST_SURELY_UNSET_KEY}",
            "lifeline.providers[0].models=gpt-4o");

    LifelinePropertyException cause = propertyProblem(failure);
    assertThat(cause.property()).isEqualTo("lifeline.providers[0].api-key");
    assertThat(cause.problem()).contains("LIFELINE_TEST_SURELY_UNSET_KEY");
  }

  @Test
  void unknownProviderTypeNamesTheTypeProperty() {
    Throwable failure =
        start(
            "lifeline.providers[0].type=openia",
            "lifeline.providers[0].api-key=sk-x",
            "lifeline.providers[0].models=gpt-4o");

    assertThat(propertyProblem(failure).property()).isEqualTo("lifeline.providers[0].type");
  }

  @Test
  void outOfRangeValueNamesItsProperty() {
    Throwable failure = startWithAProvider("lifeline.retry.max-attempts=0");

    LifelinePropertyException cause = propertyProblem(failure);
    assertThat(cause.property()).isEqualTo("lifeline.retry.max-attempts");
  }

  @Test
  void noProviderNamesTheProvidersProperty() {
    Throwable failure = start("lifeline.deadline=10s");

    assertThat(propertyProblem(failure).property()).isEqualTo("lifeline.providers");
  }

  @Test
  void unknownStoreTypeNamesItsProperty() {
    Throwable failure = startWithAProvider("lifeline.store.type=postgres");

    assertThat(propertyProblem(failure).property()).isEqualTo("lifeline.store.type");
  }

  @Test
  void aRedisSettingWithoutTheRedisStoreNamesItsPropertyInsteadOfBeingIgnored() {
    Throwable failure = startWithAProvider("lifeline.store.uri=redis://cache.internal:6379");

    LifelinePropertyException cause = propertyProblem(failure);
    assertThat(cause.property()).isEqualTo("lifeline.store.uri");
    assertThat(cause.problem())
        .isEqualTo(
            "applies to the redis store only, and lifeline.store.type is memory (the default);"
                + " set lifeline.store.type=redis or remove it");
  }

  @Test
  void aSqliteSettingWithAnotherStoreNamesItsProperty() {
    Throwable failure =
        startWithAProvider(
            "lifeline.store.type=memory", "lifeline.store.path=/var/lib/app/lifeline.db");

    LifelinePropertyException cause = propertyProblem(failure);
    assertThat(cause.property()).isEqualTo("lifeline.store.path");
    assertThat(cause.problem())
        .startsWith("applies to the sqlite store only, and lifeline.store.type is memory;");
  }

  /** The failure analyzers every {@code META-INF/spring.factories} on the class path names. */
  private static List<String> failureAnalyzersRegistered() throws IOException {
    List<String> names = new ArrayList<>();
    Enumeration<URL> files =
        StartupFailureTest.class.getClassLoader().getResources("META-INF/spring.factories");
    while (files.hasMoreElements()) {
      Properties factories = new Properties();
      try (InputStream in = files.nextElement().openStream()) {
        factories.load(in);
      }
      String value = factories.getProperty(FailureAnalyzer.class.getName(), "");
      for (String name : value.split(",", -1)) {
        names.add(name.strip());
      }
    }
    return names;
  }

  /** {@link #start} with a valid OpenAI provider and {@code more}. */
  private static Throwable startWithAProvider(String... more) {
    List<String> properties =
        new ArrayList<>(
            List.of(
                "lifeline.providers[0].type=openai",
                "lifeline.providers[0].base-url=" + SERVER.baseUrl(),
                "lifeline.providers[0].api-key=sk-x",
                "lifeline.providers[0].models=gpt-4o"));
    properties.addAll(List.of(more));
    return start(properties.toArray(String[]::new));
  }

  private static Throwable start(String... properties) {
    Throwable failure =
        catchThrowable(
            () ->
                new SpringApplicationBuilder(StarterApp.class)
                    .web(WebApplicationType.NONE)
                    .properties(properties)
                    .run()
                    .close());
    assertThat(failure).as("startup should fail").isNotNull();
    return failure;
  }

  private static LifelinePropertyException propertyProblem(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof LifelinePropertyException)) {
      cause = cause.getCause();
    }
    assertThat(cause)
        .as("cause of %s", NestedExceptionUtils.getMostSpecificCause(failure))
        .isInstanceOf(LifelinePropertyException.class);
    return (LifelinePropertyException) cause;
  }
}
