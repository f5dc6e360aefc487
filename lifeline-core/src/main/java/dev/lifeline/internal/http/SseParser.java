package dev.lifeline.internal.http;

import java.util.function.Consumer;

/**
 * Parses a Server-Sent Events stream as it arrives, chunk by chunk, into events. Not API.
 *
 * <p>Follows the WHATWG rules that matter for LLM streams: lines end with LF, CRLF or CR, possibly
 * split across chunks; {@code :} lines are comments (keep-alives, OpenRouter's "PROCESSING");
 * several {@code data:} lines join with LF; a blank line dispatches the event; one leading space
 * after the colon is dropped. Not thread-safe: feed it from one stream.
 */
public final class SseParser {

  /** One event: its name ({@code "message"} when none was given) and its data. */
  public record Event(String name, String data) {}

  private final Consumer<Event> sink;
  private final LineSplitter lines = new LineSplitter(this::processLine);
  private final StringBuilder data = new StringBuilder();
  private String eventName;
  private boolean hasData;
  private boolean sawAnyEvent;
  private boolean started;

  /** A parser that hands each complete event to {@code sink}. */
  public SseParser(Consumer<Event> sink) {
    this.sink = sink;
  }

  /** Feeds the next chunk of text. */
  public void feed(CharSequence chunk) {
    int from = 0;
    if (!started && chunk.length() > 0) {
      started = true;
      if (chunk.charAt(0) == '\uFEFF') {
        from = 1; // the spec skips one leading byte-order mark
      }
    }
    lines.feed(chunk, from);
  }

  /**
   * Ends the stream: a last line without its newline is processed, but an event without its blank
   * line is not dispatched, as the spec says. Returns whether such an unfinished event was dropped.
   */
  public boolean finish() {
    lines.finish();
    boolean dropped = hasData;
    resetEvent();
    return dropped;
  }

  /** Whether at least one event was dispatched. */
  public boolean sawAnyEvent() {
    return sawAnyEvent;
  }

  private void processLine(String text) {
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.charAt(0) == ':') {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data":
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
        break;
      case "event":
        eventName = value;
        break;
      default:
        break; // id, retry and unknown fields do not matter here
    }
  }

  private void dispatch() {
    if (hasData) {
      sawAnyEvent = true;
      Event event =
          new Event(
              eventName == null || eventName.isEmpty() ? "message" : eventName, data.toString());
      resetEvent();
      sink.accept(event);
    } else {
      eventName = null;
    }
  }

  private void resetEvent() {
    data.setLength(0);
    eventName = null;
    hasData = false;
  }
}
