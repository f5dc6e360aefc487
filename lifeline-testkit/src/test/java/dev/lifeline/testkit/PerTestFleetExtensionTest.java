package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in an instance field: a fresh fleet for each test, stopped after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestFleetExtensionTest {

  private static FakeFleet previous;

  @RegisterExtension
  final FakeFleetExtension fleet = FakeFleetExtension.builder().gemini("only").build();

  @Test
  @Order(1)
  void startsAFleetForThisTest(FakeLlmServer only) {
    assertThat(only.isRunning()).isTrue();
    assertThat(only).isSameAs(fleet.server("only"));
    previous = fleet.fleet();
  }

  @Test
  @Order(2)
  void theLastTestsFleetWasStopped(FakeFleet current) {
    assertThat(current).isNotSameAs(previous);
    assertThat(previous.isRunning()).isFalse();
    assertThat(current.isRunning()).isTrue();
  }
}
