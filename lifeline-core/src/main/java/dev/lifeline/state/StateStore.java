package dev.lifeline.state;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where the engine keeps what must outlive a call, or a process: learned playbook entries and
 * health snapshots. A small key-value SPI, so that in-memory, SQLite and Redis stores are easy to
 * write.
 *
 * <p>Values are JSON texts that the engine writes and reads; a store never interprets them. Keys
 * and values never hold API keys or prompt text. Implementations must be thread-safe. A store that
 * fails (a locked or corrupt file, a lost connection) throws {@link StateStoreException}; the
 * engine then logs it and keeps working on memory, so a store failure never fails a call.
 */
public interface StateStore extends AutoCloseable {

  /** The value under {@code key} in {@code namespace}, if any. */
  Optional<String> get(String namespace, String key);

  /** Stores {@code value} under {@code key} in {@code namespace}, replacing any earlier value. */
  void put(String namespace, String key, String value);

  /** Every key and value of {@code namespace}. */
  Map<String, String> all(String namespace);

  /** Removes {@code key} from {@code namespace}; nothing happens if it is absent. */
  void remove(String namespace, String key);

  /** Removes every key of {@code namespace}. */
  void clear(String namespace);

  /**
   * Tells {@code listener} of each value another process puts under {@code namespace} from now on,
   * as this store learns of it (key, value), on a thread of the store's. A store shared by several
   * engines (Redis) implements it, so that what one replica learns reaches the others while they
   * run; the default, for a store that only this process writes, never calls back. The listener
   * must be quick and must not block; it is never called for this process's own writes.
   */
  default void watch(String namespace, BiConsumer<String, String> listener) {}

  /** Releases what the store holds (files, connections). */
  @Override
  void close();
}
