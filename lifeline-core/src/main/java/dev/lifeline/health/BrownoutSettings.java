package dev.lifeline.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Brownout routing: how the health tracker finds a deployment that still answers but far slower
 * than it should, and moves it after the others (demoted, not banned) until it is fast again.
 *
 * <p>A deployment is demoted when the P95 of its successful attempts over the last {@link
 * #recentWindow()} (at least {@link #minSamples()} of them) is {@link #factor()} times its own
 * baseline (the P95 over the last {@link #baselineWindow()} while it was not demoted, of the
 * answers under that threshold), or {@link #peerFactor()} times the median of the other
 * deployments' recent P95. While demoted it is planned after every healthy deployment; once per
 * {@link #probeInterval()} (and at most one call in twenty) one call is let through to it first, a
 * probe, and when eight answers in a row are back under half the demotion threshold it takes its
 * place again. A deployment that stays slow stays demoted: still tried when the others fail. Time
 * comes from the engine's ticker only.
 *
 * <p>Immutable; start from {@link #defaults()} and change what you need with the {@code with…}
 * copies.
 */
public final class BrownoutSettings {

  // A 1-minute view against a 30-minute baseline: a brownout is seen within about ten answers, and
  // a whole hour of it does not become the new normal, because the baseline stops learning while
  // the deployment is demoted.
  private static final BrownoutSettings DEFAULTS =
      new BrownoutSettings(
          true,
          3.0,
          5.0,
          Duration.ofMinutes(1),
          Duration.ofMinutes(30),
          10,
          Duration.ofSeconds(30));

  private final boolean enabled;
  private final double factor;
  private final double peerFactor;
  private final Duration recentWindow;
  private final Duration baselineWindow;
  private final int minSamples;
  private final Duration probeInterval;

  private BrownoutSettings(
      boolean enabled,
      double factor,
      double peerFactor,
      Duration recentWindow,
      Duration baselineWindow,
      int minSamples,
      Duration probeInterval) {
    this.enabled = enabled;
    this.factor = factor;
    this.peerFactor = peerFactor;
    this.recentWindow = recentWindow;
    this.baselineWindow = baselineWindow;
    this.minSamples = minSamples;
    this.probeInterval = probeInterval;
  }

  /** The defaults, as each {@code with…} method states. */
  public static BrownoutSettings defaults() {
    return DEFAULTS;
  }

  /** The defaults with brownout routing off: latency never reorders a plan. */
  public static BrownoutSettings disabled() {
    return DEFAULTS.withEnabled(false);
  }

  /** Whether brownout routing is on. */
  public boolean enabled() {
    return enabled;
  }

  /** This with brownout routing on or off; default on. */
  public BrownoutSettings withEnabled(boolean enabled) {
    return new BrownoutSettings(
        enabled, factor, peerFactor, recentWindow, baselineWindow, minSamples, probeInterval);
  }

  /** How many times its own baseline P95 a deployment's recent P95 must be to be demoted. */
  public double factor() {
    return factor;
  }

  /**
   * This with how many times its own baseline P95 a deployment's recent P95 must be to be demoted;
   * default 3 (a lognormal answer time's P95 moves by a few tens of percent on a bad minute, not
   * threefold).
   *
   * @throws IllegalArgumentException if {@code factor} is not in [1.5, 100]
   */
  public BrownoutSettings withFactor(double factor) {
    return new BrownoutSettings(
        enabled,
        Ranges.between("factor", factor, 1.5, 100),
        peerFactor,
        recentWindow,
        baselineWindow,
        minSamples,
        probeInterval);
  }

  /** How many times the median of its peers' recent P95 a deployment's must be to be demoted. */
  public double peerFactor() {
    return peerFactor;
  }

  /**
   * This with how many times the median of its peers' recent P95 a deployment's must be to be
   * demoted; default 5 (models differ by two or three times in speed by nature).
   *
   * @throws IllegalArgumentException if {@code peerFactor} is not in [1.5, 100]
   */
  public BrownoutSettings withPeerFactor(double peerFactor) {
    return new BrownoutSettings(
        enabled,
        factor,
        Ranges.between("peerFactor", peerFactor, 1.5, 100),
        recentWindow,
        baselineWindow,
        minSamples,
        probeInterval);
  }

  /** The window of recent answers judged against the baseline. */
  public Duration recentWindow() {
    return recentWindow;
  }

  /** The window the baseline P95 is kept over, while the deployment is not demoted. */
  public Duration baselineWindow() {
    return baselineWindow;
  }

  /**
   * This with the recent and the baseline windows; defaults 1 minute and 30 minutes.
   *
   * @throws IllegalArgumentException if {@code recent} is not in [1 second, 1 hour], or {@code
   *     baseline} not in [2 × recent, 1 day]
   */
  public BrownoutSettings withWindows(Duration recent, Duration baseline) {
    Duration checkedRecent =
        Ranges.between("recentWindow", recent, Duration.ofSeconds(1), Duration.ofHours(1));
    Duration checkedBaseline =
        Ranges.between(
            "baselineWindow", baseline, checkedRecent.multipliedBy(2), Duration.ofDays(1));
    return new BrownoutSettings(
        enabled, factor, peerFactor, checkedRecent, checkedBaseline, minSamples, probeInterval);
  }

  /** The answers a window needs before its P95 is judged. */
  public int minSamples() {
    return minSamples;
  }

  /**
   * This with the answers a window needs before its P95 is judged; default 10.
   *
   * @throws IllegalArgumentException if {@code minSamples} is not in [3, 10,000]
   */
  public BrownoutSettings withMinSamples(int minSamples) {
    return new BrownoutSettings(
        enabled,
        factor,
        peerFactor,
        recentWindow,
        baselineWindow,
        Ranges.between("minSamples", minSamples, 3, 10_000),
        probeInterval);
  }

  /**
   * How often a demoted deployment is given one call first, to see whether it recovered (and at
   * most one call in twenty, so that low traffic does not send a large share to a slow one).
   */
  public Duration probeInterval() {
    return probeInterval;
  }

  /**
   * This with how often a demoted deployment is given one call first; default 30 seconds.
   *
   * @throws IllegalArgumentException if {@code probeInterval} is not in [10 ms, 1 hour]
   */
  public BrownoutSettings withProbeInterval(Duration probeInterval) {
    return new BrownoutSettings(
        enabled,
        factor,
        peerFactor,
        recentWindow,
        baselineWindow,
        minSamples,
        Ranges.between("probeInterval", probeInterval, Duration.ofMillis(10), Duration.ofHours(1)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BrownoutSettings that
        && enabled == that.enabled
        && Double.compare(factor, that.factor) == 0
        && Double.compare(peerFactor, that.peerFactor) == 0
        && recentWindow.equals(that.recentWindow)
        && baselineWindow.equals(that.baselineWindow)
        && minSamples == that.minSamples
        && probeInterval.equals(that.probeInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled, factor, peerFactor, recentWindow, baselineWindow, minSamples, probeInterval);
  }

  @Override
  public String toString() {
    return "BrownoutSettings{enabled="
        + enabled
        + ", factor="
        + factor
        + ", peerFactor="
        + peerFactor
        + ", recentWindow="
        + recentWindow
        + ", baselineWindow="
        + baselineWindow
        + ", minSamples="
        + minSamples
        + ", probeInterval="
        + probeInterval
        + '}';
  }
}
