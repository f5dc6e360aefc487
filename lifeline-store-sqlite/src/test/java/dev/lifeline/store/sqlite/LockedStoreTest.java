package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
import dev.lifeline.internal.health.HealthPersistence;
import dev.lifeline.internal.state.FailSafeStateStore;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.state.StateStore;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.Scheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: while another process holds the SQLite file's write lock, calls and timers run as fast
 * as before, and what was learned meanwhile reaches the file once the lock is released.
 *
 * <p>Real time, real processes: the point is the file lock of a second JVM. Every wait is bounded.
 * Only stalls are asserted, not speed: a store on the hot path would stall calls for the whole
 * lock.
 */
class LockedStoreTest {

  /**
   * How long the second process holds the lock; the engine's store keeps trying (busy timeout)
   * rather than failing.
   */
  private static final Duration HOLD = Duration.ofSeconds(8);

  /**
   * Later than this is a stall: a store on the call path or the timer shows as the busy wait of a
   * blocked write (the whole lock, seconds) on every call that learns. Far above what a busy build
   * machine adds to a call by descheduling a thread, so the test does not measure the machine; how
   * fast calls are is for the benchmarks to say.
   */
  private static final long STALL_MILLIS = 2_000;

  /** Calls and timer probes this far apart: hundreds of samples per phase. */
  private static final long PACE_MILLIS = 10;

  @TempDir Path dir;

  /** One phase's samples, in milliseconds. */
  private record Phase(List<Double> calls, List<Double> timerLateness) {}

  @Test
  @Timeout(60)
  void aStoreLockedByAnotherProcessDelaysNoCallAndNoTimerAndLosesNoWrite() throws Exception {
    Path file = dir.resolve("locked.db");
    Duration patient = HOLD.plusSeconds(10); // writes wait the lock out instead of failing
    SqliteStateStore sqlite = SqliteStateStore.builder(file).busyTimeout(patient).open();
    SqliteStateStore another = SqliteStateStore.builder(file).busyTimeout(patient).open();
    Set<String> writingThreads = ConcurrentHashMap.newKeySet();
    WriteBehindStateStore writes =
        WriteBehindStateStore.wrap(
            recordingWriters(FailSafeStateStore.wrap(sqlite), writingThreads));
    WriteBehindStateStore anotherWrites = WriteBehindStateStore.wrap(another);
    SelfHealingEngine engine = engine(writes);
    Process child = null;
    try {
      measure(engine, Duration.ofSeconds(1)); // warm-up, and something learned before the lock
      assertThat(writes.flush(Duration.ofSeconds(5)))
          .as("an unlocked file takes the writes")
          .isTrue();
      long failuresBefore = storedFailures(sqlite, "alpha/a");

      Path childErrors = dir.resolve("child-stderr.txt");
      child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path")
                      + java.io.File.pathSeparator
                      + System.getProperty("jdk.module.path", ""),
                  SecondProcessLockHolder.class.getName(),
                  file.toString(),
                  Long.toString(HOLD.plusSeconds(20).toMillis()))
              .redirectError(childErrors.toFile())
              .start();
      BufferedReader childOut =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
      assertThat(childOut.readLine()).as(() -> stderr(childErrors)).isEqualTo("LOCKED");
      long lockedAt = System.currentTimeMillis();

      Phase locked = measure(engine, HOLD.minusSeconds(1));
      int pendingWhileLocked = writes.pendingWrites();
      // Another engine on the locked file starts as fast as ever: its start-up reads do not wait
      // for the lock.
      long building = System.nanoTime();
      SelfHealingEngine started = engine(anotherWrites);
      double buildMillis = (System.nanoTime() - building) / 1e6;
      assertThat(started.call("q").provider()).isEqualTo("beta");

      childIn.write("RELEASE\n");
      childIn.flush();
      assertThat(childOut.readLine()).as(() -> stderr(childErrors)).isEqualTo("RELEASED RELEASE");
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      boolean drained = writes.flush(Duration.ofSeconds(10));
      boolean anotherDrained = anotherWrites.flush(Duration.ofSeconds(10));

      assertThat(writingThreads)
          .as("no write on a caller's or the timer's thread")
          .containsExactly(WriteBehindStateStore.THREAD_NAME);
      assertNoStall("calls during the lock", locked.calls());
      assertNoStall("timers during the lock", locked.timerLateness());
      assertThat(pendingWhileLocked)
          .as("the writer was held up by the lock all along")
          .isPositive();
      assertThat(buildMillis).as("start-up reads do not wait the lock out").isLessThan(2_000.0);
      assertThat(drained).as("the queued writes reach the file once it is unlocked").isTrue();
      assertThat(anotherDrained).isTrue();

      // Read the file afresh: what was learned during the lock is there, as memory has it.
      try (SqliteStateStore reopened = SqliteStateStore.open(file)) {
        assertThat(reopened.get("other-process", "lock")).contains("held");
        List<PlaybookEntry> learned = engine.playbook().entries();
        assertThat(reopened.all(Playbook.NAMESPACE)).hasSameSizeAs(learned);
        for (PlaybookEntry entry : learned) {
          assertThat(storedFailures(reopened, entry.signature().deployment()))
              .isEqualTo(entry.failures());
        }
        assertThat(storedFailures(reopened, "alpha/a"))
            .isGreaterThan(failuresBefore + locked.calls().size() / 2);
        assertThat(reopened.all(HealthPersistence.NAMESPACE).values())
            .isNotEmpty()
            .allSatisfy(
                hold -> assertThat(json(hold).get("until").asLong()).isGreaterThan(lockedAt));
      }
    } finally {
      if (child != null) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
      writes.shutdown(Duration.ofSeconds(1));
      anotherWrites.shutdown(Duration.ofSeconds(1));
      another.close();
      sqlite.close();
    }
  }

  /** Asserts that no sample reaches {@link #STALL_MILLIS}. */
  private static void assertNoStall(String what, List<Double> samples) {
    assertThat(Collections.max(samples))
        .as("%s: worst of %d samples", what, samples.size())
        .isLessThan((double) STALL_MILLIS);
  }

  /**
   * Calls {@code engine} every {@link #PACE_MILLIS} for {@code duration}, timing each call, and has
   * {@link Scheduler#system()} fire a probe after each call, timing how late it fires.
   */
  private static Phase measure(SelfHealingEngine engine, Duration duration)
      throws InterruptedException {
    List<Double> calls = new ArrayList<>();
    List<Double> lateness = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    long end = System.nanoTime() + duration.toNanos();
    int i = 0;
    while (System.nanoTime() < end) {
      long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
      CompletableFuture<Void> probe = new CompletableFuture<>();
      Scheduler.system()
          .schedule(
              () -> {
                lateness.add((System.nanoTime() - due) / 1e6);
                probe.complete(null);
              },
              Duration.ofMillis(PACE_MILLIS));
      probes.add(probe);
      long start = System.nanoTime();
      ChatResponse answer = engine.call(ChatRequest.of("question " + i++));
      calls.add((System.nanoTime() - start) / 1e6);
      assertThat(answer.provider()).isEqualTo("beta");
      Thread.sleep(PACE_MILLIS); // real time is the point: pace the calls across the lock
    }
    CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .orTimeout(5, TimeUnit.SECONDS)
        .join();
    return new Phase(calls, List.copyOf(lateness));
  }

  /**
   * alpha always fails with a 500 and gamma is rate-limited for 30 ms at a time, so every call
   * makes the playbook learn and many start or end a cooldown (a health hold); beta answers.
   * Evidence decays at once, the circuit stays closed and no retry budget runs out, so alpha is
   * tried on every call.
   */
  private static SelfHealingEngine engine(StateStore store) {
    return SelfHealingEngine.builder()
        .provider(ScriptedProvider.named("alpha").always(Fault.serverError()), "a")
        .provider(
            ScriptedProvider.named("gamma").always(Fault.rateLimited(Duration.ofMillis(30))), "g")
        .provider(ScriptedProvider.named("beta"), "b")
        .strategy(FallbackStrategy.FAILOVER_ONLY)
        .health(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.disabled())
                .withRetryBudget(RetryBudgetSettings.disabled()))
        .learning(
            LearningSettings.builder()
                .halfLife(ErrorKind.SERVER_ERROR, Duration.ofMillis(1))
                .halfLife(ErrorKind.RATE_LIMITED, Duration.ofMillis(1))
                .build())
        .stateStore(store)
        .build();
  }

  /** {@code store}, noting the name of every thread that writes to it in {@code threads}. */
  private static StateStore recordingWriters(StateStore store, Set<String> threads) {
    return new StateStore() {
      @Override
      public Optional<String> get(String namespace, String key) {
        return store.get(namespace, key);
      }

      @Override
      public void put(String namespace, String key, String value) {
        threads.add(Thread.currentThread().getName());
        store.put(namespace, key, value);
      }

      @Override
      public Map<String, String> all(String namespace) {
        return store.all(namespace);
      }

      @Override
      public void remove(String namespace, String key) {
        threads.add(Thread.currentThread().getName());
        store.remove(namespace, key);
      }

      @Override
      public void clear(String namespace) {
        threads.add(Thread.currentThread().getName());
        store.clear(namespace);
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  /** The failure count of the stored playbook entry of {@code deployment}, 0 if none. */
  private static long storedFailures(StateStore store, String deployment) {
    return store.all(Playbook.NAMESPACE).values().stream()
        .map(LockedStoreTest::json)
        .filter(entry -> entry.get("deployment").asText().equals(deployment))
        .mapToLong(entry -> entry.get("failures").asLong())
        .sum();
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static String stderr(Path file) {
    try {
      return "child stderr:\n" + Files.readString(file);
    } catch (Exception e) {
      return "child stderr unreadable: " + e;
    }
  }
}
