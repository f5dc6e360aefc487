package dev.lifeline.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.time.Ticker;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Playbook entries merged across replicas: evidence adds, and decays by time. Each entry is a Redis
 * hash with one field per replica holding that replica's own share: what it learned beyond the
 * merged entry it read at start. Reading an entry sums the shares (evidence, failures, recoveries,
 * their attempts and milliseconds, wasted cost, each resolver's count), takes the earliest first
 * sighting and the latest last one. A replica that reads an entry keeps the other replicas' shares
 * as its base, so that its next write (the merged entry and what it learned since) counts nothing
 * twice, whether it restarted under a new replica name or the same one. Removing an entry (a
 * deployment answered for that request shape) removes it for the whole fleet.
 *
 * <p>Evidence decays as the engine's does: a share's evidence counts as of its own last sighting,
 * so before shares are added each is weighed down by half per half-life of the entry's kind ({@link
 * LearningSettings#halfLife}) from its last sighting to the merged one; a week-old share of a rate
 * limit then adds next to nothing to a sighting of today. A replica's share is likewise what its
 * entry holds beyond the base it read, decayed to its own last sighting. An entry no replica sees
 * again expires from Redis {@value #EXPIRY_HALF_LIVES} half-lives after its last sighting, when its
 * evidence is below a millionth of what it was ({@code PEXPIRE ... GT}: a replica's older sighting
 * never shortens it).
 *
 * <p>The fields are those of the engine's stored playbook entry; any other field is taken from the
 * share read last.
 */
final class SharedPlaybook {
  private static final List<String> SUMMED =
      List.of(
          "evidence", "failures", "recoveries", "recoveryAttempts", "recoveryMillis", "wastedCost");

  /** Half-lives after its last sighting that an entry stays in Redis: 2^-20 is under 10^-6. */
  static final int EXPIRY_HALF_LIVES = 20;

  private final RedisLink link;
  private final KeySpace keys;
  private final String replica;
  private final LearningSettings learning;
  private final Ticker clock;
  private final ObjectMapper json = new ObjectMapper();

  /** The merged entry this replica read, by entry key: its own share is measured from it. */
  private final ConcurrentHashMap<String, ObjectNode> base = new ConcurrentHashMap<>();

  /** This replica's share of each entry it wrote, for a resync. */
  private final ConcurrentHashMap<String, String> shares = new ConcurrentHashMap<>();

  /**
   * The playbook of {@code replica}, whose evidence decays by {@code learning}'s half-lives and
   * whose entries expire from Redis by {@code clock}'s wall time.
   */
  SharedPlaybook(
      RedisLink link, KeySpace keys, String replica, LearningSettings learning, Ticker clock) {
    this.link = link;
    this.keys = keys;
    this.replica = replica;
    this.learning = learning;
    this.clock = clock;
  }

  void put(String key, String value) {
    ObjectNode entry = parse(value);
    ObjectNode from = base.get(key);
    String share = (from == null ? entry : minus(entry, from)).toString();
    shares.put(key, share);
    write(key, share);
  }

  private void write(String key, String share) {
    long ttl = expiresIn(parse(share));
    link.call(
        "share a playbook entry",
        redis -> {
          redis.hset(keys.playbookEntry(key), replica, share);
          if (ttl > 0) {
            redis.eval(
                EXTEND, ScriptOutputType.INTEGER, new String[] {keys.playbookEntry(key)}, "" + ttl);
          }
          return redis.sadd(keys.playbookIndex(), keys.playbookEntry(key));
        });
  }

  /** Moves a key's time to live forward only: {@code PEXPIRE GT} treats "none" as infinite. */
  private static final String EXTEND =
      "if redis.call('PTTL', KEYS[1]) == -1 then\n"
          + "  return redis.call('PEXPIRE', KEYS[1], ARGV[1])\n"
          + "end\n"
          + "return redis.call('PEXPIRE', KEYS[1], ARGV[1], 'GT')\n";

  /**
   * Milliseconds from now until {@code entry}'s evidence is below a millionth, at least 1; 0 when
   * its kind is unknown here (it then never expires).
   */
  private long expiresIn(ObjectNode entry) {
    Duration halfLife = halfLife(entry);
    if (halfLife == null) {
      return 0;
    }
    long until =
        millis(entry, "lastSeen")
            + Math.min(halfLife.toMillis(), Long.MAX_VALUE / 2 / EXPIRY_HALF_LIVES)
                * EXPIRY_HALF_LIVES;
    return Math.max(1, until - clock.now().toEpochMilli());
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
    Map<String, ObjectNode> entries = new HashMap<>();
    long latest = Long.MIN_VALUE;
    for (Map.Entry<String, String> share : shared.entrySet()) {
      ObjectNode entry;
      try {
        entry = parse(share.getValue());
      } catch (IllegalArgumentException e) {
        continue; // an unreadable share costs its evidence, not the entry
      }
      entries.put(share.getKey(), entry);
      latest = Math.max(latest, millis(entry, "lastSeen"));
    }
    ObjectNode sum = null;
    ObjectNode others = null;
    for (Map.Entry<String, ObjectNode> share : entries.entrySet()) {
      ObjectNode entry = share.getValue();
      // Each share's evidence counts as of its own last sighting: bring it to the merged one.
      entry.put("evidence", evidenceAt(entry, latest));
      sum = sum == null ? entry.deepCopy() : plus(sum, entry);
      if (!share.getKey().equals(replica)) {
        others = others == null ? entry.deepCopy() : plus(others, entry);
      }
    }
    if (sum == null) {
      return null;
    }
    // The base is the other replicas' shares: this replica's own is replaced by its next write,
    // which holds it again, as the engine's entry carries all it read.
    if (others == null) {
      base.remove(key);
    } else {
      others.put("lastSeen", latest); // the time its evidence counts as of
      base.put(key, others);
    }
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

  /**
   * {@code entry} less what {@code from} already counted: this replica's own share. The base's
   * evidence has decayed until the entry's last sighting, as the engine's has.
   */
  private ObjectNode minus(ObjectNode entry, ObjectNode from) {
    ObjectNode share = entry.deepCopy();
    for (String field : SUMMED) {
      double counted =
          field.equals("evidence")
              ? evidenceAt(from, millis(entry, "lastSeen"))
              : number(from, field);
      share.put(field, Math.max(0, number(entry, field) - counted));
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

  /**
   * {@code entry}'s evidence as of {@code atMillis}: halved per half-life of its kind since its
   * last sighting; as it is when its kind is unknown here or the time is not later.
   */
  private double evidenceAt(ObjectNode entry, long atMillis) {
    double evidence = number(entry, "evidence");
    long age = atMillis - millis(entry, "lastSeen");
    Duration halfLife = halfLife(entry);
    if (age <= 0 || halfLife == null) {
      return evidence;
    }
    return evidence * Math.pow(0.5, (double) age / Math.max(1, halfLife.toMillis()));
  }

  /** The half-life of {@code entry}'s kind, or null when the kind is unknown to this version. */
  private Duration halfLife(ObjectNode entry) {
    try {
      return learning.halfLife(ErrorKind.valueOf(entry.path("kind").asText("")));
    } catch (IllegalArgumentException e) {
      return null;
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
