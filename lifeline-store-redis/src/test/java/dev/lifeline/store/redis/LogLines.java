package dev.lifeline.store.redis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what slf4j-simple (the tests' binding, which writes to the current {@code System.err})
 * logs while open, so that a test that provokes a failure asserts on its log lines instead of
 * printing them.
 */
final class LogLines implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private LogLines() {
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  static LogLines capture() {
    return new LogLines();
  }

  /** The lines logged so far. */
  List<String> lines() {
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** The warnings the store itself logged so far. */
  List<String> storeWarnings() {
    return lines().stream()
        .filter(line -> line.contains(" WARN ") && line.contains(RedisStateStore.class.getName()))
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
