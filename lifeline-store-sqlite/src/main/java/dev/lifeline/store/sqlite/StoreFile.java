package dev.lifeline.store.sqlite;

import static dev.lifeline.store.sqlite.BusyRetry.SQLITE_CANTOPEN;
import static dev.lifeline.store.sqlite.BusyRetry.SQLITE_CORRUPT;
import static dev.lifeline.store.sqlite.BusyRetry.SQLITE_NOTADB;
import static dev.lifeline.store.sqlite.BusyRetry.SQLITE_READONLY;

import dev.lifeline.state.StateStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * A store file once opened and checked: its connection and, if it cannot be written, why. Opening
 * is where a bad file is found: not a database, damaged, too new, locked, or not writable.
 */
final class StoreFile {

  private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);

  final Path path;
  final Connection connection;

  /** Null when the file can be written. */
  final String readOnlyReason;

  private StoreFile(Path path, Connection connection, String readOnlyReason) {
    this.path = path;
    this.connection = connection;
    this.readOnlyReason = readOnlyReason;
  }

  /** Opens {@code path} (absolute), creating file, directories and schema if needed. */
  static StoreFile open(Path path, Duration busyTimeout, boolean readOnlyRequested) {
    String readOnlyReason = readOnlyReason(path, readOnlyRequested);
    Connection connection = connect(path, busyTimeout, readOnlyReason != null, false);
    try {
      prepare(path, busyTimeout, readOnlyReason, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      int code = BusyRetry.primaryCode(e);
      if (readOnlyReason == null || (code != SQLITE_READONLY && code != SQLITE_CANTOPEN)) {
        throw failure(path, e);
      }
      // Reading a WAL file takes a -shm file beside it (SQLITE_READONLY_DIRECTORY when the
      // directory
      // cannot hold one). The way in left is to promise SQLite that nobody changes the file, which
      // its
      // permissions make nearly true; a privileged writer could still change it under us.
      connection = connect(path, busyTimeout, true, true);
      try {
        prepare(path, busyTimeout, readOnlyReason, connection);
      } catch (SQLException | RuntimeException again) {
        closeQuietly(connection);
        throw failure(path, again);
      }
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
    if (readOnlyReason != null) {
      LOG.warn(
          "SQLite state store at {} is read-only ({}); new state is not kept",
          path,
          readOnlyReason);
    }
    LOG.debug("Opened SQLite state store at {}, schema version {}", path, Schema.VERSION);
    return new StoreFile(path, connection, readOnlyReason);
  }

  /**
   * Null if the file can be written, otherwise why not. Creates the missing directories of a new
   * file.
   */
  private static String readOnlyReason(Path path, boolean requested) {
    Path directory = path.getParent();
    if (Files.exists(path)) {
      if (!Files.isRegularFile(path)) {
        throw new StateStoreException(
            "SQLite state store at "
                + path
                + " is not a regular file; the engine will work on memory");
      }
      if (requested) {
        return "opened read-only on request";
      }
      if (!Files.isWritable(path)) {
        return "the file is not writable";
      }
      // SQLite writes its -wal and -shm files beside the database.
      return Files.isWritable(directory) ? null : "its directory is not writable";
    }
    if (requested) {
      throw new StateStoreException(
          "SQLite state store at " + path + " does not exist, so it cannot be opened read-only");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StateStoreException(
          "Cannot create the directory of SQLite state store at " + path + ": " + e, e);
    }
    if (!Files.isWritable(directory)) {
      throw new StateStoreException(
          "Cannot create SQLite state store at " + path + ": its directory is not writable");
    }
    return null;
  }

  private static Connection connect(
      Path path, Duration busyTimeout, boolean readOnly, boolean immutable) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) busyTimeout.toMillis());
    config.setReadOnly(readOnly);
    // A percent-encoded URI, so that a '?' or '#' in a directory name is not read as a parameter.
    String url = "jdbc:sqlite:" + path.toUri() + (immutable ? "?immutable=1" : "");
    try {
      return config.createConnection(url);
    } catch (SQLException e) {
      throw failure(path, e);
    }
  }

  private static void prepare(
      Path path, Duration busyTimeout, String readOnlyReason, Connection connection)
      throws SQLException {
    if (readOnlyReason == null) {
      BusyRetry.run(path, busyTimeout, "switch to WAL mode", () -> enableWal(path, connection));
    }
    BusyRetry.run(path, busyTimeout, "check its pages", () -> checkPages(path, connection));
    int version =
        BusyRetry.run(
            path, busyTimeout, "read its schema version", () -> Schema.version(path, connection));
    Schema.checkNotNewer(path, version);
    if (version == Schema.VERSION) {
      return;
    }
    if (readOnlyReason != null) {
      throw new StateStoreException(
          "SQLite state store at "
              + path
              + " has schema version "
              + version
              + ", older than version "
              + Schema.VERSION
              + ", and is read-only ("
              + readOnlyReason
              + "), so it cannot be migrated; the engine will work on memory");
    }
    BusyRetry.run(
        path,
        busyTimeout,
        "migrate its schema",
        () -> {
          Schema.migrate(path, connection);
          return null;
        });
  }

  private static Void enableWal(Path path, Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        String actual = mode.next() ? mode.getString(1) : "unknown";
        if (!"wal".equalsIgnoreCase(actual)) {
          // Some file systems (network shares) cannot hold the shared-memory index; the store still
          // works, with readers and writers waiting for each other.
          LOG.warn("SQLite state store at {} runs in journal mode {}, not WAL", path, actual);
        }
      }
      // With WAL, NORMAL cannot corrupt the file; a power cut may lose the last writes, which is
      // acceptable for learned state and spares an fsync per write.
      statement.execute("PRAGMA synchronous = NORMAL");
    }
    return null;
  }

  private static Void checkPages(Path path, Connection connection) throws SQLException {
    // quick_check reads every page but skips the index cross-checks: milliseconds for a state file,
    // and
    // a truncated or damaged file is found now rather than in the middle of a call.
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA quick_check(1)")) {
      String verdict = result.next() ? result.getString(1) : "no answer";
      if (!"ok".equalsIgnoreCase(verdict)) {
        throw new StateStoreException(corruptMessage(path, verdict));
      }
    }
    return null;
  }

  private static StateStoreException failure(Path path, Exception e) {
    if (e instanceof StateStoreException) {
      return (StateStoreException) e;
    }
    if (e instanceof SQLException) {
      int code = BusyRetry.primaryCode((SQLException) e);
      if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
        return new StateStoreException(corruptMessage(path, e.getMessage()), e);
      }
    }
    return new StateStoreException(
        "Cannot open SQLite state store at "
            + path
            + ": "
            + e.getMessage()
            + "; the engine will work on memory",
        e);
  }

  private static String corruptMessage(Path path, String detail) {
    return "SQLite state store at "
        + path
        + " is not a usable SQLite database ("
        + detail
        + "); the engine will work on memory. Move or delete the file to start a new store.";
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("Closing a connection that failed to open", e);
    }
  }
}
