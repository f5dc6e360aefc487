package dev.lifeline.bench.chaos;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress bar on a terminal stream (stderr), shown only once a run has taken longer than a
 * couple of seconds and redrawn at most ten times a second. {@link #advance()} is thread-safe and
 * cheap (one atomic increment, and one clock read every 256 steps).
 */
public final class ProgressBar {

  /** Runs shorter than this print nothing. */
  private static final long SHOW_AFTER_NANOS = 2_000_000_000L;

  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  /** A bar that prints nothing. */
  public static final ProgressBar NONE = new ProgressBar(null, 1, "", System::nanoTime);

  private final PrintStream out;
  private final long total;
  private final String label;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final AtomicLong done = new AtomicLong();
  private volatile long lastDrawNanos;
  private volatile boolean shown;

  /** A bar for {@code total} steps, labelled {@code label}, drawn on {@code out}. */
  public ProgressBar(PrintStream out, long total, String label) {
    this(out, total, label, System::nanoTime);
  }

  ProgressBar(PrintStream out, long total, String label, LongSupplier nanoTime) {
    this.out = out;
    this.total = Math.max(1, total);
    this.label = label;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** One step done. */
  public void advance() {
    long now = done.incrementAndGet();
    if (out != null && (now & 255) == 0) {
      maybeDraw(now);
    }
  }

  /** Erases the bar, if it was shown. */
  public synchronized void finish() {
    if (shown) {
      out.print("\r" + " ".repeat(WIDTH + label.length() + 40) + "\r");
      out.flush();
    }
  }

  private synchronized void maybeDraw(long count) {
    long now = nanoTime.getAsLong();
    if (now - startNanos < SHOW_AFTER_NANOS || now - lastDrawNanos < REDRAW_NANOS) {
      return;
    }
    lastDrawNanos = now;
    shown = true;
    double share = Math.min(1, (double) count / total);
    int filled = (int) (share * WIDTH);
    out.printf(
        "\r%s [%s%s] %3d%% %,d/%,d",
        label, "#".repeat(filled), ".".repeat(WIDTH - filled), (int) (share * 100), count, total);
    out.flush();
  }
}
