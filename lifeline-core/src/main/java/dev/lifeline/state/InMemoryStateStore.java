package dev.lifeline.state;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The default store: everything in memory, gone with the process. Thread-safe. */
public final class InMemoryStateStore implements StateStore {

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> namespaces =
      new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryStateStore() {}

  @Override
  public Optional<String> get(String namespace, String key) {
    Map<String, String> values = namespaces.get(Objects.requireNonNull(namespace, "namespace"));
    return values == null
        ? Optional.empty()
        : Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
  }

  @Override
  public void put(String namespace, String key, String value) {
    namespaces
        .computeIfAbsent(
            Objects.requireNonNull(namespace, "namespace"), name -> new ConcurrentHashMap<>())
        .put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  @Override
  public Map<String, String> all(String namespace) {
    Map<String, String> values = namespaces.get(Objects.requireNonNull(namespace, "namespace"));
    return values == null ? Map.of() : Map.copyOf(values);
  }

  @Override
  public void remove(String namespace, String key) {
    Map<String, String> values = namespaces.get(Objects.requireNonNull(namespace, "namespace"));
    if (values != null) {
      values.remove(Objects.requireNonNull(key, "key"));
    }
  }

  @Override
  public void clear(String namespace) {
    namespaces.remove(Objects.requireNonNull(namespace, "namespace"));
  }

  @Override
  public void close() {}
}
