package dev.lifeline.store.redis;

import dev.lifeline.state.SharedLimits;
import dev.lifeline.state.StateStoreException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's slots of calls in flight ({@code maxConcurrent}) in Redis, behind {@link
 * RedisStateStore}'s {@link SharedLimits#tryEnter} and {@link SharedLimits#exit}: per deployment, a
 * sorted set whose members are the leases of the calls in flight and whose scores are when each
 * lease ends, on Redis's own clock. One Lua script drops the ended leases, counts the others and
 * adds the new one when there is room, so that two replicas never both take the last slot.
 *
 * <p>Leases end so that a replica that died mid-call gives its slots back: after the lease, a slot
 * counts as free even if its call still runs, so a call longer than the lease may let the fleet
 * briefly exceed the limit by one. An exit is sent without waiting; one that failed is sent again
 * with the deployment's next entry, and otherwise its lease ends.
 */
final class SharedSlots {
  /**
   * KEYS[1] the deployment's set; ARGV: lease ms, the limit, the new lease, then leases to drop.
   * Returns 0 (entered) or 1 (full).
   */
  private static final String ENTER =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local lease = tonumber(ARGV[1])\n"
          + "for i = 4, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end\n"
          + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
          + "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 1 end\n"
          + "redis.call('ZADD', KEYS[1], now + lease, ARGV[3])\n"
          + "if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end\n"
          + "return 0\n";

  /** How long a replica at the limit waits before asking again: calls end at no known time. */
  static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final RedisLink link;
  private final KeySpace keys;
  private final long leaseMillis;
  private final ConcurrentHashMap<String, Queue<String>> unsentExits = new ConcurrentHashMap<>();

  SharedSlots(RedisLink link, KeySpace keys, Duration lease) {
    this.link = link;
    this.keys = keys;
    this.leaseMillis = lease.toMillis();
  }

  /** See {@link SharedLimits#tryEnter}. */
  long tryEnter(String deployment, String lease, int maxConcurrent) {
    List<String> drops = new ArrayList<>();
    Queue<String> unsent = unsentExits.get(deployment);
    for (String drop = unsent == null ? null : unsent.poll(); drop != null; drop = unsent.poll()) {
      drops.add(drop);
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                Long.toString(leaseMillis), Integer.toString(Math.max(1, maxConcurrent)), lease));
    args.addAll(drops);
    try {
      Long full =
          link.call(
              "take a shared slot",
              redis ->
                  redis.eval(
                      ENTER,
                      ScriptOutputType.INTEGER,
                      new String[] {keys.slots(deployment)},
                      args.toArray(String[]::new)));
      return full == null || full == 0 ? 0 : RECHECK_NANOS;
    } catch (StateStoreException e) {
      drops.forEach(drop -> unsent(deployment, drop));
      return SharedLimits.UNKNOWN;
    }
  }

  /** See {@link SharedLimits#exit}: sent, not awaited; kept for the next entry if it fails. */
  void exit(String deployment, String lease) {
    boolean sent =
        link.send(
            "give back a shared slot",
            redis ->
                redis
                    .zrem(keys.slots(deployment), lease)
                    .whenComplete(
                        (removed, error) -> {
                          if (error != null) {
                            unsent(deployment, lease);
                          }
                        }));
    if (!sent) {
      unsent(deployment, lease);
    }
  }

  private void unsent(String deployment, String lease) {
    unsentExits.computeIfAbsent(deployment, d -> new ConcurrentLinkedQueue<>()).add(lease);
  }
}
