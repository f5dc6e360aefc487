package dev.lifeline.bench.load;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link FakeOpenAiServerMain} in a child JVM: started with the benchmark's own {@code java} and
 * the code source that holds the server class, its port read from the first line it prints, and
 * stopped by {@link #close()}, or by a shutdown hook if the benchmark dies first.
 */
public final class ServerProcess implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 30;

  private final Process process;
  private final int port;
  private final Thread hook;

  private ServerProcess(Process process, int port, Thread hook) {
    this.process = process;
    this.port = port;
    this.hook = hook;
  }

  /**
   * Starts the server on a free loopback port and waits until it listens.
   *
   * @param chunks the deltas in each streamed answer
   * @param maxLifetimeSeconds after this, the server exits by itself
   * @throws IllegalStateException if it does not announce a port within 30 s
   */
  public static ServerProcess start(int chunks, int maxLifetimeSeconds) {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            // Answers are written as header + body; without this, Nagle and delayed ACKs stall
            // them.
            "-Dsun.net.httpserver.nodelay=true",
            "-Dsun.net.httpserver.maxIdleConnections=1024",
            "-cp",
            codeSource(),
            FakeOpenAiServerMain.class.getName(),
            "--port",
            "0",
            "--chunks",
            Integer.toString(chunks),
            "--max-lifetime-seconds",
            Integer.toString(maxLifetimeSeconds));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake server: " + command, e);
    }
    Thread hook = new Thread(process::destroyForcibly, "fake-server-stopper");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return new ServerProcess(process, awaitPort(process), hook);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(hook);
      throw e;
    }
  }

  private static int awaitPort(Process process) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                  // Unblocks readLine below if the server never prints its port.
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fake-server-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      String line = out.readLine();
      watchdog.interrupt();
      if (line == null || !line.startsWith("PORT ")) {
        throw new IllegalStateException("the fake server did not announce its port: " + line);
      }
      return Integer.parseInt(line.substring("PORT ".length()).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the fake server's port", e);
    }
  }

  private static String codeSource() {
    try {
      return new File(
              FakeOpenAiServerMain.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI())
          .getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the server class has no file location", e);
    }
  }

  /**
   * The base URL the clients append {@code /v1/chat/completions} to, e.g. http://127.0.0.1:1234.
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The child's process handle, so that a test can see it is gone. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Stops the server and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to; it does the same.
      }
    }
  }
}
