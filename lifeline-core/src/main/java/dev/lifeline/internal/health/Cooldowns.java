package dev.lifeline.internal.health;

import dev.lifeline.health.CooldownTarget;
import dev.lifeline.internal.util.Durations;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Deployments and providers kept out of every plan until a deadline on the ticker.
 *
 * <p>A new cooldown of a target that is already cooling down moves the deadline to the later of the
 * two and never shortens it (LiteLLM #40130: there a longer cooldown did not extend a shorter one).
 * A cooldown ends when it is next looked at after its deadline, since time comes from the ticker
 * only: the one thread that removes it announces {@link EngineListener#onCooldownEnded} and then
 * runs the {@code onEnded} action (which brings the target back through half-open probing). Every
 * change is a compare-and-set on a map entry; listeners run after it. Thread-safe and lock-free.
 *
 * <p>A cooldown lasts at most {@link #MAX_LENGTH}, whatever it was asked for (a restored hold read
 * from a store, a provider's wait in centuries): a longer one is cut to it, so deadlines stay far
 * inside the range where ticker arithmetic neither overflows nor wraps.
 */
final class Cooldowns {

  /**
   * The longest cooldown: 30 days, the longest any {@link HealthSettings} cooldown may be set to
   * and the longest wait {@link dev.lifeline.internal.retry.RetryAfter} reads.
   */
  static final Duration MAX_LENGTH = Duration.ofDays(30);

  private final ConcurrentHashMap<CooldownTarget, Cooldown> active = new ConcurrentHashMap<>();
  private final EngineListener listener;
  private final Consumer<CooldownTarget> onEnded;

  Cooldowns(EngineListener listener, Consumer<CooldownTarget> onEnded) {
    this.listener = listener;
    this.onEnded = onEnded;
  }

  /**
   * Keeps {@code target} out for {@code length} from {@code nowNanos}, unless it is already out at
   * least that long. {@code length} is cut to {@link #MAX_LENGTH}.
   *
   * @return whether the deadline moved (a cooldown started, or an active one was extended)
   */
  boolean start(CooldownTarget target, long nowNanos, Duration length, String reason) {
    if (length.isZero() || length.isNegative()) {
      return false; // "retry now" is no cooldown
    }
    long until =
        Durations.saturatedAdd(
            nowNanos, Durations.clamp(length, Duration.ZERO, MAX_LENGTH).toNanos());
    while (true) {
      Cooldown old = active.get(target);
      boolean oldActive = old != null && nowNanos - old.untilNanos() < 0;
      if (oldActive && old.untilNanos() - until >= 0) {
        return false; // never shorten
      }
      Cooldown next = new Cooldown(target, nowNanos, until, reason);
      boolean swapped =
          old == null
              ? active.putIfAbsent(target, next) == null
              : active.replace(target, old, next);
      if (swapped) {
        if (old != null && !oldActive) {
          ended(old.target()); // it had expired unnoticed: say so before the new one starts
        }
        listener.onCooldownStarted(target, Duration.ofNanos(until - nowNanos), reason);
        return true;
      }
    }
  }

  /** The cooldown of {@code target} active at {@code nowNanos}, or null; ends an expired one. */
  Cooldown active(CooldownTarget target, long nowNanos) {
    Cooldown cooldown = active.get(target);
    if (cooldown == null) {
      return null;
    }
    if (nowNanos - cooldown.untilNanos() < 0) {
      return cooldown;
    }
    if (active.remove(target, cooldown)) {
      ended(target);
    }
    return null;
  }

  /**
   * Whether no cooldown is held at all, active or expired: the usual case, checked without
   * allocating.
   */
  boolean isEmpty() {
    return active.isEmpty();
  }

  /** Every cooldown active at {@code nowNanos}; ends the expired ones. */
  List<Cooldown> allActive(long nowNanos) {
    List<Cooldown> all = new ArrayList<>();
    for (CooldownTarget target : List.copyOf(active.keySet())) {
      Cooldown cooldown = active(target, nowNanos);
      if (cooldown != null) {
        all.add(cooldown);
      }
    }
    return all;
  }

  private void ended(CooldownTarget target) {
    listener.onCooldownEnded(target);
    onEnded.accept(target);
  }

  /**
   * One cooldown.
   *
   * @param target what is out
   * @param sinceNanos ticker time it started, or was last extended
   * @param untilNanos ticker time it comes back
   * @param reason why, for traces and {@link DeploymentHealth}
   */
  record Cooldown(CooldownTarget target, long sinceNanos, long untilNanos, String reason) {}
}
