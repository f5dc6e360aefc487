package dev.lifeline.bench.load;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What the JVM says about allocation and threads. Allocation is the sum over every live thread of
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, so it includes the clients' own
 * selector and executor threads, not only the callers; bytes of a thread that ended between two
 * snapshots are missed (the JDK clients' pools keep theirs for 60 s, longer than a run slice).
 */
final class JvmProbe {

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  JvmProbe() {
    threads.setThreadAllocatedMemoryEnabled(true);
  }

  /** Allocated bytes per live thread id, now. */
  Map<Long, Long> allocatedBytes() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }

  /** Bytes allocated since {@code before} by the threads alive now. */
  long allocatedSince(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : allocatedBytes().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  /** Live threads now. */
  int liveThreads() {
    return threads.getThreadCount();
  }

  /** Threads started since the JVM began. */
  long startedThreads() {
    return threads.getTotalStartedThreadCount();
  }
}
