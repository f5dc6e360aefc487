package dev.lifeline.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.state.FailSafeStateStoreTest.RecordingLogger;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * The write-behind queue: writes return at once, coalesce per key, stay bounded, keep their order.
 */
@Timeout(30)
class WriteBehindStateStoreTest {

  /** Real time, only as a bound: each wait below ends as soon as the writer has done its work. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final GatedStore delegate = new GatedStore();
  private final RecordingLogger log = new RecordingLogger();
  private final WriteBehindStateStore store = new WriteBehindStateStore(delegate, 8, log);

  @AfterEach
  void releaseTheWriter() {
    delegate.release.countDown();
    store.shutdown(DRAIN);
  }

  @Test
  void thousandWritesToOneKeyReachTheStoreAsTheLastValueInFewWrites() throws Exception {
    delegate.gated = true;
    store.put("n", "k", "v0");
    delegate.awaitWriterInside();
    for (int i = 1; i < 1_000; i++) {
      store.put("n", "k", "v" + i);
    }
    assertThat(store.get("n", "k")).as("reads see the queued value").contains("v999");
    delegate.release.countDown();

    assertThat(store.flush(DRAIN)).isTrue();
    assertThat(delegate.inner.get("n", "k")).contains("v999");
    assertThat(delegate.operations).containsExactly("put n/k=v0", "put n/k=v999");
    assertThat(store.delegatedWrites()).isEqualTo(2);
    assertThat(store.droppedWrites()).isZero();
    assertThat(delegate.threads).containsOnly(WriteBehindStateStore.THREAD_NAME);
  }

  @Test
  void aFullQueueDropsAndCountsNewWritesLogsOnceAndNeverBlocksTheCaller() throws Exception {
    delegate.gated = true; // the store hangs, as a file locked by another process does
    store.put("n", "first", "0");
    delegate.awaitWriterInside();

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 108; i++) {
            store.put("n", "k" + i, "v" + i);
          }
          store.put("n", "k3", "again"); // a key already queued still takes its latest value
        });

    assertThat(store.droppedWrites()).isEqualTo(100);
    assertThat(store.pendingWrites()).isEqualTo(9); // eight queued, one being written
    assertThat(warnings()).hasSize(1);
    assertThat(store.flush(Duration.ofMillis(20))).as("the store still hangs").isFalse();

    delegate.release.countDown();
    assertThat(store.flush(DRAIN)).isTrue();
    assertThat(delegate.inner.all("n"))
        .hasSize(9)
        .containsEntry("k3", "again")
        .doesNotContainKey("k8");

    delegate.gated = false;
    store.put("n", "after", "1");
    assertThat(store.flush(DRAIN)).isTrue();
    assertThat(store.droppedWrites()).isEqualTo(100);
    assertThat(warnings()).as("no new warning once the queue has room").hasSize(1);
  }

  @Test
  void writesOfOneKeyAndClearsReachTheStoreInTheOrderTheyWereMade() throws Exception {
    delegate.gated = true;
    store.put("n", "x", "0");
    delegate.awaitWriterInside();
    store.put("n", "a", "1");
    store.put("m", "b", "1");
    store.clear("n"); // supersedes n/a=1 and, for readers, the n/x=0 being written
    store.put("n", "a", "2");
    store.remove("m", "b");
    store.put("n", "c", "3");

    assertThat(store.all("n")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "c", "3"));
    assertThat(store.get("n", "x")).isEmpty();
    assertThat(store.get("m", "b")).isEmpty();
    delegate.release.countDown();

    assertThat(store.flush(DRAIN)).isTrue();
    assertThat(delegate.operations)
        .containsExactly("put n/x=0", "remove m/b", "clear n", "put n/a=2", "put n/c=3");
    assertThat(delegate.inner.all("n"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "2", "c", "3"));
    assertThat(delegate.inner.all("m")).isEmpty();
  }

  @Test
  void concurrentWritersSeeEachKeyWrittenInIncreasingOrderEndingWithTheLast() throws Exception {
    WriteBehindStateStore large = new WriteBehindStateStore(delegate, 1_000, log);
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String key = "t" + t;
        done.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    large.put("n", key, Integer.toString(i));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdownNow();
    }
    assertThat(large.flush(DRAIN)).isTrue();
    for (int t = 0; t < 4; t++) {
      String key = "t" + t;
      assertThat(delegate.inner.get("n", key)).contains("1999");
      List<Integer> seen = delegate.valuesOf("n/" + key);
      assertThat(seen).isSorted().doesNotHaveDuplicates();
    }
    assertThat(large.droppedWrites()).isZero();
    large.shutdown(DRAIN);
  }

  @Test
  void aFailingStoreIsLoggedOncePerStreakAndTheWriterGoesOn() {
    delegate.failure = new StateStoreException("database is locked");
    for (int i = 0; i < 5; i++) {
      store.put("n", "k" + i, "v");
      assertThat(store.flush(DRAIN)).isTrue(); // one write per drain: five failures in a row
    }
    assertThat(store.failedWrites()).isEqualTo(5);
    assertThat(warnings()).hasSize(1);
    assertThat(log.events.get(0).throwable).as("no stack trace for a store's refusal").isNull();

    delegate.failure = null;
    store.put("n", "k", "saved");
    assertThat(store.flush(DRAIN)).isTrue();
    assertThat(delegate.inner.get("n", "k")).contains("saved");
    assertThat(log.levels()).containsExactly(Level.WARN, Level.INFO);
  }

  @Test
  void anEngineOnAStoreThatRefusesEveryWriteKeepsAnsweringAndLearning() {
    delegate.failure = new StateStoreException("attempt to write a readonly database");
    VirtualClock clock = new VirtualClock();
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(provider("alpha", true), "a")
            .provider(provider("beta", false), "b")
            .stateStore(store)
            .ticker(clock)
            .scheduler(clock)
            .build();
    for (int i = 0; i < 5; i++) {
      assertThat(engine.call("q" + i).provider()).isEqualTo("beta");
      clock.advance(
          Duration.ofHours(2)); // the cooldown ends: alpha is tried, fails and is held again
    }
    assertThat(store.flush(DRAIN)).isTrue();

    assertThat(engine.playbook().entries()).as("learned in memory").isNotEmpty();
    assertThat(store.failedWrites())
        .isPositive()
        .isEqualTo(store.delegatedWrites()); // how many: as they coalesced
    assertThat(warnings()).hasSize(1);
    assertThat(delegate.inner.all("playbook")).isEmpty();
  }

  /** Fails every call with a spent quota, or answers at once. */
  private static Provider provider(String name, boolean spent) {
    return new Provider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
        if (spent) {
          return CompletableFuture.failedFuture(
              new ProviderException(
                  Failure.builder(ErrorKind.QUOTA_EXHAUSTED)
                      .status(429)
                      .providerCode("insufficient_quota")
                      .build()));
        }
        return CompletableFuture.completedFuture(
            ChatResponse.builder()
                .text("an answer")
                .finishReason(FinishReason.STOP)
                .provider(name)
                .model(model)
                .build());
      }
    };
  }

  @Test
  void closeDrainsPendingWritesThenClosesTheStoreAndLaterWritesAreDropped() throws Exception {
    delegate.gated = true;
    store.put("n", "a", "1");
    delegate.awaitWriterInside();
    store.put("n", "b", "2");
    store.remove("n", "a");
    assertThat(store.pendingWrites()).isEqualTo(3);
    delegate.release.countDown();

    store.close();

    assertThat(delegate.inner.all("n")).containsExactly(Map.entry("b", "2"));
    assertThat(delegate.closed).isTrue();
    store.put("n", "late", "x");
    assertThat(store.droppedWrites()).isEqualTo(1);
    assertThat(delegate.inner.get("n", "late")).isEmpty();
  }

  @Test
  void shutdownOfAHangingStoreReturnsWithinItsWaitAndSaysSo() throws Exception {
    delegate.gated = true;
    store.put("n", "a", "1");
    delegate.awaitWriterInside();
    store.put("n", "b", "2");

    assertThat(store.shutdown(Duration.ofMillis(20))).isFalse();
    assertThat(warnings())
        .singleElement()
        .satisfies(event -> assertThat(event.arguments).contains(2));
    assertThat(delegate.closed).as("shutdown leaves the store to its owner").isFalse();
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> WriteBehindStateStore.wrap(delegate, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, was 0");
    assertThatThrownBy(() -> store.flush(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be zero or more, was PT-0.001S");
    assertThatThrownBy(() -> store.put("n", "k", null)).isInstanceOf(NullPointerException.class);
    WriteBehindStateStore once = WriteBehindStateStore.wrap(delegate);
    assertThat(WriteBehindStateStore.wrap(once)).isSameAs(once);
    once.shutdown(DRAIN);
  }

  private List<RecordingLogger.Event> warnings() {
    return log.events.stream().filter(event -> event.level == Level.WARN).toList();
  }

  /**
   * A store in memory that records its writes, and hangs in them while gated, as a locked file
   * does.
   */
  static final class GatedStore implements StateStore {
    final InMemoryStateStore inner = new InMemoryStateStore();
    final List<String> operations = new CopyOnWriteArrayList<>();
    final Map<String, List<Integer>> values = new ConcurrentHashMap<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch inside = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean gated;
    volatile boolean closed;
    volatile RuntimeException failure;

    void awaitWriterInside() throws InterruptedException {
      assertThat(inside.await(10, TimeUnit.SECONDS)).as("the writer reached the store").isTrue();
    }

    List<Integer> valuesOf(String key) {
      return values.getOrDefault(key, List.of());
    }

    private void write(String operation) {
      threads.add(Thread.currentThread().getName());
      inside.countDown();
      if (gated) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      RuntimeException now = failure;
      if (now != null) {
        throw now;
      }
      operations.add(operation);
    }

    @Override
    public Optional<String> get(String namespace, String key) {
      return inner.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
      write("put " + namespace + "/" + key + "=" + value);
      inner.put(namespace, key, value);
      if (value.chars().allMatch(Character::isDigit)) {
        values
            .computeIfAbsent(namespace + "/" + key, k -> new CopyOnWriteArrayList<>())
            .add(Integer.parseInt(value));
      }
    }

    @Override
    public Map<String, String> all(String namespace) {
      return inner.all(namespace);
    }

    @Override
    public void remove(String namespace, String key) {
      write("remove " + namespace + "/" + key);
      inner.remove(namespace, key);
    }

    @Override
    public void clear(String namespace) {
      write("clear " + namespace);
      inner.clear(namespace);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
