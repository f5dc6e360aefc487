package dev.lifeline.store.sqlite;

import dev.lifeline.state.StateStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of a store file, their version, and the steps from each older version to the current
 * one.
 */
final class Schema {

  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  /**
   * {@code MIGRATIONS.get(v)} brings a file from schema version {@code v} to {@code v + 1}; version
   * 0 is a file without Lifeline's tables. A new schema adds an entry here and never edits an old
   * one, because files written by every earlier version must still open.
   */
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE IF NOT EXISTS lifeline_meta"
                  + " (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
              "CREATE TABLE IF NOT EXISTS lifeline_state (namespace TEXT NOT NULL,"
                  + " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (namespace, key))"
                  + " WITHOUT ROWID"));

  /** The schema version this code reads and writes. */
  static final int VERSION = MIGRATIONS.size();

  private Schema() {}

  /** The version recorded in the file; 0 if it has no Lifeline tables yet. */
  static int version(Path file, Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet table =
          statement.executeQuery(
              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'lifeline_meta'")) {
        if (!table.next() || table.getInt(1) == 0) {
          return 0;
        }
      }
      try (ResultSet row =
          statement.executeQuery("SELECT value FROM lifeline_meta WHERE name = 'schema_version'")) {
        if (!row.next()) {
          return 0;
        }
        String value = row.getString(1);
        try {
          return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          throw new StateStoreException(
              "SQLite state store at "
                  + file
                  + " has an unreadable schema_version '"
                  + value
                  + "'; the engine will work on memory",
              e);
        }
      }
    }
  }

  /**
   * Refuses a file written by a newer Lifeline, whose tables this code may misread or damage.
   *
   * @throws StateStoreException naming both versions if {@code version} is newer than {@link
   *     #VERSION}
   */
  static void checkNotNewer(Path file, int version) {
    if (version > VERSION) {
      throw new StateStoreException(
          "SQLite state store at "
              + file
              + " has schema version "
              + version
              + ", written by a newer Lifeline; this one reads version "
              + VERSION
              + ". Upgrade Lifeline or use another file; the engine will work on memory");
    }
  }

  /**
   * Brings the file to {@link #VERSION} in one transaction that holds the write lock from its
   * start, so two openers of a new file cannot both see version 0 and race to create the tables.
   */
  static void migrate(Path file, Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Plain SQL rather than setAutoCommit(false): the driver would open a new transaction right
      // after
      // the commit, taking the write lock again for nothing.
      statement.execute("BEGIN IMMEDIATE");
      try {
        // Read again under the write lock: another connection may have migrated meanwhile.
        int version = version(file, connection);
        checkNotNewer(file, version);
        for (int step = version; step < VERSION; step++) {
          for (String sql : MIGRATIONS.get(step)) {
            statement.execute(sql);
          }
        }
        try (PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO lifeline_meta (name, value) VALUES ('schema_version', ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
          upsert.setString(1, Integer.toString(VERSION));
          upsert.executeUpdate();
        }
        statement.execute("COMMIT");
        if (version != 0 && version != VERSION) {
          LOG.info(
              "Migrated SQLite state store at {} from schema version {} to {}",
              file,
              version,
              VERSION);
        }
      } catch (SQLException | RuntimeException e) {
        try {
          statement.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }
}
