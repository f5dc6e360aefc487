package dev.lifeline.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Sentinel deployment on loopback: a master, one replica of it, and one sentinel
 * ({@code redis-server sentinel.conf --sentinel}) that monitors them as {@value #MASTER_ID} with a
 * quorum of one and a one-second down-after, so that a killed master is failed over to the replica
 * within seconds. Started before a test class, every process stopped after it.
 */
final class RedisSentinel implements BeforeAllCallback, AfterAllCallback {
  /** The name the sentinel knows the master by. */
  static final String MASTER_ID = "m";

  private static final Duration START_WAIT = Duration.ofSeconds(20);

  private final RedisServer master = new RedisServer();
  private RedisServer replica;
  private Path dir;
  private int port;
  private Process sentinel;
  private RedisClient client;
  private StatefulRedisSentinelConnection<String, String> connection;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    master.beforeAll(context);
    replica = new RedisServer(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
    replica.beforeAll(context);
    // The sentinel reads a replica's state every 10 s: started before the replica's link is up, it
    // would take that long to see a replica it may promote.
    for (int i = 0;
        i < 400 && !replica.commands().info("replication").contains("master_link_status:up");
        i++) {
      Thread.sleep(25);
    }
    dir = Files.createTempDirectory("lifeline-sentinel");
    port = RedisServer.freePort();
    Path config = dir.resolve("sentinel.conf"); // the sentinel rewrites it: its own copy
    Files.writeString(
        config,
        String.join(
            "\n",
            "port " + port,
            "bind 127.0.0.1",
            "protected-mode no",
            "dir " + dir,
            "sentinel monitor " + MASTER_ID + " 127.0.0.1 " + master.port() + " 1",
            "sentinel down-after-milliseconds " + MASTER_ID + " 1000",
            "sentinel failover-timeout " + MASTER_ID + " 10000",
            ""),
        StandardCharsets.US_ASCII);
    start(config);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (connection != null) {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (sentinel != null && sentinel.isAlive()) {
      sentinel.destroyForcibly();
      sentinel.waitFor(START_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    if (replica != null) {
      replica.afterAll(context);
    }
    master.afterAll(context);
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** {@code redis-sentinel://127.0.0.1:port?sentinelMasterId=m}. */
  String uri() {
    return "redis-sentinel://127.0.0.1:" + port + "?sentinelMasterId=" + MASTER_ID;
  }

  RedisServer master() {
    return master;
  }

  RedisServer replica() {
    return replica;
  }

  /** A connection of the test's own to the sentinel, to ask it (SENTINEL ...). */
  RedisSentinelCommands<String, String> sentinelCommands() {
    if (connection == null) {
      client = RedisClient.create("redis://127.0.0.1:" + port);
      connection = client.connectSentinel();
    }
    return connection.sync();
  }

  /** The port of the master, as the sentinel names it now. */
  int masterPortNow() {
    return ((InetSocketAddress) sentinelCommands().getMasterAddrByName(MASTER_ID)).getPort();
  }

  /**
   * Whether the sentinel has found the replica and could promote it: listed, flagged "slave" only,
   * its link to the master up.
   */
  boolean replicaReady() {
    return sentinelCommands().replicas(MASTER_ID).stream()
        .anyMatch(
            known ->
                "slave".equals(known.get("flags")) && "ok".equals(known.get("master-link-status")));
  }

  private void start(Path config) throws IOException {
    sentinel =
        new ProcessBuilder(RedisServer.binary(), config.toString(), "--sentinel")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(sentinel.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains("+monitor master " + MASTER_ID)) {
        RedisServer.drain(out);
        return;
      }
    }
    throw new IllegalStateException("redis-server --sentinel did not start:\n" + seen);
  }
}
