package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * The extension's callbacks driven directly: class, per-test and nested lifecycles; resolution
 * errors.
 */
class FakeFleetExtensionLifecycleTest {

  @Test
  void aClassScopedFleetLivesFromBeforeAllToAfterAll() {
    FakeFleetExtension extension = FakeFleetExtension.builder().openAi("a").build();
    ExtensionContext testClass = context("[class:Sample]");
    ExtensionContext test = context("[class:Sample]/[method:one()]");

    extension.beforeAll(testClass);
    FakeFleet fleet = extension.fleet();
    fleet.server("a").always(Fault.serverError());
    extension.beforeEach(test);
    assertThat(extension.fleet()).isSameAs(fleet);
    assertThat(fleet.server("a").script().toString()).doesNotContain("always");
    extension.afterEach(test);
    assertThat(fleet.isRunning()).isTrue();
    extension.afterAll(testClass);

    assertThat(fleet.servers()).noneMatch(FakeLlmServer::isRunning);
    assertThatThrownBy(extension::fleet).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anInstanceFieldFleetLivesForOneTest() {
    FakeFleetExtension extension = FakeFleetExtension.builder().gemini("g").build();
    ExtensionContext first = context("[class:Sample]/[method:one()]");
    ExtensionContext second = context("[class:Sample]/[method:two()]");

    extension.beforeEach(first);
    FakeFleet one = extension.fleet();
    extension.afterEach(first);
    extension.beforeEach(second);
    FakeFleet two = extension.fleet();
    extension.afterEach(second);

    assertThat(two).isNotSameAs(one);
    assertThat(one.isRunning()).isFalse();
    assertThat(two.isRunning()).isFalse();
  }

  @Test
  void nestedClassesShareTheOuterClasssFleet() {
    FakeFleetExtension extension = new FakeFleetExtension();
    ExtensionContext outer = context("[class:Outer]");
    ExtensionContext nested = context("[class:Outer]/[nested-class:Inner]");

    extension.beforeAll(outer);
    FakeFleet fleet = extension.fleet();
    extension.beforeAll(nested);
    assertThat(extension.fleet()).isSameAs(fleet);
    extension.afterAll(nested);
    assertThat(fleet.isRunning()).isTrue();
    extension.afterAll(outer);

    assertThat(fleet.isRunning()).isFalse();
  }

  @Test
  void anAmbiguousServerParameterNamesTheWayOut() throws Exception {
    FakeFleetExtension extension = FakeFleetExtension.builder().openAi("a").anthropic("b").build();
    ExtensionContext testClass = context("[class:Sample]");
    extension.beforeAll(testClass);
    try {
      ParameterContext parameter =
          parameter(Samples.class.getDeclaredMethod("ambiguous", FakeLlmServer.class));
      ParameterContext missing =
          parameter(Samples.class.getDeclaredMethod("missing", FakeLlmServer.class));

      assertThat(extension.supportsParameter(parameter, testClass)).isTrue();
      assertThatThrownBy(() -> extension.resolveParameter(parameter, testClass))
          .isInstanceOf(ParameterResolutionException.class)
          .hasMessageContaining("@FleetServer")
          .hasMessageContaining("[a, b]");
      assertThatThrownBy(() -> extension.resolveParameter(missing, testClass))
          .isInstanceOf(ParameterResolutionException.class)
          .hasMessageContaining("'zzz'");
    } finally {
      extension.afterAll(testClass);
    }
  }

  @Test
  void anEmptyFleetFailsAtBuildTime() {
    assertThatThrownBy(() -> FakeFleetExtension.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one server");
  }

  /** Methods whose parameters the resolution test inspects. */
  static final class Samples {
    @SuppressWarnings("unused")
    void ambiguous(FakeLlmServer someServer) {}

    @SuppressWarnings("unused")
    void missing(@FleetServer("zzz") FakeLlmServer server) {}
  }

  private static ExtensionContext context(String uniqueId) {
    return (ExtensionContext)
        Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getUniqueId")) {
                return uniqueId;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static ParameterContext parameter(Method method) {
    return (ParameterContext)
        Proxy.newProxyInstance(
            ParameterContext.class.getClassLoader(),
            new Class<?>[] {ParameterContext.class},
            (proxy, called, args) -> {
              if (called.getName().equals("getParameter")) {
                return method.getParameters()[0];
              }
              if (called.getName().equals("getIndex")) {
                return 0;
              }
              throw new UnsupportedOperationException(called.getName());
            });
  }
}
