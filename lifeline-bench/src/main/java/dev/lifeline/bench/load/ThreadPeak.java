package dev.lifeline.bench.load;

/**
 * The highest live thread count seen while it runs: a daemon that samples the JVM until stopped.
 */
final class ThreadPeak {

  private final Thread sampler;
  private volatile boolean stopped;
  // Written by the sampler only, read after join().
  private int peak;

  ThreadPeak(JvmProbe probe, long everyMillis) {
    peak = probe.liveThreads();
    sampler =
        new Thread(
            () -> {
              while (!stopped) {
                peak = Math.max(peak, probe.liveThreads());
                try {
                  Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "thread-peak-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops sampling and returns the peak. */
  int stop() throws InterruptedException {
    stopped = true;
    sampler.interrupt();
    sampler.join();
    return peak;
  }
}
