package dev.lifeline.store.sqlite;

import dev.lifeline.internal.state.FailSafeStateStore;
import dev.lifeline.state.StateStore;
import java.nio.file.Path;

/**
 * The contract on a healthy SQLite store behind the fail-safe wrapper: the wrapper changes nothing.
 */
class FailSafeSqliteStateStoreContractTest extends StateStoreContract {
  @Override
  StateStore newStore(Path dir) {
    return FailSafeStateStore.open(() -> SqliteStateStore.open(dir.resolve("state.db")));
  }
}
