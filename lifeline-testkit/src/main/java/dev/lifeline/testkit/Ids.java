package dev.lifeline.testkit;

import java.util.SplittableRandom;

/** Provider-looking ids (chatcmpl-…, msg_01…, req_…), reproducible per server name. */
final class Ids {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String HEX = "0123456789abcdef";

  private final SplittableRandom random;

  Ids(String seedName) {
    this.random = new SplittableRandom(seedName.hashCode());
  }

  synchronized String base62(int length) {
    return draw(BASE62, length);
  }

  synchronized String hex(int length) {
    return draw(HEX, length);
  }

  private String draw(String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
