package dev.lifeline.store.sqlite;

import dev.lifeline.state.StateStore;
import java.nio.file.Path;

/** The contract on a SQLite store in a new file. */
class SqliteStateStoreContractTest extends StateStoreContract {
  @Override
  StateStore newStore(Path dir) {
    return SqliteStateStore.open(dir.resolve("state.db"));
  }
}
