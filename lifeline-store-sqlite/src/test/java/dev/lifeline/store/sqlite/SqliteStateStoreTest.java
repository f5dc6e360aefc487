package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.lifeline.internal.state.FailSafeStateStore;
import dev.lifeline.state.StateStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQLite store against real files: restarts, schema versions, locks, damaged and read-only
 * files.
 */
class SqliteStateStoreTest {

  private static final Duration SHORT_BUSY_TIMEOUT = Duration.ofMillis(50);

  @TempDir Path dir;

  @Test
  void dataOutlivesCloseAndReopen() {
    Path file = dir.resolve("nested/dirs/state.db");
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      store.put("playbook", "k", "{\"learned\":true}");
      store.put("playbook", "gone", "{}");
      store.remove("playbook", "gone");
    }
    try (SqliteStateStore reopened = SqliteStateStore.open(file)) {
      assertThat(reopened.all("playbook")).containsExactly(Map.entry("k", "{\"learned\":true}"));
      assertThat(reopened.file()).isEqualTo(file.toAbsolutePath());
    }
  }

  @Test
  void aNewFileRecordsTheSchemaVersionAndRunsInWalMode() throws SQLException {
    Path file = dir.resolve("state.db");
    SqliteStateStore.open(file).close();
    assertThat(query(file, "SELECT value FROM lifeline_meta WHERE name = 'schema_version'"))
        .isEqualTo(Integer.toString(Schema.VERSION));
    assertThat(query(file, "PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void aFileFromANewerLifelineIsRefusedNamingBothVersions() throws SQLException {
    Path file = dir.resolve("state.db");
    SqliteStateStore.open(file).close();
    update(file, "UPDATE lifeline_meta SET value = '99' WHERE name = 'schema_version'");

    assertThatThrownBy(() -> SqliteStateStore.open(file))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("reads version " + Schema.VERSION);
  }

  @Test
  void aFileFromAnOlderLifelineIsMigrated() throws SQLException {
    Path file = dir.resolve("state.db");
    update(file, "CREATE TABLE lifeline_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    update(file, "INSERT INTO lifeline_meta VALUES ('schema_version', '0')");

    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      store.put("n", "k", "{}");
      assertThat(store.get("n", "k")).contains("{}");
    }
    assertThat(query(file, "SELECT value FROM lifeline_meta WHERE name = 'schema_version'"))
        .isEqualTo(Integer.toString(Schema.VERSION));
  }

  @Test
  void aWriteBlockedPastTheBusyTimeoutFailsWhileReadsGoOn() throws SQLException {
    Path file = dir.resolve("state.db");
    try (SqliteStateStore store =
            SqliteStateStore.builder(file).busyTimeout(SHORT_BUSY_TIMEOUT).open();
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      store.put("n", "k", "before");
      try (Statement lock = holder.createStatement()) {
        lock.execute("BEGIN IMMEDIATE");
        lock.execute("INSERT INTO lifeline_state VALUES ('n', 'held', 'x')");

        assertThatThrownBy(() -> store.put("n", "k", "during"))
            .isInstanceOf(StateStoreException.class)
            .hasMessageContaining(file.toAbsolutePath().toString())
            .hasMessageContaining("locked");
        // WAL: readers do not wait for the writer; and a current file opens without the write lock.
        assertThat(store.get("n", "k")).contains("before");
        try (SqliteStateStore other =
            SqliteStateStore.builder(file).busyTimeout(SHORT_BUSY_TIMEOUT).open()) {
          assertThat(other.get("n", "k")).contains("before");
        }

        lock.execute("ROLLBACK");
      }
      store.put("n", "k", "after");
      assertThat(store.get("n", "k")).contains("after");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"random bytes", "a JSON file", "a truncated header"})
  void aFileThatIsNotSqliteFailsAtOpenAndIsLeftAlone(String kind) throws IOException {
    Path file = dir.resolve("state.db");
    byte[] content = notSqlite(kind);
    Files.write(file, content);

    assertThatThrownBy(() -> SqliteStateStore.open(file))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("not a usable SQLite database")
        .hasMessageContaining("will work on memory");
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void aDamagedPageFailsAtOpen() throws IOException {
    Path file = dir.resolve("state.db");
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      for (int i = 0; i < 2_000; i++) {
        store.put("n", "key-" + i, "{\"value\":" + i + "}");
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    System.arraycopy(garbage, 0, bytes, 2 * 4096, garbage.length); // a b-tree page, not the header
    Files.write(file, bytes);

    assertThatThrownBy(() -> SqliteStateStore.open(file))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("will work on memory");
  }

  @Test
  void overACorruptFileTheFailSafeStoreWorksOnMemory() throws IOException {
    Path file = dir.resolve("state.db");
    Files.write(file, notSqlite("random bytes"));

    try (FailSafeStateStore store = FailSafeStateStore.open(() -> SqliteStateStore.open(file))) {
      store.put("n", "k", "{}");
      assertThat(store.get("n", "k")).contains("{}");
      assertThat(store.all("n")).containsOnlyKeys("k");
      assertThat(store.degraded()).isTrue();
      assertThat(store.lastError())
          .get()
          .extracting(Throwable::getMessage)
          .asString()
          .contains(file.toAbsolutePath().toString());
    }
  }

  @Test
  void aStoreOpenedReadOnlyReadsAndRefusesWrites() {
    Path file = dir.resolve("state.db");
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      store.put("n", "k", "kept");
    }
    try (SqliteStateStore store = SqliteStateStore.builder(file).readOnly(true).open()) {
      assertReadOnly(store, file);
    }
    assertFailSafeKeepsWorking(() -> SqliteStateStore.builder(file).readOnly(true).open());
  }

  @Test
  void aFileAndDirectoryThatCannotBeWrittenOpenReadOnly() throws IOException {
    Path parent = dir.resolve("locked");
    Path file = parent.resolve("state.db");
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      store.put("n", "k", "kept");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(
          Files.isWritable(file) || Files.isWritable(parent),
          "permissions do not stop this user from writing (root?)");
      try (SqliteStateStore store = SqliteStateStore.open(file)) {
        assertReadOnly(store, file);
      }
      assertFailSafeKeepsWorking(() -> SqliteStateStore.open(file));
    } finally {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void aDirectoryWithUriCharactersInItsNameWorks() {
    Path file = dir.resolve("what?#% dir/state.db");
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      store.put("n", "k", "{}");
    }
    assertThat(Files.exists(file)).isTrue();
    try (SqliteStateStore store = SqliteStateStore.open(file)) {
      assertThat(store.get("n", "k")).contains("{}");
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    Path file = dir.resolve("state.db");
    SqliteStateStore store = SqliteStateStore.open(file);
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get("n", "k"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void openingFailsClearlyForADirectoryOrAMissingReadOnlyFile() {
    assertThatThrownBy(() -> SqliteStateStore.open(dir))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("not a regular file");
    assertThatThrownBy(
            () -> SqliteStateStore.builder(dir.resolve("absent.db")).readOnly(true).open())
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void theBusyTimeoutIsValidated() {
    SqliteStateStore.Builder builder = SqliteStateStore.builder(dir.resolve("state.db"));
    assertThatThrownBy(() -> builder.busyTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("busyTimeout")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> builder.busyTimeout(Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertReadOnly(SqliteStateStore store, Path file) {
    assertThat(store.readOnly()).isTrue();
    assertThat(store.get("n", "k")).contains("kept");
    assertThat(store.all("n")).containsOnlyKeys("k");
    assertThatThrownBy(() -> store.put("n", "k", "changed"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("read-only")
        .hasMessageContaining("reads still work");
    assertThatThrownBy(() -> store.clear("n")).isInstanceOf(StateStoreException.class);
    assertThat(store.get("n", "k")).contains("kept");
  }

  /** Over a read-only file: old state is read from the file, new state is kept in memory. */
  private static void assertFailSafeKeepsWorking(Supplier<SqliteStateStore> opener) {
    try (FailSafeStateStore failSafe = FailSafeStateStore.open(opener)) {
      failSafe.put("n", "new", "memory only");
      assertThat(failSafe.get("n", "new")).contains("memory only");
      assertThat(failSafe.get("n", "k")).contains("kept");
      assertThat(failSafe.all("n")).containsOnlyKeys("k", "new");
      assertThat(failSafe.degraded()).isTrue();
      assertThat(failSafe.lastError())
          .get()
          .extracting(Throwable::getMessage)
          .asString()
          .contains("read-only");
    }
  }

  private static byte[] notSqlite(String kind) {
    switch (kind) {
      case "random bytes":
        byte[] bytes = new byte[8192];
        new Random(42).nextBytes(bytes);
        return bytes;
      case "a JSON file":
        return "{\"playbook\": []}\n".repeat(200).getBytes(StandardCharsets.UTF_8);
      case "a truncated header":
        return "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  private static String query(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = c.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return result.next() ? result.getString(1) : null;
    }
  }

  private static void update(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }
}
