package dev.lifeline.internal.health;

import dev.lifeline.health.BrownoutSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One deployment's brownout state (see {@link BrownoutSettings}): its recent and baseline answer
 * times, whether it is demoted and why, when its next probe is due, and the answers seen since it
 * was demoted.
 *
 * <p>Thread-safe: one short critical section per call; percentiles are read at most once per {@link
 * #CHECK_EVERY} of ticker time, so recording an answer stays a histogram update.
 */
final class BrownoutMonitor {

  /**
   * Answers in a row under the restore threshold that bring a demoted deployment back: enough that
   * a brownout's lucky draws do not (an 8x slower deployment answers under the threshold about one
   * time in five), few enough that a recovered one is back within a few probes.
   */
  static final int ANSWERS_TO_RESTORE = 8;

  /**
   * A demoted deployment is restored under this share of the threshold that demoted it: with the
   * default factor of 3, one and a half times its baseline P95.
   */
  private static final double RESTORE_SHARE = 0.5;

  /**
   * A probe is at most one call in this many, whatever the probe interval: at low traffic a probe
   * every interval would send a large share of the calls to a deployment known to be slow.
   */
  static final int CALLS_PER_PROBE = 20;

  /** The longest time between two judgements of the recent P95: often enough, and cheap. */
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private static final double[] P95 = {95};

  private final BrownoutSettings settings;
  private final AtomicInteger demotedCount; // the tracker's count of demoted deployments
  private final long checkEveryNanos;
  private final BucketRing recentRing;

  // Guarded by this.
  private HistogramWindow recent;
  private final HistogramWindow baseline;
  private long baselineP95Nanos; // the last baseline known; 0 before the first
  private long lastCheckNanos;
  private boolean checked;
  private boolean demoted;
  private String reason;
  private long restoreBelowNanos;
  private long nextProbeNanos;
  private int underInARow;
  private int callsSinceProbe; // calls planned since the last probe (or the demotion)

  BrownoutMonitor(BrownoutSettings settings, AtomicInteger demotedCount) {
    this.settings = settings;
    this.demotedCount = demotedCount;
    this.recentRing = new BucketRing(settings.recentWindow(), 6);
    this.recent = new HistogramWindow(recentRing);
    this.baseline = new HistogramWindow(new BucketRing(settings.baselineWindow(), 10));
    this.checkEveryNanos =
        Math.min(CHECK_EVERY.toNanos(), Math.max(1, settings.recentWindow().toNanos() / 10));
  }

  /**
   * Records a successful answer after {@code latency}; true when it restored the deployment. While
   * demoted, answers only count towards the restore, and teach neither window; the baseline never
   * learns an answer slower than the demotion threshold.
   */
  synchronized boolean record(long nowNanos, Duration latency) {
    if (demoted) {
      underInARow = latency.toNanos() < restoreBelowNanos ? underInARow + 1 : 0;
      if (underInARow < ANSWERS_TO_RESTORE) {
        return false;
      }
      demoted = false;
      reason = null;
      // The minute before the demotion would demote it again at once.
      recent = new HistogramWindow(recentRing);
      demotedCount.decrementAndGet();
      return true;
    }
    recent.record(nowNanos, latency);
    // An answer past the demotion threshold is an outlier, not the norm: were the baseline to learn
    // it, a brownout would raise its own yardstick within minutes and never be seen again.
    if (baselineP95Nanos == 0 || latency.toNanos() < settings.factor() * baselineP95Nanos) {
      baseline.record(nowNanos, latency);
    }
    return false;
  }

  /** Whether a judgement is due: not demoted, and none in the last second. */
  synchronized boolean judgementDue(long nowNanos) {
    return !demoted && (!checked || nowNanos - lastCheckNanos >= checkEveryNanos);
  }

  /** The recent P95 in nanoseconds, or 0 with too few answers or while demoted. */
  synchronized long recentP95Nanos(long nowNanos) {
    if (demoted || recent.count(nowNanos) < settings.minSamples()) {
      return 0;
    }
    return recent.percentiles(nowNanos, P95)[0].toNanos();
  }

  /**
   * Judges the recent P95 against the baseline and against {@code peerMedianNanos} (0 when the
   * peers say nothing); true when it demoted the deployment.
   */
  synchronized boolean judge(long nowNanos, long peerMedianNanos) {
    if (demoted) {
      return false;
    }
    checked = true;
    lastCheckNanos = nowNanos;
    long recentP95 = recentP95Nanos(nowNanos);
    if (recentP95 == 0) {
      return false;
    }
    if (baseline.count(nowNanos) >= settings.minSamples()) {
      baselineP95Nanos = baseline.percentiles(nowNanos, P95)[0].toNanos();
    }
    long threshold;
    long reference;
    String against;
    if (baselineP95Nanos > 0 && recentP95 >= settings.factor() * baselineP95Nanos) {
      reference = baselineP95Nanos;
      threshold = (long) (settings.factor() * reference);
      against = "its baseline ";
    } else if (peerMedianNanos > 0 && recentP95 >= settings.peerFactor() * peerMedianNanos) {
      reference = peerMedianNanos;
      threshold = (long) (settings.peerFactor() * reference);
      against = "its peers' median ";
    } else {
      return false;
    }
    demoted = true;
    reason =
        String.format(
            Locale.ROOT,
            "brownout: P95 %s is %.1fx %s%s",
            human(recentP95),
            (double) recentP95 / reference,
            against,
            human(reference));
    restoreBelowNanos = (long) (threshold * RESTORE_SHARE);
    nextProbeNanos = nowNanos + settings.probeInterval().toNanos();
    underInARow = 0;
    callsSinceProbe = 0;
    demotedCount.incrementAndGet();
    return true;
  }

  /** Whether the deployment is demoted now. */
  synchronized boolean isDemoted() {
    return demoted;
  }

  /**
   * Why the deployment goes after the others now; null when it is not demoted, or when this call is
   * its probe: once per probe interval, and at most one call in {@link #CALLS_PER_PROBE}.
   */
  synchronized String demotionUnlessProbe(long nowNanos) {
    if (!demoted) {
      return null;
    }
    callsSinceProbe++;
    if (nowNanos - nextProbeNanos >= 0 && callsSinceProbe >= CALLS_PER_PROBE) {
      nextProbeNanos = nowNanos + settings.probeInterval().toNanos();
      callsSinceProbe = 0;
      return null;
    }
    return reason;
  }

  private static String human(long nanos) {
    return nanos >= 1_000_000_000L
        ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9)
        : String.format(Locale.ROOT, "%d ms", nanos / 1_000_000);
  }
}
