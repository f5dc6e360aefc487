package dev.lifeline.internal.http;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Splits text that arrives in chunks into lines, each ended by LF, CRLF or CR (a CRLF may be split
 * across two chunks), as event streams end them. Not thread-safe: feed it from one stream. Not API.
 */
public final class LineSplitter {

  private final Consumer<String> onLine;
  private final StringBuilder line = new StringBuilder();
  private boolean lastWasCr;

  /** A splitter that hands each complete line, without its line break, to {@code onLine}. */
  public LineSplitter(Consumer<String> onLine) {
    this.onLine = Objects.requireNonNull(onLine, "onLine");
  }

  /** Feeds {@code chunk} from index {@code from} on. */
  public void feed(CharSequence chunk, int from) {
    for (int i = from; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\n' && lastWasCr) {
        lastWasCr = false;
        continue; // the LF of a CRLF
      }
      lastWasCr = c == '\r';
      if (c == '\n' || c == '\r') {
        emit();
      } else {
        line.append(c);
      }
    }
  }

  /** Ends the text: a last line without its line break is handed over too. */
  public void finish() {
    if (line.length() > 0) {
      emit();
    }
  }

  private void emit() {
    String complete = line.toString();
    line.setLength(0);
    onLine.accept(complete);
  }
}
