package dev.lifeline.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.time.Ticker;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engines' holds (cooldowns, open circuits) in Redis, one string key per target, each with a PX
 * time to live that ends with the hold. A hold is only ever extended: a write that would end sooner
 * than what Redis holds is dropped ({@code PEXPIRE ... GT}, Redis 7), so a replica that learned a
 * longer cooldown is never cut short by one that learned a shorter one. Holds are read in one batch
 * (SMEMBERS of an index, then MGET). Ending early is not shared: a hold lasts its time to live,
 * after which every replica probes the target back as it would its own.
 *
 * <p>The values are the engine's own JSON ({@code target}, {@code provider}, {@code until} in epoch
 * milliseconds, {@code reason}); {@code until} sets the time to live, against the store's {@link
 * Ticker}.
 */
final class SharedHolds {
  /** Sets the hold if absent, else moves its end forward only, and then its value with it. */
  private static final String WRITE =
      "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then\n"
          + "  redis.call('SADD', KEYS[2], KEYS[1])\n"
          + "  return 1\n"
          + "end\n"
          + "if redis.call('PEXPIRE', KEYS[1], ARGV[2], 'GT') == 1 then\n"
          + "  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')\n"
          + "  redis.call('SADD', KEYS[2], KEYS[1])\n"
          + "  return 1\n"
          + "end\n"
          + "return 0\n";

  private final RedisLink link;
  private final KeySpace keys;
  private final Ticker ticker;
  private final ObjectMapper json = new ObjectMapper();

  /** What this replica wrote, by hold key: not told back to it, and written again after a gap. */
  private final ConcurrentHashMap<String, String> written = new ConcurrentHashMap<>();

  SharedHolds(RedisLink link, KeySpace keys, Ticker ticker) {
    this.link = link;
    this.keys = keys;
    this.ticker = ticker;
  }

  /** Shares a hold; a hold already over, or one Redis holds longer, changes nothing. */
  void put(String holdKey, String value) {
    long ttl = untilMillis(value) - ticker.now().toEpochMilli();
    if (ttl <= 0) {
      written.remove(holdKey);
      return;
    }
    written.put(holdKey, value);
    write(holdKey, value, ttl);
  }

  private void write(String holdKey, String value, long ttl) {
    link.call(
        "share a hold",
        redis ->
            redis.eval(
                WRITE,
                ScriptOutputType.INTEGER,
                new String[] {keys.hold(holdKey), keys.holdIndex()},
                value,
                Long.toString(ttl)));
  }

  /** A hold that ended here is not removed from Redis: it ends there by its time to live. */
  void remove(String holdKey) {
    written.remove(holdKey);
  }

  /** Every hold in Redis now, by hold key. */
  Map<String, String> all() {
    Set<String> members = link.call("list the holds", redis -> redis.smembers(keys.holdIndex()));
    if (members.isEmpty()) {
      return Map.of();
    }
    String[] redisKeys = members.toArray(String[]::new);
    List<KeyValue<String, String>> values =
        link.call("read the holds", redis -> redis.mget(redisKeys));
    Map<String, String> holds = new HashMap<>();
    String[] gone =
        values.stream()
            .filter(value -> !value.hasValue())
            .map(KeyValue::getKey)
            .toArray(String[]::new);
    for (KeyValue<String, String> value : values) {
      if (value.hasValue()) {
        holds.put(keys.holdKeyOf(value.getKey()), value.getValue());
      }
    }
    if (gone.length > 0) {
      link.call("prune the hold index", redis -> redis.srem(keys.holdIndex(), gone));
    }
    return holds;
  }

  /** The hold under {@code holdKey} in Redis, if any. */
  Optional<String> get(String holdKey) {
    return Optional.ofNullable(link.call("read a hold", redis -> redis.get(keys.hold(holdKey))));
  }

  /** Whether {@code value} under {@code holdKey} is this replica's own write. */
  boolean isOwn(String holdKey, String value) {
    return value.equals(written.get(holdKey));
  }

  /** Removes every hold of the application, in Redis too. */
  void clear() {
    written.clear();
    Set<String> members = link.call("list the holds", redis -> redis.smembers(keys.holdIndex()));
    String[] all = members.toArray(new String[members.size() + 1]);
    all[members.size()] = keys.holdIndex();
    link.call("clear the holds", redis -> redis.del(all));
  }

  /** Writes again this replica's holds still running: Redis may have come back empty. */
  void resync() {
    long now = ticker.now().toEpochMilli();
    for (Map.Entry<String, String> hold : Map.copyOf(written).entrySet()) {
      long ttl = untilMillis(hold.getValue()) - now;
      if (ttl <= 0) {
        written.remove(hold.getKey(), hold.getValue());
      } else {
        write(hold.getKey(), hold.getValue(), ttl);
      }
    }
  }

  private long untilMillis(String value) {
    try {
      JsonNode until = json.readTree(value).get("until");
      if (until == null || !until.canConvertToLong()) {
        throw new IllegalArgumentException("a hold needs an 'until' in epoch milliseconds");
      }
      return until.asLong();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("a hold must be JSON: " + e.getOriginalMessage(), e);
    }
  }
}
