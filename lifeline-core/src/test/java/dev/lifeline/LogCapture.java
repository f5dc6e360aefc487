package dev.lifeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what slf4j-simple (the tests' binding, which writes to the current {@code System.err})
 * logs while open, so a test that provokes a failure asserts on its log lines instead of printing
 * them.
 */
final class LogCapture implements AutoCloseable {

  private final PrintStream original;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private LogCapture() {
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  static LogCapture start() {
    return new LogCapture();
  }

  /** The lines logged so far. */
  List<String> lines() {
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
