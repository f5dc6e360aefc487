package dev.lifeline.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} (the machine's; {@code .ci/run} installs Debian's) on a free loopback
 * port, without persistence, started before a test class and stopped after it; emptied before each
 * test. A test can {@link #kill()} it and {@link #start()} it again on the same port, empty, as a
 * crashed and restarted Redis would come back.
 */
final class RedisServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private static final Duration START_WAIT = Duration.ofSeconds(20);

  private final List<String> extraArguments;
  private int port;
  private Path dir;
  private Process process;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  /** A plain server. */
  RedisServer() {
    this(List.of());
  }

  /** A server started with {@code arguments} besides the usual ones. */
  RedisServer(List<String> arguments) {
    this.extraArguments = List.copyOf(arguments);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("lifeline-redis");
    port = freePort();
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (process == null || !process.isAlive()) {
      start();
    }
    commands().flushall();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    closeClient();
    kill();
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  /**
   * A Redis Cluster node, not yet in a cluster. Its bus port is chosen too: the default (port +
   * 10000) may be taken, and Redis refuses to start when it would pass 65535 (a port above 55535).
   */
  static RedisServer clusterNode() {
    try {
      return new RedisServer(
          List.of(
              "--cluster-enabled", "yes",
              "--cluster-config-file", "nodes.conf",
              "--cluster-port", Integer.toString(freePort())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port free now (not reserved: another process may take it first). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** A connection of the test's own, to look into Redis. */
  RedisCommands<String, String> commands() {
    if (connection == null) {
      client = RedisClient.create(uri());
      connection = client.connect();
    }
    return connection.sync();
  }

  /** Starts the server on the port, empty, and waits until it accepts connections. */
  void start() {
    List<String> command = new ArrayList<>();
    command.add(binary());
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", dir.toString(),
            "--protected-mode", "no"));
    command.addAll(extraArguments);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.contains("Ready to accept connections")) {
          drain(out);
          return;
        }
      }
      throw new IllegalStateException("redis-server did not start:\n" + seen);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run redis-server; install it (Debian: apt-get install -y redis-server)", e);
    }
  }

  /** Kills the server at once (SIGKILL): nothing is saved, every connection drops. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(START_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private void closeClient() {
    if (connection != null) {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      connection = null;
    }
  }

  /** The server keeps writing its log; a full pipe would stall it. */
  static void drain(BufferedReader out) {
    Thread drainer =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discarded
                }
              } catch (IOException e) {
                // the server ended
              }
            },
            "redis-server-log");
    drainer.setDaemon(true);
    drainer.start();
  }

  static String binary() {
    for (String candidate :
        List.of(
            System.getProperty("lifeline.redis.server", ""),
            "/usr/bin/redis-server",
            "/usr/local/bin/redis-server")) {
      if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "redis-server"; // from the PATH, or a clear error from start()
  }
}
