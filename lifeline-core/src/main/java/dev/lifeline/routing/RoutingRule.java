package dev.lifeline.routing;

import java.util.List;
import java.util.Objects;

/**
 * An engine-wide rule that reorders the ladder of calls carrying a tag: a call tagged {@code
 * tier=batch} tries the cheap rung first. The rule's names are providers ({@code deepseek}) or
 * deployment ids ({@code deepseek/deepseek-chat}), tried first in this order; the rest keep theirs.
 * Immutable.
 *
 * <pre>{@code
 * RoutingRule.whenTag("tier", "batch").prefer("deepseek", "openai/gpt-4o-mini")
 * }</pre>
 *
 * @param tag the tag's key
 * @param value the tag's value the call must carry
 * @param prefer names tried first, in order
 */
public record RoutingRule(String tag, String value, List<String> prefer) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if {@code tag} or {@code value} is blank
   */
  public RoutingRule {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(value, "value");
    if (tag.isBlank() || value.isBlank()) {
      throw new IllegalArgumentException("a routing rule needs a non-blank tag and value");
    }
    prefer = List.copyOf(prefer);
  }

  /** A rule for calls tagged {@code tag=value} that prefers nothing yet. */
  public static RoutingRule whenTag(String tag, String value) {
    return new RoutingRule(tag, value, List.of());
  }

  /** This rule preferring {@code names}, in order. */
  public RoutingRule prefer(String... names) {
    return new RoutingRule(tag, value, List.of(names));
  }

  /** Whether a call with {@code routing} carries this rule's tag. */
  public boolean matches(CallRouting routing) {
    return value.equals(routing.tags().get(tag));
  }
}
