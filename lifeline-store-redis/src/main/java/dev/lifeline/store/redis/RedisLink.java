package dev.lifeline.store.redis;

import dev.lifeline.state.StateStoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to Redis whose every command is bounded by a short timeout and whose outages cost
 * nothing but the data: a command that fails or times out throws {@link StateStoreException} at
 * once, never blocks longer than the timeout, and is counted. The first failure of an outage is
 * logged as a warning and the return of Redis as an info line; the failures in between are only
 * counted. While disconnected, commands are refused at once instead of queued (Lettuce's default
 * would queue them until the timeout). Lettuce reconnects by itself; a link that could not connect
 * at all tries again on its next command, one thread at a time.
 *
 * <p>Log lines name Redis by host and port only: a URI may carry a user name and password.
 */
final class RedisLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final Supplier<Commands> connect;
  private final String where;
  private final Runnable onRecovery;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong outages = new AtomicLong();
  private volatile RedisClusterCommands<String, String> connection;
  private volatile RedisClusterAsyncCommands<String, String> asyncConnection;

  /** One connection's commands, blocking and not. */
  private record Commands(
      RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async) {}

  private volatile boolean closed;

  /**
   * A link to the Redis at {@code uri}; with {@code cluster}, to the Redis Cluster {@code uri} is a
   * node of (Lettuce discovers the others and follows the slots). {@code ssl}, if not null, is what
   * a {@code rediss://} connection trusts.
   */
  RedisLink(RedisURI uri, boolean cluster, Duration timeout, SslOptions ssl, Runnable onRecovery) {
    Objects.requireNonNull(uri, "uri");
    this.where = (cluster ? "cluster node " : "") + describe(uri);
    this.onRecovery = Objects.requireNonNull(onRecovery, "onRecovery");
    uri.setTimeout(timeout);
    // Two I/O threads are plenty for a few small commands a second; reconnect quickly, since an
    // outage only costs sharing while it lasts.
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
    if (cluster) {
      RedisClusterClient clusterClient = RedisClusterClient.create(resources, uri);
      // The cluster client opens each node's connection on that node's first command: rejecting
      // commands while disconnected would reject every first one. They wait, within the timeout.
      ClusterClientOptions.Builder options =
          ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .socketOptions(socket);
      if (ssl != null) {
        options.sslOptions(ssl);
      }
      clusterClient.setOptions(options.build());
      this.client = clusterClient;
      this.connect =
          () -> {
            var open = clusterClient.connect();
            return new Commands(open.sync(), open.async());
          };
    } else {
      RedisClient single = RedisClient.create(resources, uri);
      ClientOptions.Builder options =
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .socketOptions(socket);
      if (ssl != null) {
        options.sslOptions(ssl);
      }
      single.setOptions(options.build());
      this.client = single;
      this.connect =
          () -> {
            var open = single.connect();
            return new Commands(open.sync(), open.async());
          };
    }
  }

  /** Host and port, or the sentinels' master: never the credentials. */
  static String describe(RedisURI uri) {
    if (uri.getSentinelMasterId() != null) {
      return "sentinel master " + uri.getSentinelMasterId();
    }
    if (uri.getSocket() != null) {
      return "socket " + uri.getSocket();
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  /** Where Redis is, for log lines: host and port, no credentials. */
  String where() {
    return where;
  }

  /** How many operations failed or timed out since the link was made. */
  long failures() {
    return failures.get();
  }

  /** How many outages began (a success, then a failure) since the link was made. */
  long outages() {
    return outages.get();
  }

  /** Whether the latest operation failed. */
  boolean isDown() {
    return down.get();
  }

  /**
   * Runs {@code operation} on the connection, within the timeout.
   *
   * @throws StateStoreException if Redis is unreachable, slow or refuses it
   */
  <T> T call(String what, Function<RedisClusterCommands<String, String>, T> operation) {
    T result;
    try {
      result = operation.apply(connected());
    } catch (RuntimeException e) {
      failed(what, e);
      throw new StateStoreException(
          "Redis at " + where + " did not " + what + ": " + e.getClass().getSimpleName(), e);
    }
    if (down.compareAndSet(true, false)) {
      LOG.info(
          "Redis at {} answers again ({} operations failed meanwhile); resynchronising",
          where,
          failures.get());
      try {
        onRecovery.run();
      } catch (RuntimeException e) {
        LOG.debug("resynchronising with Redis at {} failed; it is tried again later", where, e);
      }
    }
    return result;
  }

  /**
   * Sends {@code operation} without waiting for its answer: never blocks. A failure is counted and,
   * as the first of an outage, logged. Nothing is sent while the link has no connection.
   *
   * @return whether it was handed to the connection
   */
  boolean send(
      String what,
      Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<?>> operation) {
    RedisClusterAsyncCommands<String, String> open = asyncConnection;
    if (open == null) {
      return false;
    }
    try {
      operation
          .apply(open)
          .whenComplete(
              (result, error) -> {
                if (error instanceof RuntimeException e) {
                  failed(what, e);
                } else if (error != null) {
                  failed(what, new IllegalStateException(error));
                }
              });
      return true;
    } catch (RuntimeException e) {
      failed(what, e);
      return false;
    }
  }

  private RedisClusterCommands<String, String> connected() {
    RedisClusterCommands<String, String> open = connection;
    if (open != null) {
      return open;
    }
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
    // One thread connects; the others fail at once rather than wait on it.
    if (!connecting.compareAndSet(false, true)) {
      throw new IllegalStateException("connecting");
    }
    try {
      Commands commands = connect.get();
      asyncConnection = commands.async();
      connection = commands.sync();
      return commands.sync();
    } finally {
      connecting.set(false);
    }
  }

  private void failed(String what, RuntimeException e) {
    failures.incrementAndGet();
    if (down.compareAndSet(false, true)) {
      outages.incrementAndGet();
      LOG.warn(
          "Redis at {} is unreachable or slow ({} failed: {}); every engine keeps working on its"
              + " own state, further failures are counted, not logged, until it answers again",
          where,
          what,
          e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    closed = true;
    // Shutting the client down closes its connection too.
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
