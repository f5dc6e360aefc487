package dev.lifeline.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the fleet server a {@link FakeLlmServer} test parameter receives from {@link
 * FakeFleetExtension}: {@code void failsOver(@FleetServer("openai") FakeLlmServer openai)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FleetServer {
  /** The server's name in the fleet. */
  String value();
}
