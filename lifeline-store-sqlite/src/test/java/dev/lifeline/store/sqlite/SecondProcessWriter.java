package dev.lifeline.store.sqlite;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The other JVM of {@link TwoProcessesTest}: opens the store, says READY, waits for GO on its input
 * so that both processes write at the same time, writes its keys, says DONE.
 *
 * <p>Arguments: the file, a key prefix, the number of keys.
 */
public final class SecondProcessWriter {

  private SecondProcessWriter() {}

  /** Exits with 0 once every key is written, 1 on any failure. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      System.out.println("READY");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        System.exit(2);
      }
      for (int i = 0; i < count; i++) {
        store.put(TwoProcessesTest.NAMESPACE, prefix + i, TwoProcessesTest.value(prefix, i));
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.out.println("DONE");
  }
}
