package dev.lifeline.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

class FailSafeStateStoreTest {

  private final FlakyStore delegate = new FlakyStore();
  private final RecordingLogger log = new RecordingLogger();
  private final FailSafeStateStore store = new FailSafeStateStore(delegate, null, log);

  @Test
  void aHealthyDelegateSeesEveryOperation() {
    store.put("n", "k", "1");
    store.put("n", "j", "2");
    store.remove("n", "j");
    assertThat(delegate.inner.all("n")).containsExactly(Map.entry("k", "1"));
    assertThat(store.get("n", "k")).contains("1");
    store.clear("n");
    assertThat(delegate.inner.all("n")).isEmpty();
    assertThat(store.degraded()).isFalse();
    assertThat(store.lastError()).isEmpty();
    assertThat(log.events).isEmpty();
  }

  @Test
  void aFailingDelegateIsReplacedByMemoryAndNothingIsThrown() {
    StateStoreException locked = new StateStoreException("file /x/state.db is locked");
    delegate.failure = locked;

    store.put("n", "k", "1");
    store.put("n", "j", "2");
    store.remove("n", "j");

    assertThat(store.get("n", "k")).contains("1");
    assertThat(store.all("n")).containsExactly(Map.entry("k", "1"));
    store.clear("n");
    assertThat(store.all("n")).isEmpty();
    assertThat(store.degraded()).isTrue();
    assertThat(store.lastError()).containsSame(locked);
  }

  @Test
  void aWarningIsLoggedOncePerStreakOfFailures() {
    delegate.failure = new StateStoreException("locked");
    for (int i = 0; i < 5; i++) {
      store.put("n", "k" + i, "{}");
      store.get("n", "k" + i);
    }
    assertThat(log.levels()).containsExactly(Level.WARN);

    delegate.failure = null;
    store.put("n", "k", "{}");
    assertThat(store.degraded()).as("reads have not worked yet").isTrue();
    store.get("n", "k");
    assertThat(store.degraded()).isFalse();
    assertThat(store.lastError()).isPresent(); // kept after recovery
    assertThat(log.levels()).containsExactly(Level.WARN, Level.INFO);

    delegate.failure = new StateStoreException("locked again");
    store.put("n", "k", "{}");
    store.put("n", "k", "{}");
    assertThat(log.levels()).containsExactly(Level.WARN, Level.INFO, Level.WARN);
    assertThat(log.events.get(2).throwable).hasMessage("locked again");
  }

  @Test
  void aDelegateThatRefusesOnlyWritesKeepsThemReadableAndWarnsOnce() {
    delegate.inner.put("n", "on-disk", "old");
    delegate.inner.put("n", "removed-here", "x");
    delegate.refuseWrites = true; // a read-only file

    for (int i = 0; i < 3; i++) {
      store.put("n", "new", "v" + i);
      assertThat(store.get("n", "new")).contains("v" + i);
    }
    store.remove("n", "removed-here");

    assertThat(store.get("n", "removed-here")).isEmpty();
    assertThat(store.get("n", "on-disk")).contains("old");
    assertThat(store.all("n")).containsOnly(Map.entry("on-disk", "old"), Map.entry("new", "v2"));
    assertThat(store.degraded()).isTrue();
    assertThat(log.levels()).containsExactly(Level.WARN);

    delegate.refuseWrites = false;
    store.put("n", "new", "saved");
    delegate.inner.put("n", "new", "changed by another process");
    assertThat(store.get("n", "new"))
        .as("saved again: the delegate is the source")
        .contains("changed by another process");
    assertThat(store.degraded()).isFalse();
    assertThat(log.levels()).containsExactly(Level.WARN, Level.INFO);
  }

  @Test
  void aRefusedClearHidesTheDelegatesOldKeysUntilAClearWorks() {
    delegate.inner.put("n", "old", "x");
    delegate.refuseWrites = true;
    store.clear("n");
    store.put("n", "fresh", "y");

    assertThat(store.all("n")).containsExactly(Map.entry("fresh", "y"));
    assertThat(store.get("n", "old")).isEmpty();

    delegate.refuseWrites = false;
    store.clear("n");
    delegate.inner.put("n", "elsewhere", "z");
    assertThat(store.all("n")).containsExactly(Map.entry("elsewhere", "z"));
  }

  @Test
  void anyRuntimeExceptionOfTheDelegateBecomesAStateStoreException() {
    IllegalStateException bug = new IllegalStateException("driver bug");
    delegate.failure = bug;

    assertThat(store.get("n", "k")).isEmpty();
    assertThat(store.lastError()).get().satisfies(e -> assertThat(e.getCause()).isSameAs(bug));
  }

  @Test
  void readsFromTheDelegateAreRememberedForWhenItFails() {
    delegate.inner.put("n", "from-an-earlier-run", "old");
    delegate.inner.put("n", "removed-elsewhere", "x");
    store.all("n");
    delegate.inner.remove("n", "removed-elsewhere");
    delegate.inner.put("n", "from-another-process", "new");
    assertThat(store.get("n", "from-another-process")).contains("new");
    assertThat(store.all("n")).containsOnlyKeys("from-an-earlier-run", "from-another-process");

    delegate.failure = new StateStoreException("gone");
    assertThat(store.get("n", "from-an-earlier-run")).contains("old");
    assertThat(store.all("n"))
        .containsOnly(
            Map.entry("from-an-earlier-run", "old"), Map.entry("from-another-process", "new"));
  }

  @Test
  void aStoreThatCannotBeOpenedLeavesAStoreOnMemory() {
    StateStoreException corrupt =
        new StateStoreException("/x/state.db is not a usable SQLite database");

    FailSafeStateStore opened =
        FailSafeStateStore.open(
            () -> {
              throw corrupt;
            },
            log);

    opened.put("n", "k", "1");
    assertThat(opened.get("n", "k")).contains("1");
    assertThat(opened.all("n")).containsExactly(Map.entry("k", "1"));
    opened.remove("n", "k");
    opened.clear("n");
    opened.close();
    assertThat(opened.degraded()).isTrue();
    assertThat(opened.lastError()).containsSame(corrupt);
    assertThat(log.levels()).containsExactly(Level.WARN);
    assertThat(log.events.get(0).arguments).contains(corrupt.getMessage());
  }

  @Test
  void anOpenerThatReturnsNullOrThrowsAnythingIsAFailureToo() {
    FailSafeStateStore fromNull = FailSafeStateStore.open(() -> null, log);
    FailSafeStateStore fromBug =
        FailSafeStateStore.open(
            () -> {
              throw new IllegalArgumentException("bad path");
            },
            log);

    assertThat(fromNull.degraded()).isTrue();
    assertThat(fromNull.lastError())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("null");
    assertThat(fromBug.lastError())
        .get()
        .extracting(Throwable::getCause)
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOpenerThatWorksGivesAHealthyStore() {
    FailSafeStateStore opened = FailSafeStateStore.open(() -> delegate, log);
    opened.put("n", "k", "1");
    assertThat(delegate.inner.get("n", "k")).contains("1");
    assertThat(opened.degraded()).isFalse();
  }

  @Test
  void aDelegateThatAnswersNullIsTreatedAsFailing() {
    store.put("n", "k", "1");
    delegate.answerNull = true;
    assertThat(store.get("n", "k")).contains("1");
    assertThat(store.all("n")).containsOnlyKeys("k");
    assertThat(store.degraded()).isTrue();
  }

  @Test
  void aFailureToCloseIsRecordedNotThrown() {
    delegate.failure = new StateStoreException("cannot close");
    store.close();
    assertThat(store.lastError()).get().extracting(Throwable::getMessage).isEqualTo("cannot close");
  }

  @Test
  void nullArgumentsThrowWithoutAskingTheDelegate() {
    assertThatThrownBy(() -> store.put("n", null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.get(null, "k")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.all(null)).isInstanceOf(NullPointerException.class);
    assertThat(delegate.calls).hasValue(0);
    assertThat(store.degraded()).isFalse();
  }

  @Test
  void wrappingTwiceKeepsOneWrapper() {
    FailSafeStateStore once = FailSafeStateStore.wrap(delegate);
    assertThat(FailSafeStateStore.wrap(once)).isSameAs(once);
  }

  @Test
  void logLinesNameTheDelegateByClassNotByToString() {
    delegate.failure = new StateStoreException("locked");
    store.put("n", "k", "{}");
    assertThat(log.events.get(0).arguments)
        .contains("FlakyStore")
        .doesNotContain(FlakyStore.SECRET_URL);
    assertThat(store.toString()).doesNotContain(FlakyStore.SECRET_URL);
  }

  @Test
  void threadsWritingWhileTheDelegateFlickersLoseNothing() throws Exception {
    delegate.failEvery = 3;
    int threads = 8;
    int writes = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < writes; i++) {
                    store.put("n", thread + "-" + i, "{}");
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    delegate.failure = new StateStoreException("down");
    assertThat(store.all("n")).hasSize(threads * writes);
  }

  /**
   * An in-memory store that throws {@link #failure} (or every {@link #failEvery}th call), or
   * refuses writes like a read-only file, when told.
   */
  static final class FlakyStore implements StateStore {
    static final String SECRET_URL = "redis://user:s3cret@host";
    final InMemoryStateStore inner = new InMemoryStateStore();
    final AtomicInteger calls = new AtomicInteger();
    volatile RuntimeException failure;
    volatile int failEvery;
    volatile boolean answerNull;
    volatile boolean refuseWrites;

    private void call() {
      int n = calls.incrementAndGet();
      RuntimeException now = failure;
      if (now != null) {
        throw now;
      }
      if (failEvery > 0 && n % failEvery == 0) {
        throw new StateStoreException("flicker");
      }
    }

    private void refuseWrite() {
      if (refuseWrites) {
        throw new StateStoreException("read-only");
      }
    }

    @Override
    public Optional<String> get(String namespace, String key) {
      call();
      return answerNull ? null : inner.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
      call();
      refuseWrite();
      inner.put(namespace, key, value);
    }

    @Override
    public Map<String, String> all(String namespace) {
      call();
      return answerNull ? null : inner.all(namespace);
    }

    @Override
    public void remove(String namespace, String key) {
      call();
      refuseWrite();
      inner.remove(namespace, key);
    }

    @Override
    public void clear(String namespace) {
      call();
      refuseWrite();
      inner.clear(namespace);
    }

    @Override
    public void close() {
      call();
    }

    @Override
    public String toString() {
      return "FlakyStore[" + SECRET_URL + "]";
    }
  }

  /** Keeps every logging call, to count warnings. */
  static final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    static final class Event {
      final Level level;
      final List<Object> arguments;
      final Throwable throwable;

      Event(Level level, Object[] arguments, Throwable throwable) {
        this.level = level;
        this.arguments = arguments == null ? List.of() : List.of(arguments);
        this.throwable = throwable;
      }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    RecordingLogger() {
      this.name = "recording";
    }

    List<Level> levels() {
      return events.stream()
          .map(event -> event.level)
          .collect(java.util.stream.Collectors.toList());
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      events.add(new Event(level, arguments, throwable));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
