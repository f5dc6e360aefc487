package dev.lifeline.bench.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Bytes allocated on the heap by the whole JVM, on JDK 17 (which has no total-allocation counter):
 * what every collection freed, from the collectors' notifications, plus the growth of the heap in
 * use. Unlike a sum of per-thread counters it also counts threads that ended during the run, as a
 * client that starts a thread per call leaves. Register once; {@link #close()} unregisters.
 *
 * <p>The heap in use counts each thread's whole allocation buffer (TLAB), used or not; with buffers
 * grown to megabytes, every reading adds their unused rest, which in short rounds swamps the calls'
 * own allocation. bench/load.sh and the bench profile therefore fix them at 32 KiB.
 */
final class HeapAllocation implements AutoCloseable {

  private static final long SETTLE_MILLIS = 2000;

  private final AtomicLong freed = new AtomicLong();
  private final AtomicLong notified = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onCollection;
  private final Set<String> heapPools = new HashSet<>();
  private final long collectionsBefore;

  HeapAllocation() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
    // Counted after registering: a collection in between is notified and counted, never awaited.
    collectionsBefore = collections();
  }

  /** A reading to subtract from a later one: bytes allocated so far, as far as known. */
  long read() throws InterruptedException {
    settle();
    return freed.get() + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Waits (briefly) until every collection so far has been notified. */
  private void settle() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
    while (notified.get() < collections() - collectionsBefore && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  private static long collections() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }

  private void onCollection(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long before = used(info.getGcInfo().getMemoryUsageBeforeGc());
    long after = used(info.getGcInfo().getMemoryUsageAfterGc());
    freed.addAndGet(before - after);
    notified.incrementAndGet();
  }

  private long used(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    return used;
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // Already gone.
      }
    }
  }
}
