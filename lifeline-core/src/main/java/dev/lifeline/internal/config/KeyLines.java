package dev.lifeline.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list item of a configuration file is written, by path ({@code
 * retry.maxAttempts}, {@code providers[0].models}), so that a value found wrong after binding is
 * still reported at its line. Not API.
 */
final class KeyLines {

  private final Map<String, JsonLocation> places;

  private KeyLines(Map<String, JsonLocation> places) {
    this.places = places;
  }

  /** The places of {@code text}; none when it cannot be read (the parser reports that itself). */
  static KeyLines of(JsonFactory factory, String text) {
    Map<String, JsonLocation> places = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      walk(parser, places);
    } catch (IOException | RuntimeException e) {
      // Malformed text: binding fails on it with its own location; keep what was read.
    }
    return new KeyLines(places);
  }

  /**
   * " line L, column C" of {@code path}, else of its nearest enclosing path that is written; empty
   * when none is.
   */
  String at(String path) {
    for (String place = path; !place.isEmpty(); place = parent(place)) {
      JsonLocation location = places.get(place);
      if (location != null && location.getLineNr() > 0) {
        return " line " + location.getLineNr() + ", column " + location.getColumnNr();
      }
    }
    return "";
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** One open object or array: its path, and for an array the index of its next item. */
  private static final class Frame {
    final String path;
    final boolean array;
    int next;
    String key; // an object's last key

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }

    /** The path of the value about to be read in this container. */
    String child() {
      if (array) {
        return path + "[" + next++ + "]";
      }
      return path.isEmpty() ? key : path + "." + key;
    }
  }

  private static void walk(JsonParser parser, Map<String, JsonLocation> places) throws IOException {
    Deque<Frame> open = new ArrayDeque<>();
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      if (token == JsonToken.FIELD_NAME) {
        Frame frame = open.peek();
        if (frame != null) {
          frame.key = parser.currentName();
          places.putIfAbsent(frame.child(), parser.currentTokenLocation());
        }
        continue;
      }
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        open.pop();
        continue;
      }
      Frame frame = open.peek();
      String path = "";
      if (frame != null) {
        path = frame.child();
        if (frame.array) {
          places.putIfAbsent(path, parser.currentTokenLocation());
        }
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        open.push(new Frame(path, token == JsonToken.START_ARRAY));
      }
    }
  }
}
