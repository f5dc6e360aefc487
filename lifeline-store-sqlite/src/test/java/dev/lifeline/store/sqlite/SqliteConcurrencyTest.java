package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many threads writing through one store, or through several stores on one file, lose nothing. */
@Timeout(60)
class SqliteConcurrencyTest {

  private static final int THREADS = 8;
  private static final int WRITES_PER_THREAD = 200;

  @TempDir Path dir;

  @Test
  void threadsSharingOneStoreLoseNoWrite() throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"))) {
      writeConcurrently(List.of(store));
      assertEveryWriteKept(store.all("n"));
    }
  }

  @Test
  void storesSharingOneFileLoseNoWrite() throws Exception {
    Path file = dir.resolve("state.db");
    try (SqliteStateStore first = SqliteStateStore.open(file);
        SqliteStateStore second = SqliteStateStore.open(file)) {
      writeConcurrently(List.of(first, second));
      assertEveryWriteKept(first.all("n"));
      assertEveryWriteKept(second.all("n"));
    }
  }

  /**
   * Thread t writes through stores[t % stores.size()]; each also overwrites and reads its own key.
   */
  private static void writeConcurrently(List<SqliteStateStore> stores) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        SqliteStateStore store = stores.get(t % stores.size());
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < WRITES_PER_THREAD; i++) {
                    store.put("n", key(thread, i), value(thread, i));
                    store.put("counter", "t" + thread, Integer.toString(i));
                    assertThat(store.get("counter", "t" + thread)).contains(Integer.toString(i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(); // rethrows any failure of a writer
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void assertEveryWriteKept(Map<String, String> all) {
    assertThat(all).hasSize(THREADS * WRITES_PER_THREAD);
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < WRITES_PER_THREAD; i++) {
        assertThat(all.get(key(t, i))).isEqualTo(value(t, i));
      }
    }
  }

  private static String key(int thread, int i) {
    return "t" + thread + "-" + i;
  }

  private static String value(int thread, int i) {
    return "{\"thread\":" + thread + ",\"i\":" + i + "}";
  }
}
