package dev.lifeline.store.sqlite;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The other JVM of {@link LockedStoreTest}: opens the file with plain JDBC, takes SQLite's write
 * lock ({@code BEGIN IMMEDIATE} and an insert), says LOCKED, and holds it until RELEASE arrives on
 * its input; then commits and says RELEASED. It exits by itself after a bound, should the test die
 * first.
 *
 * <p>Arguments: the file, the most milliseconds to hold the lock.
 */
public final class SecondProcessLockHolder {

  private SecondProcessLockHolder() {}

  /** Exits with 0 after releasing the lock, 1 on any failure, 3 if never told to release. */
  public static void main(String[] args) throws Exception {
    String file = args[0];
    long bound = Long.parseLong(args[1]);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(bound); // a real process's own bound, so an orphan never lingers
              } catch (InterruptedException e) {
                return;
              }
              System.exit(3);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 5000");
      statement.execute("BEGIN IMMEDIATE");
      statement.executeUpdate(
          "INSERT INTO lifeline_state (namespace, key, value) VALUES ('other-process', 'lock', 'held')"
              + " ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value");
      System.out.println("LOCKED");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      statement.execute("COMMIT");
      System.out.println("RELEASED " + line);
      System.out.flush();
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
