package dev.lifeline.store.sqlite;

import dev.lifeline.state.StateStoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteException;

/**
 * Runs JDBC work again when SQLite answers busy, a bounded number of times; and reads result codes.
 */
final class BusyRetry {

  /**
   * Attempts per operation when SQLite answers SQLITE_BUSY or SQLITE_LOCKED. More than one because
   * SQLite returns some busy errors without calling its busy handler (a WAL being recovered after a
   * crash); bounded so that a lock that is never released fails after this many busy timeouts.
   */
  static final int ATTEMPTS = 3;

  static final int SQLITE_BUSY = 5;
  static final int SQLITE_LOCKED = 6;
  static final int SQLITE_READONLY = 8;
  static final int SQLITE_CORRUPT = 11;
  static final int SQLITE_CANTOPEN = 14;
  static final int SQLITE_NOTADB = 26;

  private BusyRetry() {}

  /** One piece of JDBC work. */
  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  /**
   * Runs {@code work}, again after a busy error, {@link #ATTEMPTS} times at most.
   *
   * @throws StateStoreException naming {@code file} and {@code what} if every attempt was busy
   * @throws SQLException any other failure of {@code work}, unchanged
   */
  static <T> T run(Path file, Duration busyTimeout, String what, SqlCall<T> work)
      throws SQLException {
    SQLException busy = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return work.call();
      } catch (SQLException e) {
        if (!isBusy(e)) {
          throw e;
        }
        busy = e;
      }
    }
    throw new StateStoreException(
        "SQLite state store at "
            + file
            + " stayed locked by another connection through "
            + ATTEMPTS
            + " busy timeouts of "
            + busyTimeout.toMillis()
            + " ms, so it cannot "
            + what,
        busy);
  }

  static boolean isBusy(SQLException e) {
    int code = primaryCode(e);
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }

  /**
   * The primary SQLite result code; extended codes (SQLITE_BUSY_RECOVERY...) keep it in the low
   * byte.
   */
  static int primaryCode(SQLException e) {
    return e instanceof SQLiteException
        ? ((SQLiteException) e).getResultCode().code & 0xff
        : e.getErrorCode() & 0xff;
  }
}
