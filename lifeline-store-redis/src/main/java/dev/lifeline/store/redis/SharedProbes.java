package dev.lifeline.store.redis;

import dev.lifeline.state.StateStoreException;
import dev.lifeline.time.Ticker;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet's half-open probes: one lease per deployment in Redis ({@code SET ... PX} in a script),
 * so that when a circuit's open period ends, one replica probes and the others wait for its
 * verdict. A lease's value is {@code replica|state|until}, with state {@code probing}, {@code
 * recovered} or {@code failed} and {@code until} in epoch milliseconds of the store's {@link
 * Ticker}: a lease whose {@code until} has passed is free, whatever its time to live in Redis.
 *
 * <p>Callers only read this class's memory: {@link #mayProbe} answers from it, and the first
 * question about a deployment is answered no while the refresher asks Redis, on its thread, at its
 * next period. A replica that cannot reach Redis is granted its own lease, and probes as it would
 * alone. A verdict is written at the next period too; the others read it there.
 */
final class SharedProbes {
  /** Returns the lease in force, or takes it: ARGV = the new value, now, its time to live. */
  private static final String TAKE =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v then\n"
          + "  local untilMs = tonumber(string.match(v, '|(%d+)$'))\n"
          + "  if untilMs and untilMs > tonumber(ARGV[2]) then return v end\n"
          + "end\n"
          + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])\n"
          + "return ARGV[1]\n";

  /** Writes a verdict if the lease is this replica's, or gone: ARGV = owner prefix, value, ttl. */
  private static final String VERDICT =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if (not v) or string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then\n"
          + "  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])\n"
          + "  return 1\n"
          + "end\n"
          + "return 0\n";

  private enum Standing {
    /** Asked for: the refresher asks Redis at its next period. */
    ASKING,
    /** This replica holds the lease: it probes. */
    MINE,
    /** Another replica probes, or its probe failed: wait until the lease ends. */
    WAITING,
    /** The fleet's probe succeeded: send again. */
    RECOVERED
  }

  private record Lease(Standing standing, long untilMillis) {}

  private record Verdict(String state, long untilMillis) {}

  private final RedisLink link;
  private final KeySpace keys;
  private final Ticker ticker;
  private final String replica;
  private final long leaseMillis;
  private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Verdict> verdicts = new ConcurrentHashMap<>();

  SharedProbes(RedisLink link, KeySpace keys, Ticker ticker, String replica, Duration lease) {
    this.link = link;
    this.keys = keys;
    this.ticker = ticker;
    this.replica = replica;
    this.leaseMillis = lease.toMillis();
  }

  /**
   * From memory only; a first question is answered no and asked of Redis at the next period. While
   * Redis is down, yes: the replica probes on its own.
   */
  boolean mayProbe(String target) {
    if (link.isDown()) {
      return true; // no fleet to wait for: probe as an engine alone would
    }
    long now = ticker.now().toEpochMilli();
    Lease lease = leases.get(target);
    if (lease == null || (lease.standing() != Standing.ASKING && now >= lease.untilMillis())) {
      leases.put(target, new Lease(Standing.ASKING, 0));
      return false;
    }
    return lease.standing() == Standing.MINE || lease.standing() == Standing.RECOVERED;
  }

  void recovered(String target) {
    ended(target, "recovered", ticker.now().toEpochMilli() + leaseMillis);
  }

  void failed(String target, Instant retryAt) {
    ended(target, "failed", retryAt.toEpochMilli());
  }

  private void ended(String target, String state, long untilMillis) {
    Lease lease = leases.get(target);
    if (lease != null && lease.standing() == Standing.MINE && leases.remove(target, lease)) {
      verdicts.put(target, new Verdict(state, untilMillis));
    }
  }

  /** On the refresher's thread: writes the verdicts, asks for leases, reads the awaited ones. */
  void refresh() {
    long now = ticker.now().toEpochMilli();
    for (Map.Entry<String, Verdict> verdict : Map.copyOf(verdicts).entrySet()) {
      verdicts.remove(verdict.getKey(), verdict.getValue());
      writeVerdict(verdict.getKey(), verdict.getValue(), now);
    }
    for (Map.Entry<String, Lease> entry : Map.copyOf(leases).entrySet()) {
      String target = entry.getKey();
      Lease lease = entry.getValue();
      switch (lease.standing()) {
        case ASKING -> ask(target, lease, now);
        case WAITING -> {
          if (now >= lease.untilMillis()) {
            leases.remove(target, lease);
          } else {
            read(target, lease, now);
          }
        }
        default -> {
          if (now >= lease.untilMillis()) {
            leases.remove(target, lease);
          }
        }
      }
    }
  }

  private void ask(String target, Lease asked, long now) {
    Lease answer;
    try {
      String mine = replica + "|probing|" + (now + leaseMillis);
      String value =
          link.call(
              "lease a probe",
              redis ->
                  redis.eval(
                      TAKE,
                      ScriptOutputType.VALUE,
                      new String[] {keys.probe(target)},
                      mine,
                      Long.toString(now),
                      Long.toString(leaseMillis)));
      answer = standing(value, now);
      if (answer == null) {
        return; // a clock step between the replicas: asked again at the next period
      }
    } catch (StateStoreException e) {
      answer = new Lease(Standing.MINE, now + leaseMillis); // alone, as without Redis
    }
    leases.replace(target, asked, answer);
  }

  private void read(String target, Lease waiting, long now) {
    try {
      String value = link.call("read a probe lease", redis -> redis.get(keys.probe(target)));
      Lease answer = value == null ? null : standing(value, now);
      if (answer == null || answer.standing() == Standing.RECOVERED) {
        // Ended, or the prober's verdict: ask again, or send.
        leases.replace(target, waiting, answer == null ? new Lease(Standing.ASKING, 0) : answer);
      }
    } catch (StateStoreException e) {
      // counted by the link; keep waiting until the lease ends
    }
  }

  private Lease standing(String value, long now) {
    String[] parts = value.split("\\|", -1);
    long until;
    try {
      until = parts.length == 3 ? Long.parseLong(parts[2]) : now;
    } catch (NumberFormatException e) {
      until = now;
    }
    if (parts.length != 3 || until <= now) {
      return null;
    }
    if ("recovered".equals(parts[1])) {
      return new Lease(Standing.RECOVERED, until);
    }
    boolean mine = parts[0].equals(replica) && "probing".equals(parts[1]);
    return new Lease(mine ? Standing.MINE : Standing.WAITING, until);
  }

  private void writeVerdict(String target, Verdict verdict, long now) {
    long ttl = Math.max(1, verdict.untilMillis() - now);
    try {
      link.call(
          "share a probe's verdict",
          redis ->
              redis.eval(
                  VERDICT,
                  ScriptOutputType.INTEGER,
                  new String[] {keys.probe(target)},
                  replica + "|",
                  replica + "|" + verdict.state() + "|" + verdict.untilMillis(),
                  Long.toString(ttl)));
    } catch (StateStoreException e) {
      // counted by the link; the others end their wait when the lease ends
    }
  }
}
