package dev.lifeline.store.redis;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any other namespace: one Redis hash per namespace, last write wins. What this replica wrote is
 * remembered, so that it is not told back to it and is written again when Redis returns empty.
 */
final class SharedHashes {
  private final RedisLink link;
  private final KeySpace keys;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> written =
      new ConcurrentHashMap<>();

  SharedHashes(RedisLink link, KeySpace keys) {
    this.link = link;
    this.keys = keys;
  }

  void put(String namespace, String key, String value) {
    written.computeIfAbsent(namespace, name -> new ConcurrentHashMap<>()).put(key, value);
    link.call("write " + namespace, redis -> redis.hset(keys.namespace(namespace), key, value));
  }

  Optional<String> get(String namespace, String key) {
    return Optional.ofNullable(
        link.call("read " + namespace, redis -> redis.hget(keys.namespace(namespace), key)));
  }

  Map<String, String> all(String namespace) {
    return link.call("read " + namespace, redis -> redis.hgetall(keys.namespace(namespace)));
  }

  void remove(String namespace, String key) {
    Map<String, String> own = written.get(namespace);
    if (own != null) {
      own.remove(key);
    }
    link.call("remove from " + namespace, redis -> redis.hdel(keys.namespace(namespace), key));
  }

  void clear(String namespace) {
    written.remove(namespace);
    link.call("clear " + namespace, redis -> redis.del(keys.namespace(namespace)));
  }

  boolean isOwn(String namespace, String key, String value) {
    Map<String, String> own = written.get(namespace);
    return own != null && value.equals(own.get(key));
  }

  /** Writes again what this replica wrote: Redis may have come back empty. */
  void resync() {
    written.forEach(
        (namespace, values) -> {
          if (!values.isEmpty()) {
            Map<String, String> copy = Map.copyOf(values);
            link.call("resync " + namespace, redis -> redis.hset(keys.namespace(namespace), copy));
          }
        });
  }
}
