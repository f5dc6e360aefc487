package dev.lifeline.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** What the JVM says about its threads: how many live now, and how many were ever started. */
final class JvmProbe {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** Live threads now. */
  int liveThreads() {
    return threads.getThreadCount();
  }

  /** Threads started since the JVM began. */
  long startedThreads() {
    return threads.getTotalStartedThreadCount();
  }
}
