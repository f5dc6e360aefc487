package dev.lifeline.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Playbook entries merged across replicas: evidence adds. Each entry is a Redis hash with one field
 * per replica holding that replica's own share: what it learned beyond the merged entry it read at
 * start. Reading an entry sums the shares (evidence, failures, recoveries, their attempts and
 * milliseconds, wasted cost, each resolver's count), takes the earliest first sighting and the
 * latest last one. A replica that restarts reads the merged entry as its base, so its earlier share
 * is not counted twice. Removing an entry (a deployment answered for that request shape) removes it
 * for the whole fleet.
 *
 * <p>The fields are those of the engine's stored playbook entry; any other field is taken from the
 * share read last.
 */
final class SharedPlaybook {
  private static final List<String> SUMMED =
      List.of(
          "evidence", "failures", "recoveries", "recoveryAttempts", "recoveryMillis", "wastedCost");

  private final RedisLink link;
  private final KeySpace keys;
  private final String replica;
  private final ObjectMapper json = new ObjectMapper();

  /** The merged entry this replica read, by entry key: its own share is measured from it. */
  private final ConcurrentHashMap<String, ObjectNode> base = new ConcurrentHashMap<>();

  /** This replica's share of each entry it wrote, for a resync. */
  private final ConcurrentHashMap<String, String> shares = new ConcurrentHashMap<>();

  SharedPlaybook(RedisLink link, KeySpace keys, String replica) {
    this.link = link;
    this.keys = keys;
    this.replica = replica;
  }

  void put(String key, String value) {
    ObjectNode entry = parse(value);
    ObjectNode from = base.get(key);
    String share = (from == null ? entry : minus(entry, from)).toString();
    shares.put(key, share);
    write(key, share);
  }

  private void write(String key, String share) {
    link.call(
        "share a playbook entry",
        redis -> {
          redis.hset(keys.playbookEntry(key), replica, share);
          return redis.sadd(keys.playbookIndex(), keys.playbookEntry(key));
        });
  }

  Optional<String> get(String key) {
    Map<String, String> shared =
        link.call("read a playbook entry", redis -> redis.hgetall(keys.playbookEntry(key)));
    return Optional.ofNullable(merged(key, shared));
  }

  Map<String, String> all() {
    Set<String> members =
        link.call("list the playbook", redis -> redis.smembers(keys.playbookIndex()));
    Map<String, String> entries = new HashMap<>();
    for (String member : members) {
      Map<String, String> shared = link.call("read the playbook", redis -> redis.hgetall(member));
      String key = keys.playbookKeyOf(member);
      String entry = merged(key, shared);
      if (entry != null) {
        entries.put(key, entry);
      }
    }
    return entries;
  }

  void remove(String key) {
    base.remove(key);
    shares.remove(key);
    link.call(
        "remove a playbook entry",
        redis -> {
          redis.srem(keys.playbookIndex(), keys.playbookEntry(key));
          return redis.del(keys.playbookEntry(key));
        });
  }

  void clear() {
    base.clear();
    shares.clear();
    Set<String> members =
        link.call("list the playbook", redis -> redis.smembers(keys.playbookIndex()));
    String[] all = members.toArray(new String[members.size() + 1]);
    all[members.size()] = keys.playbookIndex();
    link.call("clear the playbook", redis -> redis.del(all));
  }

  void resync() {
    Map.copyOf(shares).forEach(this::write);
  }

  /** The sum of the shares, remembered as this replica's base; null when there are none. */
  private String merged(String key, Map<String, String> shared) {
    ObjectNode sum = null;
    for (String share : shared.values()) {
      ObjectNode entry;
      try {
        entry = parse(share);
      } catch (IllegalArgumentException e) {
        continue; // an unreadable share costs its evidence, not the entry
      }
      sum = sum == null ? entry : plus(sum, entry);
    }
    if (sum == null) {
      return null;
    }
    base.put(key, sum.deepCopy());
    return sum.toString();
  }

  private static ObjectNode plus(ObjectNode a, ObjectNode b) {
    ObjectNode sum = b.deepCopy();
    for (String field : SUMMED) {
      sum.put(field, number(a, field) + number(b, field));
    }
    sum.put("firstSeen", Math.min(millis(a, "firstSeen"), millis(b, "firstSeen")));
    sum.put("lastSeen", Math.max(millis(a, "lastSeen"), millis(b, "lastSeen")));
    ObjectNode resolvers = sum.putObject("resolvers");
    for (ObjectNode side : List.of(a, b)) {
      JsonNode counts = side.get("resolvers");
      if (counts != null && counts.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> count = it.next();
          resolvers.put(
              count.getKey(), resolvers.path(count.getKey()).asLong(0) + count.getValue().asLong());
        }
      }
    }
    integral(sum);
    return sum;
  }

  /** {@code entry} less what {@code from} already counted: this replica's own share. */
  private static ObjectNode minus(ObjectNode entry, ObjectNode from) {
    ObjectNode share = entry.deepCopy();
    for (String field : SUMMED) {
      share.put(field, Math.max(0, number(entry, field) - number(from, field)));
    }
    ObjectNode resolvers = share.putObject("resolvers");
    JsonNode counts = entry.get("resolvers");
    if (counts != null && counts.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> count = it.next();
        long left =
            count.getValue().asLong() - from.path("resolvers").path(count.getKey()).asLong(0);
        if (left > 0) {
          resolvers.put(count.getKey(), left);
        }
      }
    }
    integral(share);
    return share;
  }

  /** Counts stay integers in the JSON, as the engine wrote them. */
  private static void integral(ObjectNode entry) {
    for (String field : List.of("failures", "recoveries", "recoveryAttempts", "recoveryMillis")) {
      entry.put(field, (long) entry.path(field).asDouble(0));
    }
  }

  private static double number(ObjectNode entry, String field) {
    return entry.path(field).asDouble(0);
  }

  private static long millis(ObjectNode entry, String field) {
    return entry.path(field).asLong(0);
  }

  private ObjectNode parse(String value) {
    try {
      JsonNode node = json.readTree(value);
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw new IllegalArgumentException("a playbook entry must be a JSON object");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "a playbook entry must be JSON: " + e.getOriginalMessage(), e);
    }
  }
}
