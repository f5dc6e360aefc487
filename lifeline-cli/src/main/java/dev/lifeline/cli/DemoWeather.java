package dev.lifeline.cli;

import dev.lifeline.testkit.Fault;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trouble {@code lifeline top --demo} puts its fake fleet through, one spell after another and
 * round again: rate limits, an outage that opens a circuit, an overloaded provider, two providers
 * down at once, and calm between them.
 */
final class DemoWeather {

  /**
   * One spell.
   *
   * @param note what the screen says is happening
   * @param setup the faults, applied to a fleet reset to healthy
   */
  record Spell(String note, Consumer<DemoFleet> setup) {}

  static final List<Spell> SPELLS =
      List.of(
          new Spell("calm: every provider answers", fleet -> {}),
          new Spell(
              "openai rate-limits every request (429, Retry-After 3s)",
              fleet -> fleet.openai().always(Fault.rateLimited(Duration.ofSeconds(3)))),
          new Spell(
              "openai fails with 500s: its circuit opens, anthropic takes over",
              fleet -> fleet.openai().always(Fault.serverError())),
          new Spell("calm again: open circuits probe and close", fleet -> {}),
          new Spell(
              "anthropic overloaded (529), openai 503s: deepseek carries the load",
              fleet -> {
                fleet.anthropic().always(Fault.overloaded());
                fleet.openai().always(Fault.status(503));
              }));

  private DemoWeather() {}

  /** The spell at position {@code index}, round and round. */
  static Spell spell(long index) {
    return SPELLS.get((int) (index % SPELLS.size()));
  }
}
