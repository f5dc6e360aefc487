package dev.lifeline.routing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One call's say in its ladder: only these deployments or providers, never those, these first, a
 * price cap, tags for the engine's {@link RoutingRule}s, and a session key that keeps a
 * conversation on the member of a {@link DeploymentGroup} that served it. A name is a provider's
 * ({@code openai}) or a deployment's id ({@code openai/gpt-4o}). Start from {@link #none()}.
 * Immutable.
 *
 * @param only when not empty, the names a deployment must match to be tried
 * @param exclude names never tried
 * @param prefer names tried first, in this order; the rest keep theirs
 * @param maxPricePerCall the most a deployment may cost for this call in USD (its prices times the
 *     prompt's estimate and the completion's assumed size), 0 for no cap; unknown prices pass
 * @param tags labels the engine's routing rules match, such as {@code tier=batch}
 * @param sessionKey the conversation's key, or null
 */
public record CallRouting(
    Set<String> only,
    Set<String> exclude,
    List<String> prefer,
    double maxPricePerCall,
    Map<String, String> tags,
    String sessionKey) {

  private static final CallRouting NONE =
      new CallRouting(Set.of(), Set.of(), List.of(), 0, Map.of(), null);

  /**
   * Copies the collections.
   *
   * @throws IllegalArgumentException if {@code maxPricePerCall} is negative or not finite, or
   *     {@code sessionKey} is blank
   */
  public CallRouting {
    only = Set.copyOf(only);
    exclude = Set.copyOf(exclude);
    prefer = List.copyOf(prefer);
    tags = Map.copyOf(new LinkedHashMap<>(tags));
    if (!(maxPricePerCall >= 0) || Double.isInfinite(maxPricePerCall)) {
      throw new IllegalArgumentException(
          "maxPricePerCall must be a finite amount >= 0, was " + maxPricePerCall);
    }
    if (sessionKey != null && sessionKey.isBlank()) {
      throw new IllegalArgumentException("sessionKey must not be blank");
    }
  }

  /** No say at all: the engine's ladder as it is. */
  public static CallRouting none() {
    return NONE;
  }

  /** This with only deployments matching {@code names} tried. */
  public CallRouting withOnly(String... names) {
    return new CallRouting(
        Set.copyOf(Arrays.asList(names)), exclude, prefer, maxPricePerCall, tags, sessionKey);
  }

  /** This with deployments matching {@code names} never tried. */
  public CallRouting withExclude(String... names) {
    return new CallRouting(
        only, Set.copyOf(Arrays.asList(names)), prefer, maxPricePerCall, tags, sessionKey);
  }

  /** This with deployments matching {@code names} tried first, in that order. */
  public CallRouting withPrefer(String... names) {
    return new CallRouting(only, exclude, List.of(names), maxPricePerCall, tags, sessionKey);
  }

  /** This with a price cap in USD per call; 0 removes it. */
  public CallRouting withMaxPricePerCall(double usd) {
    return new CallRouting(only, exclude, prefer, usd, tags, sessionKey);
  }

  /** This with the tag {@code key=value} added (replacing an earlier value of {@code key}). */
  public CallRouting withTag(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Map<String, String> grown = new LinkedHashMap<>(tags);
    grown.put(key, value);
    return new CallRouting(only, exclude, prefer, maxPricePerCall, grown, sessionKey);
  }

  /** This with the conversation's {@code sessionKey}; null clears it. */
  public CallRouting withSessionKey(String sessionKey) {
    return new CallRouting(only, exclude, prefer, maxPricePerCall, tags, sessionKey);
  }

  /** Whether this changes nothing but maybe the session key. */
  public boolean leavesLadder() {
    return only.isEmpty()
        && exclude.isEmpty()
        && prefer.isEmpty()
        && maxPricePerCall == 0
        && tags.isEmpty();
  }
}
