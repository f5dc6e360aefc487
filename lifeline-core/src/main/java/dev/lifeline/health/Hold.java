package dev.lifeline.health;

import java.time.Instant;
import java.util.Objects;

/**
 * A deployment or a whole provider kept out of every plan until a time: a cooldown (a 429's wait, a
 * revoked key, a spent quota, a missing model) or an open circuit. What of a tracker's state
 * outlives a restart: a restarted engine given its holds skips what was known to be out, and probes
 * it back when the hold ends, instead of paying the failures again.
 *
 * <p>Immutable.
 *
 * @param target the deployment's id ({@code "openai/gpt-4o"}) or the provider's name
 * @param provider whether {@code target} is a whole provider
 * @param until when the target may be tried again (through half-open probing)
 * @param reason why it is out, for traces
 */
public record Hold(String target, boolean provider, Instant until, String reason) {

  /** Checks the parts. */
  public Hold {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(until, "until");
    reason = reason == null ? "" : reason;
  }

  /** A stable key for a store: {@code "provider:openai"} or {@code "deployment:openai/gpt-4o"}. */
  public String key() {
    return (provider ? "provider:" : "deployment:") + target;
  }
}
