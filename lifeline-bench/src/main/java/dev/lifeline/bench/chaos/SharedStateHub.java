package dev.lifeline.bench.chaos;

import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * One state store shared by the replicas of a simulated fleet, as {@code lifeline-store-redis}
 * shares one: every replica reads and writes the same keys, and what one replica puts reaches the
 * others' {@link StateStore#watch watchers} after a staleness delay on the fleet's clock (Redis's
 * near-cache refresh), never its own. Half-open probes are coordinated as the Redis store does
 * ({@link ProbeCoordinator}): one replica holds a target's probe lease, the others keep away until
 * its verdict, which they see one staleness delay after it. Each replica gets its own {@link
 * #replica view}. Thread-safe: the engines write from their store-writer threads, deliveries run on
 * the clock.
 */
final class SharedStateHub {

  /**
   * How long a probe lease lasts when its holder gives no verdict, as the Redis store's default.
   */
  static final Duration PROBE_LEASE = Duration.ofSeconds(10);

  private record Lease(Object holder, long untilNanos) {}

  private final VirtualClock clock;
  private final Duration staleness;
  private final Map<String, Lease> leases = new HashMap<>(); // guarded by this
  private final Map<String, Long> recoveredAt = new HashMap<>(); // guarded by this
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> values =
      new ConcurrentHashMap<>();
  private final List<Replica> replicas = new CopyOnWriteArrayList<>();

  /**
   * A hub delivering writes after {@code staleness} on {@code clock}.
   *
   * @throws IllegalArgumentException if {@code staleness} is negative
   */
  SharedStateHub(VirtualClock clock, Duration staleness) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (staleness.isNegative()) {
      throw new IllegalArgumentException("staleness must not be negative, was " + staleness);
    }
    this.staleness = staleness;
  }

  /** A new replica's view of the shared store. */
  StateStore replica() {
    Replica replica = new Replica();
    replicas.add(replica);
    return replica;
  }

  private Map<String, String> namespace(String namespace) {
    return values.computeIfAbsent(
        Objects.requireNonNull(namespace, "namespace"), name -> new ConcurrentHashMap<>());
  }

  private void written(Replica writer, String namespace, String key, String value) {
    List<BiConsumer<String, String>> others = new ArrayList<>();
    for (Replica replica : replicas) {
      if (replica != writer) {
        others.addAll(replica.watchers(namespace));
      }
    }
    if (!others.isEmpty()) {
      clock.schedule(() -> others.forEach(other -> other.accept(key, value)), staleness);
    }
  }

  private synchronized boolean mayProbe(Object replica, String target) {
    long now = clock.nanos();
    Long recovered = recoveredAt.get(target);
    long seen = recovered == null ? Long.MAX_VALUE : recovered + staleness.toNanos();
    if (recovered != null && now < seen) {
      return false; // the fleet's probe succeeded; this replica hears of it after the staleness
    }
    if (now >= seen && now < seen + PROBE_LEASE.toNanos()) {
      return true; // the fleet's probe succeeded and this replica has heard of it
    }
    Lease lease = leases.get(target);
    if (lease == null || lease.holder() == replica || lease.untilNanos() <= now) {
      leases.put(target, new Lease(replica, now + PROBE_LEASE.toNanos()));
      recoveredAt.remove(target);
      return true;
    }
    return false;
  }

  private synchronized void probeRecovered(String target) {
    leases.remove(target);
    recoveredAt.put(target, clock.nanos());
  }

  private synchronized void probeFailed(Object replica, String target, Instant retryAt) {
    long until = clock.nanos() + Math.max(0, Duration.between(clock.now(), retryAt).toNanos());
    leases.put(target, new Lease(replica, until));
  }

  /** One replica's connection to the hub. */
  private final class Replica implements StateStore, ProbeCoordinator {

    @Override
    public boolean mayProbe(String target) {
      return SharedStateHub.this.mayProbe(this, target);
    }

    @Override
    public void probeRecovered(String target) {
      SharedStateHub.this.probeRecovered(target);
    }

    @Override
    public void probeFailed(String target, Instant retryAt) {
      SharedStateHub.this.probeFailed(this, target, retryAt);
    }

    private final ConcurrentHashMap<String, List<BiConsumer<String, String>>> watchers =
        new ConcurrentHashMap<>();

    List<BiConsumer<String, String>> watchers(String namespace) {
      return watchers.getOrDefault(namespace, List.of());
    }

    @Override
    public Optional<String> get(String namespace, String key) {
      return Optional.ofNullable(namespace(namespace).get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public void put(String namespace, String key, String value) {
      namespace(namespace)
          .put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      written(this, namespace, key, value);
    }

    @Override
    public Map<String, String> all(String namespace) {
      return Map.copyOf(namespace(namespace));
    }

    @Override
    public void remove(String namespace, String key) {
      namespace(namespace).remove(Objects.requireNonNull(key, "key"));
    }

    @Override
    public void clear(String namespace) {
      namespace(namespace).clear();
    }

    @Override
    public void watch(String namespace, BiConsumer<String, String> listener) {
      watchers
          .computeIfAbsent(
              Objects.requireNonNull(namespace, "namespace"), n -> new CopyOnWriteArrayList<>())
          .add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {}
  }
}
