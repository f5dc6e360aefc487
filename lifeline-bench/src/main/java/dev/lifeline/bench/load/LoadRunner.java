package dev.lifeline.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs one contender in one mode: a fixed pool of {@code concurrency} caller threads, each calling
 * until the mode's calls are used up or its time is over, while a sampler thread watches the JVM's
 * live thread count. Latency is measured around each blocking call, on the caller's thread.
 */
final class LoadRunner implements AutoCloseable {

  private static final long SAMPLE_EVERY_MILLIS = 10;

  /** A slice that has not ended this long after its deadline is reported as stuck. */
  private static final long GRACE_SECONDS = 60;

  private final JvmProbe probe = new JvmProbe();
  private final HeapAllocation heap = new HeapAllocation();

  /** One slice of {@code mode} against {@code contender}. */
  Sample run(Contender contender, LoadMode mode) throws InterruptedException {
    Sample sample = new Sample();
    AtomicLong remaining = new AtomicLong(mode.calls() > 0 ? mode.calls() : Long.MAX_VALUE);
    long deadline =
        mode.calls() > 0 ? Long.MAX_VALUE : System.nanoTime() + mode.duration().toNanos();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Histogram> latencies = new ArrayList<>();
    List<Histogram> firstDeltas = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(mode.concurrency());
    ThreadPeak peak = new ThreadPeak(probe, SAMPLE_EVERY_MILLIS);
    long startedBefore = probe.startedThreads();
    long allocatedBefore = heap.read();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < mode.concurrency(); i++) {
      Histogram latency = new Histogram(Sample.MAX_MICROS, 3);
      Histogram firstDelta = new Histogram(Sample.MAX_MICROS, 3);
      latencies.add(latency);
      firstDeltas.add(firstDelta);
      running.add(
          callers.submit(
              () -> {
                while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                  callOnce(contender, mode.streaming(), latency, firstDelta, errors, firstError);
                }
              }));
    }
    callers.shutdown();
    long wait =
        (deadline == Long.MAX_VALUE ? TimeUnit.MINUTES.toNanos(30) : deadline - start)
            + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
    boolean ended = callers.awaitTermination(wait, TimeUnit.NANOSECONDS);
    sample.elapsedNanos = System.nanoTime() - start;
    sample.startedThreads = probe.startedThreads() - startedBefore;
    sample.peakThreads = peak.stop();
    sample.allocatedBytes = heap.read() - allocatedBefore;
    if (!ended) {
      callers.shutdownNow();
      throw new IllegalStateException(
          contender.name() + " in mode " + mode.name() + " did not finish; calls are stuck");
    }
    for (Future<?> caller : running) {
      caller.cancel(false);
    }
    latencies.forEach(sample.latency::add);
    firstDeltas.forEach(sample.firstDelta::add);
    sample.errors = errors.get();
    sample.firstError = firstError.get();
    return sample;
  }

  private static void callOnce(
      Contender contender,
      boolean streaming,
      Histogram latency,
      Histogram firstDelta,
      AtomicLong errors,
      AtomicReference<String> firstError) {
    long start = System.nanoTime();
    try {
      long[] first = {0};
      String text =
          streaming ? contender.stream(() -> first[0] = System.nanoTime()) : contender.call();
      long end = System.nanoTime();
      if (text == null || text.isEmpty()) {
        throw new IllegalStateException("empty answer");
      }
      latency.recordValue(micros(end - start));
      if (streaming) {
        firstDelta.recordValue(micros(first[0] - start));
      }
    } catch (RuntimeException e) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, e.toString());
    }
  }

  private static long micros(long nanos) {
    return Math.min(Sample.MAX_MICROS, Math.max(0, nanos / 1000));
  }

  /** Stops listening to the collectors. */
  @Override
  public void close() {
    heap.close();
  }
}
