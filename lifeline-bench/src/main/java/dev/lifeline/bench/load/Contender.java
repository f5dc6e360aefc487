package dev.lifeline.bench.load;

/**
 * One client under load: a blocking chat call to the fake server, and optionally a streamed one.
 * Every contender sends the same system and user message ({@link Prompt}) and returns the answer's
 * text, so that each does the whole job a caller needs done.
 */
public interface Contender extends AutoCloseable {

  /** The name in the tables, e.g. "bare-jdk". */
  String name();

  /** One non-streaming call; returns the answer's text. */
  String call();

  /** Whether {@link #stream} is implemented. */
  default boolean streams() {
    return false;
  }

  /**
   * One streaming call, blocking until the stream ends; {@code firstDelta} is run once, on the
   * first non-empty text delta. Returns the whole text.
   *
   * @throws UnsupportedOperationException if {@link #streams()} is false
   */
  default String stream(Runnable firstDelta) {
    throw new UnsupportedOperationException(name() + " does not stream here");
  }

  /** Frees the client's connections and threads. */
  @Override
  void close();
}
