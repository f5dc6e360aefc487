package dev.lifeline.store.redis;

import dev.lifeline.learning.LearningSettings;
import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A {@link StateStore} on Redis, shared by every replica of an application: what one engine learns
 * (a revoked key, a spent quota, a 429's wait, an open circuit) keeps every replica away within the
 * store's staleness bound, and the playbook's evidence adds up across replicas.
 *
 * <p>What goes where, under keys {@code lifeline:{application}:...}:
 *
 * <ul>
 *   <li>namespace {@code health} (the engine's holds): one key per target with a PX time to live
 *       that ends with the hold, extended only forward ({@code PEXPIRE ... GT}); read in one batch
 *       (MGET);
 *   <li>namespace {@code playbook}: per entry, one share per replica; reads sum the shares, each
 *       share's evidence decayed by the half-life of its kind ({@link Builder#learning});
 *   <li>any other namespace: a hash, last write wins.
 * </ul>
 *
 * <p><b>Redis is never on a call's path.</b> The engine writes through its write-behind queue and
 * reads the store once, at start; what other replicas learn reaches it from this store's refresher,
 * which polls Redis every {@link Builder#staleness} (default 500 ms) and hands the news to the
 * engine's in-memory health, its near-cache. Every Redis command is bounded by {@link
 * Builder#operationTimeout} (default 200 ms) and refused at once while disconnected; a failure
 * throws {@link StateStoreException}, which the engine logs and works around on its own state. The
 * first failure of an outage is logged once, the rest counted ({@link #failedOperations()}); when
 * Redis answers again, this replica writes its running holds and playbook shares again (Redis may
 * have restarted empty) and reads the others'.
 *
 * <p>Client-side limits ({@link dev.lifeline.routing.DeploymentLimits}: requests and tokens per
 * minute, calls in flight) hold for the whole fleet: the engine's limiter asks this store ({@link
 * SharedLimits}) before each attempt to a limited deployment, one Lua script per attempt, within
 * the operation timeout; when Redis does not answer in time the engine keeps to {@code limit /
 * }{@link Builder#replicas} on its own counters for a second, then asks again. A slot of calls in
 * flight is a lease that ends after {@link Builder#slotLease}, so a replica that dies mid-call does
 * not hold it forever; it is given back, without waiting, when the call ends.
 *
 * <p>Standalone and Sentinel through Lettuce URIs ({@code redis://}, {@code rediss://} for TLS,
 * {@code redis-sentinel://}) and Cluster ({@link Builder#cluster()}), with ACL user and password in
 * the URI and, for a server whose certificate a private CA signed, {@link
 * Builder#trustedCertificates}; log lines and messages name the host and port only. Keys and values
 * hold deployment ids, provider names, error kinds, times and counts: never API keys, prompts or
 * answers. Thread-safe.
 */
public final class RedisStateStore implements StateStore, ProbeCoordinator, SharedLimits {
  /** The namespace whose values are the engine's holds (cooldowns, open circuits). */
  static final String HOLDS = "health";

  /** The namespace whose values are playbook entries. */
  static final String PLAYBOOK = "playbook";

  private final KeySpace keys;
  private final RedisLink link;
  private final SharedHolds holds;
  private final SharedHashes hashes;
  private final SharedPlaybook playbook;
  private final SharedProbes probes;
  private final SharedLimitCounts limits;
  private final SharedSlots slots;
  private final int replicas;
  private final Watches watches;
  private final ExecutorService ownThread; // null when the caller gave a scheduler

  private RedisStateStore(Builder builder) {
    this.keys = new KeySpace(builder.application);
    RedisURI uri;
    try {
      uri = RedisURI.create(builder.uri);
    } catch (RuntimeException e) {
      // Lettuce's message may echo the URI, password included: say only what was wrong.
      throw new IllegalArgumentException(
          "uri must be a Redis URI (redis://, rediss://, redis-sentinel://), was not: "
              + e.getClass().getSimpleName(),
          null);
    }
    this.link =
        new RedisLink(
            uri,
            builder.cluster,
            builder.operationTimeout,
            builder.trusted == null ? null : builder.trusted.sslOptions(),
            this::resync);
    this.holds = new SharedHolds(link, keys, builder.ticker);
    this.hashes = new SharedHashes(link, keys);
    this.playbook =
        new SharedPlaybook(link, keys, builder.replica, builder.learning, builder.ticker);
    this.probes = new SharedProbes(link, keys, builder.ticker, builder.replica, builder.probeLease);
    this.limits = new SharedLimitCounts(link, keys, builder.limitWindow);
    this.slots = new SharedSlots(link, keys, builder.slotLease);
    this.replicas = builder.replicas;
    Scheduler scheduler = builder.scheduler;
    if (scheduler == null) {
      this.ownThread =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "lifeline-redis-refresher");
                thread.setDaemon(true);
                return thread;
              });
      scheduler = Scheduler.system(ownThread);
    } else {
      this.ownThread = null;
    }
    this.watches = new Watches(holds, hashes, probes, scheduler, builder.staleness);
  }

  /**
   * A builder for a store on the Redis at {@code uri}: {@code redis://host:6379}, {@code
   * rediss://user:password@host:6380} (TLS, ACL), {@code
   * redis-sentinel://host:26379?sentinelMasterId=main}, or a node of a Redis Cluster with {@link
   * Builder#cluster()}.
   */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    return switch (namespace) {
      case HOLDS -> holds.get(key);
      case PLAYBOOK -> playbook.get(key);
      default -> hashes.get(namespace, key);
    };
  }

  @Override
  public void put(String namespace, String key, String value) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    switch (namespace) {
      case HOLDS -> holds.put(key, value);
      case PLAYBOOK -> playbook.put(key, value);
      default -> hashes.put(namespace, key, value);
    }
  }

  @Override
  public Map<String, String> all(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return switch (namespace) {
      case HOLDS -> holds.all();
      case PLAYBOOK -> playbook.all();
      default -> hashes.all(namespace);
    };
  }

  /** For holds, only forgets this replica's write: a hold ends in Redis by its time to live. */
  @Override
  public void remove(String namespace, String key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    switch (namespace) {
      case HOLDS -> holds.remove(key);
      case PLAYBOOK -> playbook.remove(key);
      default -> hashes.remove(namespace, key);
    }
  }

  @Override
  public void clear(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    switch (namespace) {
      case HOLDS -> holds.clear();
      case PLAYBOOK -> playbook.clear();
      default -> hashes.clear(namespace);
    }
  }

  /**
   * Polls {@code namespace} every staleness period and tells {@code listener} of each value another
   * replica wrote or changed. The playbook is not watched: its merged entries are read at start.
   */
  @Override
  public void watch(String namespace, BiConsumer<String, String> listener) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(listener, "listener");
    if (!PLAYBOOK.equals(namespace)) {
      watches.add(namespace, listener);
    }
  }

  /**
   * Answers from memory: yes while this replica holds the fleet's probe lease of {@code target} or
   * the fleet's probe just succeeded. The first question of a half-open period is answered no; the
   * refresher asks Redis for the lease at its next period, so a replica waits at most one staleness
   * period before it probes or learns that another does.
   */
  @Override
  public boolean mayProbe(String target) {
    return probes.mayProbe(Objects.requireNonNull(target, "target"));
  }

  /** Shares, at the refresher's next period, that this replica's probe of {@code target} passed. */
  @Override
  public void probeRecovered(String target) {
    probes.recovered(Objects.requireNonNull(target, "target"));
  }

  /**
   * Shares, at the refresher's next period, that this replica's probe of {@code target} failed: the
   * lease is held, so that no replica probes, until {@code retryAt}.
   */
  @Override
  public void probeFailed(String target, Instant retryAt) {
    probes.failed(
        Objects.requireNonNull(target, "target"), Objects.requireNonNull(retryAt, "retryAt"));
  }

  /**
   * Takes one request and {@code tokens} tokens from {@code deployment}'s budget shared by every
   * replica of the application, counted per {@link Builder#limitWindow} (the per-minute limits
   * scaled to it); answers {@link SharedLimits#UNKNOWN} when Redis does not answer within the
   * operation timeout.
   */
  @Override
  public long tryTake(String deployment, int requestsPerMinute, long tokensPerMinute, long tokens) {
    return limits.tryTake(
        Objects.requireNonNull(deployment, "deployment"),
        requestsPerMinute,
        tokensPerMinute,
        tokens);
  }

  /** Adds {@code tokens} to what {@code deployment} took, with its next take: no command now. */
  @Override
  public void correct(String deployment, long tokens) {
    limits.correct(Objects.requireNonNull(deployment, "deployment"), tokens);
  }

  /**
   * Takes one of {@code deployment}'s slots of calls in flight shared by every replica of the
   * application, under {@code lease}, for at most {@link Builder#slotLease}; answers a 50 ms wait
   * when all {@code maxConcurrent} are taken, and {@link SharedLimits#UNKNOWN} when Redis does not
   * answer within the operation timeout.
   */
  @Override
  public long tryEnter(String deployment, String lease, int maxConcurrent) {
    return slots.tryEnter(
        Objects.requireNonNull(deployment, "deployment"),
        Objects.requireNonNull(lease, "lease"),
        maxConcurrent);
  }

  /**
   * Gives back {@code deployment}'s slot {@code lease}: sent without waiting; one that cannot be
   * sent goes with the deployment's next {@link #tryEnter}, or its lease ends.
   */
  @Override
  public void exit(String deployment, String lease) {
    slots.exit(
        Objects.requireNonNull(deployment, "deployment"), Objects.requireNonNull(lease, "lease"));
  }

  /** How many replicas share the limits, as {@link Builder#replicas} set it. */
  @Override
  public int replicas() {
    return replicas;
  }

  /**
   * Polls every watched namespace now, on the calling thread, as the refresher does each staleness
   * period; returns whether Redis answered.
   */
  public boolean refreshNow() {
    return watches.refresh();
  }

  /** How many Redis operations failed or timed out since the store was made. */
  public long failedOperations() {
    return link.failures();
  }

  /** How many outages began since the store was made: each logged one warning. */
  public long outages() {
    return link.outages();
  }

  /** Whether the latest Redis operation failed: the engines are working on their own state. */
  public boolean degraded() {
    return link.isDown();
  }

  /** The rate budgets of this store's application, on its connection. */
  public RateBudgets rateBudgets() {
    return new RateBudgets(link, keys);
  }

  private void resync() {
    holds.resync();
    hashes.resync();
    playbook.resync();
    watches.forgetSeen();
  }

  /** Stops the refresher and closes the connection. */
  @Override
  public void close() {
    watches.stop();
    if (ownThread != null) {
      ownThread.shutdownNow();
    }
    link.close();
  }

  @Override
  public String toString() {
    return "RedisStateStore[" + link.where() + (degraded() ? ", degraded" : "") + "]";
  }

  /** Collects a store's settings; {@link #build()} connects. Not thread-safe. */
  public static final class Builder {
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_STALENESS = Duration.ofMinutes(1);

    private final String uri;
    private String application = "default";
    private Duration operationTimeout = Duration.ofMillis(200);
    private Duration staleness = Duration.ofMillis(500);
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private String replica = UUID.randomUUID().toString();
    private Duration probeLease = Duration.ofSeconds(10);
    private Duration limitWindow = Duration.ofMinutes(1);
    private Duration slotLease = Duration.ofMinutes(10);
    private int replicas = 1;
    private LearningSettings learning = LearningSettings.defaults();
    private boolean cluster;
    private TrustedCertificates trusted; // null: the JVM's default trust store

    private Builder(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * The application whose replicas share this state (default {@code "default"}): 1 to 64 letters,
     * digits, '.', '_' or '-'. Applications on one Redis share nothing.
     */
    public Builder application(String application) {
      new KeySpace(application); // checks it
      this.application = application;
      return this;
    }

    /** The most any Redis command may take, in (0, 10 s]; default 200 ms. */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = inRange("operationTimeout", timeout, MAX_TIMEOUT);
      return this;
    }

    /**
     * How old what this replica knows of the others may be, in (0, 1 min]; default 500 ms: the
     * refresher polls Redis this often.
     */
    public Builder staleness(Duration staleness) {
      this.staleness = inRange("staleness", staleness, MAX_STALENESS);
      return this;
    }

    /**
     * How long a replica's half-open probe may take before another replica may probe in its place,
     * in (0, 10 min]; default 10 s. Longer than the staleness, so that the verdict is read in time.
     */
    public Builder probeLease(Duration lease) {
      this.probeLease = inRange("probeLease", lease, Duration.ofMinutes(10));
      return this;
    }

    /**
     * The half-lives by which playbook evidence decays when the replicas' shares are merged
     * (default {@link LearningSettings#defaults()}): give the engines' own learning settings, so
     * that merged evidence fades as each engine's does. Entries expire from Redis 20 half-lives
     * after their last sighting, on {@link #ticker}'s wall time.
     */
    public Builder learning(LearningSettings learning) {
      this.learning = Objects.requireNonNull(learning, "learning");
      return this;
    }

    /**
     * The window the fleet's client-side limits are counted over, in [100 ms, 1 min]; default 1
     * min. The per-minute limits are scaled to it: 600 requests/min over 6 s windows is 60 per 6 s,
     * which spreads a minute's budget more evenly than one window of a minute would.
     */
    public Builder limitWindow(Duration window) {
      Objects.requireNonNull(window, "limitWindow");
      if (window.compareTo(Duration.ofMillis(100)) < 0
          || window.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("limitWindow must be in [PT0.1S, PT1M], was " + window);
      }
      this.limitWindow = window;
      return this;
    }

    /**
     * How long a slot of calls in flight ({@code maxConcurrent}) is held at most, in [1 s, 1 h];
     * default 10 min. A replica that dies mid-call gives its slots back when their leases end; a
     * call that lasts longer than its lease no longer counts, so the fleet may briefly exceed the
     * limit. Ten minutes is longer than a model call lasts (a long streamed answer takes a few
     * minutes) and short enough that a dead replica's slots come back within a deployment's bad
     * spell.
     */
    public Builder slotLease(Duration lease) {
      Objects.requireNonNull(lease, "slotLease");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("slotLease must be in [PT1S, PT1H], was " + lease);
      }
      this.slotLease = lease;
      return this;
    }

    /**
     * How many replicas share the client-side limits, in [1, 10,000]; default 1. While Redis does
     * not answer, each replica keeps to {@code limit / replicas} on its own counters, so that the
     * fleet stays under the limit through an outage. The default keeps each replica at the whole
     * limit during an outage, as without sharing: a count set too high would starve a fleet that
     * scaled down, while the 429s an overshoot draws are handled as always.
     */
    public Builder replicas(int replicas) {
      if (replicas < 1 || replicas > 10_000) {
        throw new IllegalArgumentException("replicas must be in [1, 10000], was " + replicas);
      }
      this.replicas = replicas;
      return this;
    }

    /**
     * The URI names one node of a Redis Cluster: Lettuce discovers the others and follows the
     * slots. An application's keys share one hash slot (its name is their hash tag), so the batch
     * reads and scripts stay on one node.
     */
    public Builder cluster() {
      this.cluster = true;
      return this;
    }

    /**
     * For a {@code rediss://} URI, trusts the certificates in {@code pemFile} (one or more, PEM)
     * instead of the JVM's default trust store: the server's certificate must chain to one of them
     * and name the URI's host. Read now.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trusted = TrustedCertificates.read(pemFile);
      return this;
    }

    /**
     * Where the store reads wall time, to turn a hold's end, and a playbook entry's last sighting,
     * into a time to live.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * What runs the refresher every staleness period (default: a daemon thread of the store's).
     * With a {@link dev.lifeline.time.VirtualClock}, the refresher polls as the test moves time.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * This replica's name in the playbook's shares (default: a random UUID); 1 to 64 letters,
     * digits, '.', '_' or '-'.
     */
    public Builder replica(String replica) {
      Objects.requireNonNull(replica, "replica");
      if (!replica.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "replica must be 1 to 64 letters, digits, '.', '_' or '-', was '" + replica + "'");
      }
      this.replica = replica;
      return this;
    }

    /** The store; it connects on its first command, so a Redis that is down does not fail this. */
    public RedisStateStore build() {
      return new RedisStateStore(this);
    }

    private static Duration inRange(String name, Duration value, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be in (0, " + max + "], was " + value);
      }
      return value;
    }
  }
}
