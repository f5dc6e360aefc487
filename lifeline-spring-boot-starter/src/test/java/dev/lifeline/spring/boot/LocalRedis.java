package dev.lifeline.spring.boot;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The machine's {@code redis-server} ({@code .ci/run} installs Debian's) on a free loopback port,
 * without persistence, for one test class; emptied before each test. The Redis store's own tests
 * start theirs the same way.
 */
final class LocalRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private int port;
  private Process process;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    List<String> command =
        List.of(
            binary(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "no");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run redis-server; install it (Debian: apt-get install -y redis-server)", e);
    }
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.contains("Ready to accept connections")) {
        drain(out);
        return;
      }
    }
    throw new IllegalStateException("redis-server did not start:\n" + seen);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    commands().flushall();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (connection != null) {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** A connection of the test's own, to look into Redis. */
  RedisCommands<String, String> commands() {
    if (connection == null) {
      client = RedisClient.create(uri());
      connection = client.connect();
    }
    return connection.sync();
  }

  /** The server keeps writing its log; a full pipe would stall it. */
  private static void drain(BufferedReader out) {
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

  private static String binary() {
    for (String candidate :
        List.of(
            System.getProperty("lifeline.redis.server", ""),
            "/usr/bin/redis-server",
            "/usr/local/bin/redis-server")) {
      if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "redis-server";
  }
}
