package dev.lifeline.internal.state;

import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store that never fails: every operation goes to a delegate store and to a copy in memory, and
 * when the delegate throws, the operation is answered from memory instead. A store failure
 * therefore never fails a call; it costs only persistence.
 *
 * <p>Writes go to both. A key whose latest write the delegate refused (a locked or read-only file)
 * is "unsaved": from then on it is read from memory, until a write of it reaches the delegate
 * again; a namespace whose clear was refused is read from memory as a whole. Other keys are read
 * from the delegate while it answers (it holds what earlier runs and other processes wrote, and
 * each answer refreshes the copy) and from the copy while it fails. Unsaved writes are not replayed
 * to the delegate when it recovers, so they are lost with the process unless written again.
 *
 * <p>The store is degraded while the latest read or the latest write failed, or for good if the
 * delegate could not be opened. A warning is logged when it becomes degraded and an info line when
 * it recovers, so a long streak of failures, or a read-only file refusing every write, logs once.
 * Log lines name the delegate by its class, never by {@code toString()}, which could hold a
 * connection URL.
 *
 * <p>Thread-safe if the delegate is; concurrent writes of one key end with one of the values, as
 * with any store. Null arguments throw {@link NullPointerException} before the delegate is asked;
 * apart from that and {@link Error}s, nothing is thrown.
 */
public final class FailSafeStateStore implements StateStore {

  private static final Logger LOG = LoggerFactory.getLogger(FailSafeStateStore.class);

  private static final int READS_FAILING = 1;
  private static final int WRITES_FAILING = 2;

  private final StateStore delegate; // null when it could not be opened: memory only
  private final String delegateName;
  private final InMemoryStateStore memory = new InMemoryStateStore();

  /** Per namespace, the keys whose latest write the delegate refused. */
  private final ConcurrentHashMap<String, Set<String>> unsaved = new ConcurrentHashMap<>();

  /** Namespaces whose latest clear the delegate refused. */
  private final Set<String> unsavedClears = ConcurrentHashMap.newKeySet();

  private final Logger log;

  /** READS_FAILING and WRITES_FAILING bits; zero when healthy. */
  private final AtomicInteger failing;

  private final AtomicReference<StateStoreException> lastError;

  FailSafeStateStore(StateStore delegate, StateStoreException openFailure, Logger log) {
    this.delegate = delegate;
    this.delegateName = delegate == null ? "(not opened)" : delegate.getClass().getSimpleName();
    this.log = Objects.requireNonNull(log, "log");
    this.failing = new AtomicInteger(delegate == null ? READS_FAILING | WRITES_FAILING : 0);
    this.lastError = new AtomicReference<>(openFailure);
  }

  /** {@code delegate} made fail-safe; a store that is already fail-safe is returned as it is. */
  public static FailSafeStateStore wrap(StateStore delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof FailSafeStateStore
        ? (FailSafeStateStore) delegate
        : new FailSafeStateStore(delegate, null, LOG);
  }

  /**
   * Opens a store with {@code opener} and makes it fail-safe. If opening throws (a corrupt, locked
   * or too-new file) or returns null, the failure is logged once and the store returned works on
   * memory alone: {@link #degraded()} stays true and {@link #lastError()} holds the failure.
   */
  public static FailSafeStateStore open(Supplier<? extends StateStore> opener) {
    return open(opener, LOG);
  }

  static FailSafeStateStore open(Supplier<? extends StateStore> opener, Logger log) {
    Objects.requireNonNull(opener, "opener");
    StateStore opened;
    try {
      opened = opener.get();
    } catch (RuntimeException e) {
      StateStoreException failure = asStateStoreException("open", e);
      log.warn(
          "State store could not be opened; the engine works on memory and keeps nothing after the"
              + " process ends: {}",
          failure.getMessage(),
          failure);
      return new FailSafeStateStore(null, failure, log);
    }
    if (opened == null) {
      StateStoreException failure = new StateStoreException("The state store opener returned null");
      log.warn(
          "State store could not be opened; the engine works on memory: {}", failure.getMessage());
      return new FailSafeStateStore(null, failure, log);
    }
    return new FailSafeStateStore(opened, null, log);
  }

  /**
   * True while the delegate's latest read or latest write failed, and for good if it was never
   * opened.
   */
  public boolean degraded() {
    return failing.get() != 0;
  }

  /** The delegate's latest failure, kept after it recovers; empty if it never failed. */
  public Optional<StateStoreException> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    Optional<String> stored = ask("read", () -> delegate.get(namespace, key));
    if (stored == null || isUnsaved(namespace, key)) {
      return memory.get(namespace, key);
    }
    if (stored.isPresent()) {
      memory.put(namespace, key, stored.get());
    } else {
      memory.remove(namespace, key);
    }
    return stored;
  }

  @Override
  public void put(String namespace, String key, String value) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    memory.put(namespace, key, value);
    saved(namespace, key, tell("write", () -> delegate.put(namespace, key, value)));
  }

  @Override
  public Map<String, String> all(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    Map<String, String> stored = ask("read", () -> delegate.all(namespace));
    if (stored == null || unsavedClears.contains(namespace)) {
      return memory.all(namespace);
    }
    Set<String> mine = Set.copyOf(unsaved.getOrDefault(namespace, Set.of()));
    // Key by key rather than clear-then-fill, so a concurrent read from the copy never sees it
    // empty.
    stored.forEach(
        (key, value) -> {
          if (!mine.contains(key)) {
            memory.put(namespace, key, value);
          }
        });
    for (String key : memory.all(namespace).keySet()) {
      if (!stored.containsKey(key) && !mine.contains(key)) {
        memory.remove(namespace, key);
      }
    }
    if (mine.isEmpty()) {
      return stored;
    }
    Map<String, String> answer = new HashMap<>(stored);
    for (String key : mine) {
      Optional<String> value = memory.get(namespace, key);
      if (value.isPresent()) {
        answer.put(key, value.get());
      } else {
        answer.remove(key);
      }
    }
    return Collections.unmodifiableMap(answer);
  }

  @Override
  public void remove(String namespace, String key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    memory.remove(namespace, key);
    saved(namespace, key, tell("remove", () -> delegate.remove(namespace, key)));
  }

  @Override
  public void clear(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    memory.clear(namespace);
    if (tell("clear", () -> delegate.clear(namespace))) {
      unsavedClears.remove(namespace);
      unsaved.remove(namespace);
    } else {
      unsavedClears.add(namespace);
    }
  }

  /** The store this one wraps (null when it could not be opened), for {@link StoreLayers}. */
  StateStore delegate() {
    return delegate;
  }

  /** Passes the watch to the delegate; a delegate that refuses it is logged like a failed read. */
  @Override
  public void watch(String namespace, BiConsumer<String, String> listener) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(listener, "listener");
    if (delegate != null) {
      tell("watch", () -> delegate.watch(namespace, listener));
    }
  }

  /** Closes the delegate; a failure to close is recorded and logged like a failed write. */
  @Override
  public void close() {
    if (delegate != null) {
      tell("close", delegate::close);
    }
    memory.close();
  }

  @Override
  public String toString() {
    return "FailSafeStateStore[" + delegateName + (degraded() ? ", degraded" : "") + "]";
  }

  private boolean isUnsaved(String namespace, String key) {
    return unsavedClears.contains(namespace)
        || unsaved.getOrDefault(namespace, Set.of()).contains(key);
  }

  /** Records whether the latest write of a key reached the delegate; atomic per namespace. */
  private void saved(String namespace, String key, boolean saved) {
    if (delegate == null) {
      return; // everything is read from memory anyway
    }
    unsaved.compute(
        namespace,
        (name, keys) -> {
          if (saved) {
            return keys == null || (keys.remove(key) && keys.isEmpty()) ? null : keys;
          }
          Set<String> marked = keys == null ? ConcurrentHashMap.newKeySet() : keys;
          marked.add(key);
          return marked;
        });
  }

  /** The delegate's answer, or null if it failed (or returned null, which breaks its contract). */
  private <T> T ask(String operation, Supplier<T> read) {
    if (delegate == null) {
      return null;
    }
    try {
      T answer = read.get();
      if (answer == null) {
        failed(READS_FAILING, operation, new StateStoreException(delegateName + " returned null"));
      } else {
        succeeded(READS_FAILING);
      }
      return answer;
    } catch (RuntimeException e) {
      failed(READS_FAILING, operation, e);
      return null;
    }
  }

  /**
   * Whether the delegate took the write (a close counts as one); false when there is no delegate.
   */
  private boolean tell(String operation, Runnable write) {
    if (delegate == null) {
      return false;
    }
    try {
      write.run();
      succeeded(WRITES_FAILING);
      return true;
    } catch (RuntimeException e) {
      failed(WRITES_FAILING, operation, e);
      return false;
    }
  }

  private void succeeded(int kind) {
    if ((failing.get() & kind) == 0) {
      return;
    }
    int before = failing.getAndUpdate(bits -> bits & ~kind);
    if (before == kind) {
      log.info("State store {} works again; unsaved writes stay in memory only", delegateName);
    }
  }

  private void failed(int kind, String operation, RuntimeException e) {
    StateStoreException failure = asStateStoreException(operation, e);
    lastError.set(failure);
    int before = failing.getAndUpdate(bits -> bits | kind);
    if (before == 0) {
      log.warn(
          "State store {} failed to {}; working on memory until it recovers: {}",
          delegateName,
          operation,
          failure.getMessage(),
          failure);
    }
  }

  private static StateStoreException asStateStoreException(String operation, RuntimeException e) {
    return e instanceof StateStoreException
        ? (StateStoreException) e
        : new StateStoreException(
            "The state store failed to " + operation + " with " + e.getClass().getName(), e);
  }
}
