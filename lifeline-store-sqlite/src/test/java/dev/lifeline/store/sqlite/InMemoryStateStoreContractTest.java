package dev.lifeline.store.sqlite;

import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import java.nio.file.Path;

/** The contract on core's in-memory store, the reference the SQLite store must match. */
class InMemoryStateStoreContractTest extends StateStoreContract {
  @Override
  StateStore newStore(Path dir) {
    return new InMemoryStateStore();
  }
}
