package dev.lifeline.store.sqlite;

import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StateStore} in one SQLite file, so learned state outlives the process and is shared by
 * every store, engine and JVM that opens the same file.
 *
 * <p>The file and its schema are created on first use. A file written by an older Lifeline is
 * migrated; one written by a newer Lifeline is refused. The file runs in WAL mode, so readers never
 * wait for a writer; writers wait for each other up to the busy timeout. Each operation is one
 * statement and its own transaction.
 *
 * <p>Thread-safe: the operations of one store take turns on its one connection; several stores on
 * one file, in one JVM or in several, are kept apart by SQLite's file locks.
 *
 * <p>A file that is not writable, or whose directory is not (SQLite needs it for the write-ahead
 * log), is opened read-only: reads work and writes throw. Every failure is a {@link
 * StateStoreException} whose message names the file; values never appear in a message or a log
 * line.
 */
public final class SqliteStateStore implements StateStore {

  /**
   * Long enough to ride out another connection's write (each is one short statement) or a WAL
   * checkpoint, short enough that a stuck lock surfaces as an error (logged once) and the engine
   * moves to memory. The engine writes behind its calls ({@code WriteBehindStateStore}), so this
   * wait holds up its store writer, never a call or a timer.
   */
  static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(2);

  private final Path file;
  private final Duration busyTimeout;
  private final String readOnlyReason; // null when writable
  private final Connection connection; // guarded by lock
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed; // guarded by lock

  private SqliteStateStore(StoreFile opened, Duration busyTimeout) {
    this.file = opened.path;
    this.connection = opened.connection;
    this.readOnlyReason = opened.readOnlyReason;
    this.busyTimeout = busyTimeout;
  }

  /**
   * Opens the store in {@code file} with the default busy timeout, creating the file, its
   * directories and its schema if needed.
   *
   * @throws StateStoreException if the file is not a usable SQLite database, was written by a newer
   *     Lifeline, stays locked past the busy timeout, or cannot be created
   */
  public static SqliteStateStore open(Path file) {
    return builder(file).open();
  }

  /** A builder for a store in {@code file}; see {@link Builder} for the options. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** The database file, as an absolute path. */
  public Path file() {
    return file;
  }

  /**
   * Whether writes are refused: the file was opened read-only on request or could not be written.
   */
  public boolean readOnly() {
    return readOnlyReason != null;
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    checkArguments(namespace, key);
    return execute(
        "read from namespace '" + namespace + "'",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT value FROM lifeline_state WHERE namespace = ? AND key = ?")) {
            select.setString(1, namespace);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void put(String namespace, String key, String value) {
    checkArguments(namespace, key);
    Objects.requireNonNull(value, "value");
    update(
        "write to namespace '" + namespace + "'",
        "INSERT INTO lifeline_state (namespace, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value",
        namespace,
        key,
        value);
  }

  /** {@inheritDoc} The map is unmodifiable and ordered by key. */
  @Override
  public Map<String, String> all(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return execute(
        "read namespace '" + namespace + "'",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT key, value FROM lifeline_state WHERE namespace = ? ORDER BY key")) {
            select.setString(1, namespace);
            Map<String, String> values = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                values.put(rows.getString(1), rows.getString(2));
              }
            }
            return Collections.unmodifiableMap(values);
          }
        });
  }

  @Override
  public void remove(String namespace, String key) {
    checkArguments(namespace, key);
    update(
        "remove from namespace '" + namespace + "'",
        "DELETE FROM lifeline_state WHERE namespace = ? AND key = ?",
        namespace,
        key);
  }

  @Override
  public void clear(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    update(
        "clear namespace '" + namespace + "'",
        "DELETE FROM lifeline_state WHERE namespace = ?",
        namespace);
  }

  /**
   * Closes the connection; SQLite folds the write-ahead log back into the file when the last
   * connection to it closes. Later operations throw; closing again does nothing.
   *
   * @throws StateStoreException if SQLite fails to close the connection
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw new StateStoreException(
          "SQLite state store at " + file + " failed to close: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteStateStore[" + file + (readOnly() ? ", read-only" : "") + "]";
  }

  private static void checkArguments(String namespace, String key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
  }

  private void update(String what, String sql, String... parameters) {
    if (readOnlyReason != null) {
      throw readOnlyFailure(what, null);
    }
    execute(
        what,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
          }
        });
  }

  private <T> T execute(String what, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new StateStoreException(
            "SQLite state store at " + file + " is closed; cannot " + what);
      }
      return BusyRetry.run(file, busyTimeout, what, () -> work.run(connection));
    } catch (SQLException e) {
      // The file became read-only after it was opened.
      if (BusyRetry.primaryCode(e) == BusyRetry.SQLITE_READONLY) {
        throw readOnlyFailure(what, e);
      }
      throw new StateStoreException(
          "SQLite state store at " + file + " failed to " + what + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private StateStoreException readOnlyFailure(String what, SQLException cause) {
    String reason = readOnlyReason != null ? readOnlyReason : "SQLite refused to write to it";
    return new StateStoreException(
        "SQLite state store at "
            + file
            + " is read-only ("
            + reason
            + "), so it cannot "
            + what
            + "; reads still work. Make the file and its directory writable to keep new state.",
        cause);
  }

  /**
   * Options for opening a {@link SqliteStateStore}. The builder is mutable and not thread-safe; the
   * store it opens is thread-safe.
   */
  public static final class Builder {
    private final Path file;
    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
    private boolean readOnly;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * How long one operation waits for another connection's lock before SQLite answers busy;
     * default 2 s. An operation still busy after three tries fails.
     *
     * @throws IllegalArgumentException if {@code timeout} is not between 1 ms and {@link
     *     Integer#MAX_VALUE} ms
     */
    public Builder busyTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0
          || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException(
            "busyTimeout must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
      }
      this.busyTimeout = timeout;
      return this;
    }

    /**
     * Whether to open the file read-only even if it is writable; default false. A read-only store
     * needs the file to exist with a current schema, and refuses every write.
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Opens the store: creates the file and schema if needed, migrates an older schema, and opens a
     * file that cannot be written read-only.
     *
     * @throws StateStoreException if the file is not a usable SQLite database (the message says so
     *     and that the engine will work on memory), was written by a newer Lifeline, stays locked
     *     past the busy timeout, or cannot be created
     */
    public SqliteStateStore open() {
      return new SqliteStateStore(
          StoreFile.open(file.toAbsolutePath().normalize(), busyTimeout, readOnly), busyTimeout);
    }
  }

  /** One statement's worth of work on the store's connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }
}
