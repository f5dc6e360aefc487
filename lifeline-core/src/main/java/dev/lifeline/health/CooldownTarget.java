package dev.lifeline.health;

import java.util.Objects;

/**
 * What a cooldown keeps out of every plan: one deployment, or a whole provider (a revoked key, a
 * spent quota). Immutable.
 *
 * @param provider true for a whole provider
 * @param name the deployment's id ({@code "openai/gpt-4o"}), or the provider's name when {@code
 *     provider}
 */
public record CooldownTarget(boolean provider, String name) {

  /** Checks the parts. */
  public CooldownTarget {
    Objects.requireNonNull(name, "name");
  }

  /** One deployment, by its id ({@code "openai/gpt-4o"}). */
  public static CooldownTarget deployment(String id) {
    return new CooldownTarget(false, id);
  }

  /** A whole provider, by its name. */
  public static CooldownTarget provider(String name) {
    return new CooldownTarget(true, name);
  }

  @Override
  public String toString() {
    return (provider ? "provider " : "") + name;
  }
}
