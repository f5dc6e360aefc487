package dev.lifeline.internal.state;

import dev.lifeline.state.StateStore;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store whose writes return at once and reach the delegate later, on the store's own writer
 * thread ({@value #THREAD_NAME}), so that a slow or locked store never holds up a call, a timer or
 * a lock.
 *
 * <p>Writes wait in a bounded, coalescing queue: one slot per (namespace, key), where the latest
 * value or removal wins, and a clear of a namespace supersedes what was queued for it. When the
 * queue holds {@link #capacity()} slots, a write to a new slot is dropped and counted ({@link
 * #droppedWrites()}), and one warning is logged per overflow, not one per drop. Writes of one key
 * reach the delegate in the order they were made; a clear reaches it before the writes made after
 * it.
 *
 * <p>Reads go to the delegate on the calling thread and see the writes still queued, so the store
 * reads as if every write had already landed. They are meant for start-up (restoring the playbook
 * and health holds); how long they can take is the delegate's bound (for SQLite, its busy timeout;
 * in WAL mode a reader does not wait for another process's writer).
 *
 * <p>A write the delegate refuses is logged (one warning per streak of failures, an info line when
 * writes work again) and counted in {@link #failedWrites()}; the writer goes on with the next one.
 * {@link #flush(Duration)} waits for the queue to drain; {@link #shutdown(Duration)} drains it and
 * stops the writer; {@link #close()} does both and closes the delegate. The writer thread is a
 * daemon that is started when a write is queued and ends when it has been idle for {@value
 * #IDLE_SECONDS} s. Thread-safe. Writes never block; reads wait only for the delegate; the flushing
 * methods wait at most their bound.
 */
public final class WriteBehindStateStore implements StateStore {

  /** The name of the writer thread, as it shows in thread dumps. */
  public static final String THREAD_NAME = "lifeline-store-writer";

  /**
   * Queued slots by default: far more than the keys an engine writes between two writes reaching a
   * healthy store (playbook entries are capped by {@code LearningSettings.maxEntries}, holds by the
   * deployments), small enough that the memory of a long outage stays bounded.
   */
  public static final int DEFAULT_CAPACITY = 4_096;

  /**
   * How long {@link #close()} waits for queued writes: a healthy store drains thousands in this
   * time.
   */
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(WriteBehindStateStore.class);

  /** An idle writer thread ends after this long, so a stopped engine leaves no thread behind. */
  private static final int IDLE_SECONDS = 10;

  private final StateStore delegate;
  private final int capacity;
  private final Logger log;
  private final ThreadPoolExecutor writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final LinkedHashMap<Slot, String> queued =
      new LinkedHashMap<>(); // guarded by lock; null = removal
  private Slot current; // guarded by lock; the slot being written, null when none
  private String currentValue; // guarded by lock
  private boolean draining; // guarded by lock; a drain task is queued or running
  private boolean overflowing; // guarded by lock; a drop was logged since the queue was last empty
  private boolean stopped; // guarded by lock
  private volatile boolean writesFailing; // written by the writer thread only
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  WriteBehindStateStore(StateStore delegate, int capacity, Logger log) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.log = Objects.requireNonNull(log, "log");
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, THREAD_NAME);
              thread.setDaemon(true);
              return thread;
            });
    writer.allowCoreThreadTimeOut(true);
  }

  /**
   * {@code delegate} behind a queue of {@link #DEFAULT_CAPACITY} slots; a store that is already
   * write-behind is returned as it is.
   */
  public static WriteBehindStateStore wrap(StateStore delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof WriteBehindStateStore
        ? (WriteBehindStateStore) delegate
        : new WriteBehindStateStore(delegate, DEFAULT_CAPACITY, LOG);
  }

  /**
   * {@code delegate} behind a queue of {@code capacity} slots.
   *
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public static WriteBehindStateStore wrap(StateStore delegate, int capacity) {
    return new WriteBehindStateStore(delegate, capacity, LOG);
  }

  /** How many (namespace, key) slots the queue holds at most. */
  public int capacity() {
    return capacity;
  }

  /** Writes dropped because the queue was full or the store shut down, since it was created. */
  public long droppedWrites() {
    return dropped.get();
  }

  /** Writes the delegate refused (they are lost), since the store was created. */
  public long failedWrites() {
    return failed.get();
  }

  /**
   * Operations handed to the delegate, refused ones included: fewer than the writes when they
   * coalesced.
   */
  public long delegatedWrites() {
    return written.get();
  }

  /** Writes queued or being written now. */
  public int pendingWrites() {
    lock.lock();
    try {
      return queued.size() + (current == null ? 0 : 1);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    Slot slot =
        new Slot(
            Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(key, "key"));
    Map<Slot, String> overlay = overlay(namespace);
    Optional<String> stored = delegate.get(namespace, key);
    if (overlay.containsKey(slot)) {
      return Optional.ofNullable(overlay.get(slot));
    }
    return overlay.containsKey(new Slot(namespace, null)) ? Optional.empty() : stored;
  }

  @Override
  public Map<String, String> all(String namespace) {
    Map<Slot, String> overlay = overlay(Objects.requireNonNull(namespace, "namespace"));
    Map<String, String> stored = delegate.all(namespace);
    if (overlay.isEmpty()) {
      return stored;
    }
    // The overlay is in queue order, so a clear comes before the writes made after it.
    Map<String, String> answer = new LinkedHashMap<>(stored);
    overlay.forEach(
        (slot, value) -> {
          if (slot.key() == null) {
            answer.clear();
          } else if (value == null) {
            answer.remove(slot.key());
          } else {
            answer.put(slot.key(), value);
          }
        });
    return Map.copyOf(answer);
  }

  @Override
  public void put(String namespace, String key, String value) {
    Objects.requireNonNull(value, "value");
    enqueue(
        new Slot(
            Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(key, "key")),
        value);
  }

  @Override
  public void remove(String namespace, String key) {
    enqueue(
        new Slot(
            Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(key, "key")),
        null);
  }

  @Override
  public void clear(String namespace) {
    enqueue(new Slot(Objects.requireNonNull(namespace, "namespace"), null), null);
  }

  /**
   * Waits until every write queued so far has reached the delegate (or been refused by it), for at
   * most {@code timeout}.
   *
   * @return whether the queue drained in time
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean flush(Duration timeout) {
    long nanos = checkedNanos(timeout);
    lock.lock();
    try {
      while (!queued.isEmpty() || current != null) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drains the queue for at most {@code timeout}, then stops the writer; the delegate stays open
   * (its owner closes it). Writes made after this are dropped and counted. Meant for {@code
   * engine.close()}.
   *
   * @return whether every queued write reached the delegate
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean shutdown(Duration timeout) {
    checkedNanos(timeout);
    lock.lock();
    try {
      stopped = true;
    } finally {
      lock.unlock();
    }
    boolean drained = flush(timeout);
    writer.shutdown(); // a write still running ends on its own; the thread is a daemon
    if (!drained) {
      log.warn(
          "State store writer stopped before {} writes were saved; they may still land",
          pendingWrites());
    }
    return drained;
  }

  /** The store this one wraps, for {@link StoreLayers}. */
  StateStore delegate() {
    return delegate;
  }

  /**
   * Drains queued writes for at most {@link #DEFAULT_CLOSE_WAIT}, stops the writer and closes the
   * delegate. A delegate still busy with a write may hold its own close until that write ends.
   */
  /** Passes the watch to the delegate: what other processes write is not queued here. */
  @Override
  public void watch(String namespace, BiConsumer<String, String> listener) {
    delegate.watch(namespace, listener);
  }

  @Override
  public void close() {
    shutdown(DEFAULT_CLOSE_WAIT);
    delegate.close();
  }

  @Override
  public String toString() {
    return "WriteBehindStateStore["
        + delegate.getClass().getSimpleName()
        + ", "
        + pendingWrites()
        + " pending]";
  }

  private void enqueue(Slot slot, String value) {
    boolean start = false;
    lock.lock();
    try {
      if (stopped) {
        drop("the store writer was shut down");
        return;
      }
      if (slot.key() == null) {
        // A clear supersedes everything queued for its namespace, an earlier clear included.
        queued.keySet().removeIf(queuedSlot -> queuedSlot.namespace().equals(slot.namespace()));
      }
      if (!queued.containsKey(slot) && queued.size() >= capacity) {
        drop("the queue holds " + capacity + " writes");
        return;
      }
      queued.put(
          slot, value); // an existing slot keeps its place: latest value wins, order per key kept
      if (!draining) {
        draining = true;
        start = true;
      }
    } finally {
      lock.unlock();
    }
    if (start) {
      try {
        writer.execute(this::drain); // outside the lock: may start the thread
      } catch (RejectedExecutionException e) {
        // shut down meanwhile, after its wait ran out: the write stays queued and unsaved
        lock.lock();
        try {
          draining = false;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Counts a dropped write; the first drop since the queue was last empty logs. Holds the lock. */
  private void drop(String why) {
    dropped.incrementAndGet();
    if (!overflowing) {
      overflowing = true;
      log.warn(
          "State store writes are being dropped ({}); what was learned stays in memory but will not"
              + " outlive the process. Dropped so far: {}",
          why,
          dropped.get());
    }
  }

  /** The writer's task; if something fatal escapes, the next write starts a new one. */
  private void drain() {
    try {
      drainQueue();
    } catch (Throwable fatal) {
      lock.lock();
      try {
        current = null;
        currentValue = null;
        draining = false;
        idle.signalAll();
      } finally {
        lock.unlock();
      }
      throw fatal;
    }
  }

  /** The writer's loop: one slot at a time, the lock never held while the delegate works. */
  private void drainQueue() {
    while (true) {
      Slot slot;
      String value;
      lock.lock();
      try {
        Iterator<Map.Entry<Slot, String>> first = queued.entrySet().iterator();
        if (!first.hasNext()) {
          current = null;
          draining = false;
          overflowing = false;
          idle.signalAll();
          return;
        }
        Map.Entry<Slot, String> next = first.next();
        first.remove();
        slot = next.getKey();
        value = next.getValue();
        current = slot;
        currentValue = value;
      } finally {
        lock.unlock();
      }
      apply(slot, value);
      lock.lock();
      try {
        current = null;
        currentValue = null;
      } finally {
        lock.unlock();
      }
    }
  }

  private void apply(Slot slot, String value) {
    written.incrementAndGet();
    try {
      if (slot.key() == null) {
        delegate.clear(slot.namespace());
      } else if (value == null) {
        delegate.remove(slot.namespace(), slot.key());
      } else {
        delegate.put(slot.namespace(), slot.key(), value);
      }
      if (writesFailing) {
        writesFailing = false;
        log.info("State store {} takes writes again", delegate.getClass().getSimpleName());
      }
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // A store's bug must not stop persistence; anything graver (OutOfMemoryError) ends the drain.
      failed.incrementAndGet();
      if (!writesFailing) {
        writesFailing = true;
        log.warn(
            "State store {} refused a write to namespace '{}'; it is kept in memory only: {}",
            delegate.getClass().getSimpleName(),
            slot.namespace(),
            e.toString());
      }
    }
  }

  /**
   * What is queued or being written for {@code namespace}, in queue order; a null key is a clear.
   */
  private Map<Slot, String> overlay(String namespace) {
    lock.lock();
    try {
      Map<Slot, String> overlay = new LinkedHashMap<>();
      if (current != null && current.namespace().equals(namespace)) {
        overlay.put(current, currentValue);
      }
      queued.forEach(
          (slot, value) -> {
            if (slot.namespace().equals(namespace)) {
              if (slot.key() == null) {
                overlay.clear(); // what was written before the clear no longer counts
              }
              overlay.remove(slot); // the queued write is newer than the one being written
              overlay.put(slot, value);
            }
          });
      return overlay;
    } finally {
      lock.unlock();
    }
  }

  private static long checkedNanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be zero or more, was " + timeout);
    }
    return timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
  }

  /** One place in the queue: a key of a namespace, or (key null) the clear of a whole namespace. */
  private record Slot(String namespace, String key) {}
}
