package dev.lifeline.store.redis;

import dev.lifeline.state.StateStoreException;
import dev.lifeline.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * The refresher: every staleness period, reads each watched namespace in one batch and tells its
 * listeners what other replicas wrote or changed since the last read. It runs on the store's
 * scheduler, never on a caller's thread; a read that fails is counted by the link and skipped until
 * the next period.
 */
final class Watches {
  private final SharedHolds holds;
  private final SharedHashes hashes;
  private final SharedProbes probes;
  private final Scheduler scheduler;
  private final Duration period;
  private final CopyOnWriteArrayList<Watch> watches = new CopyOnWriteArrayList<>();
  private volatile Future<?> next;
  private volatile boolean stopped;

  private record Watch(
      String namespace, BiConsumer<String, String> listener, Map<String, String> seen) {}

  Watches(
      SharedHolds holds,
      SharedHashes hashes,
      SharedProbes probes,
      Scheduler scheduler,
      Duration period) {
    this.holds = holds;
    this.hashes = hashes;
    this.probes = probes;
    this.scheduler = scheduler;
    this.period = period;
  }

  synchronized void add(String namespace, BiConsumer<String, String> listener) {
    boolean first = watches.isEmpty();
    watches.add(new Watch(namespace, listener, new ConcurrentHashMap<>()));
    if (first && !stopped) {
      next = scheduler.schedule(this::tick, period);
    }
  }

  private void tick() {
    if (stopped) {
      return;
    }
    refresh();
    if (!stopped) {
      next = scheduler.schedule(this::tick, period);
    }
  }

  /** Reads every watched namespace once; false if Redis did not answer. */
  boolean refresh() {
    boolean answered = true;
    for (Watch watch : watches) {
      Map<String, String> now;
      try {
        now =
            RedisStateStore.HOLDS.equals(watch.namespace())
                ? holds.all()
                : hashes.all(watch.namespace());
      } catch (StateStoreException e) {
        answered = false; // counted, and logged once per outage, by the link
        continue;
      }
      for (Map.Entry<String, String> value : now.entrySet()) {
        String key = value.getKey();
        if (value.getValue().equals(watch.seen().get(key)) || isOwn(watch, key, value.getValue())) {
          continue;
        }
        watch.listener().accept(key, value.getValue());
      }
      watch.seen().keySet().retainAll(now.keySet());
      watch.seen().putAll(now);
    }
    probes.refresh(); // after the holds: a failed probe's new hold is known before its verdict
    return answered;
  }

  private boolean isOwn(Watch watch, String key, String value) {
    return RedisStateStore.HOLDS.equals(watch.namespace())
        ? holds.isOwn(key, value)
        : hashes.isOwn(watch.namespace(), key, value);
  }

  /** After an outage: tell the listeners everything again, Redis may hold news of any age. */
  void forgetSeen() {
    for (Watch watch : watches) {
      watch.seen().clear();
    }
  }

  synchronized void stop() {
    stopped = true;
    Future<?> pending = next;
    if (pending != null) {
      pending.cancel(false);
    }
  }
}
