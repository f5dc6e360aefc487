package dev.lifeline.testkit;

/** How faults describe themselves, and the checks their records share. */
final class FaultText {

  private FaultText() {}

  /** {@code text}, and " after " the latency when there is one. */
  static String describe(String text, Latency latency) {
    return latency.isNone() ? text : text + " after " + latency;
  }

  static void requireChunks(int afterChunks) {
    if (afterChunks < 0) {
      throw new IllegalArgumentException("afterChunks must be >= 0 but was " + afterChunks);
    }
  }

  /** Whether {@code fault} is about streams. */
  static boolean isStreamFault(Fault fault) {
    return fault instanceof Fault.SlowStream
        || fault instanceof Fault.StallStream
        || fault instanceof Fault.CutStream
        || fault instanceof Fault.MidStreamError;
  }

  /** RATE_LIMITED as rateLimited. */
  static String lowerCamel(String constant) {
    StringBuilder text = new StringBuilder();
    boolean upper = false;
    for (char c : constant.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        text.append(upper ? c : Character.toLowerCase(c));
        upper = false;
      }
    }
    return text.toString();
  }
}
