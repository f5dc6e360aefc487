package dev.lifeline.internal.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds every run of text that is a piece of a known key at least {@link #MIN_FRAGMENT} characters
 * long, wherever the text was cut: a provider's echo truncated by an excerpt still leaves such a
 * run.
 *
 * <p>Every {@value #MIN_FRAGMENT}-character window of every key is indexed by a 64-bit polynomial
 * hash in a sorted array behind a 64 Ki-bit filter; a text is scanned once with a rolling hash,
 * each hit is checked against the key itself, and overlapping hits merge into one range.
 * Construction is O(k log k) for k indexed windows; a scan is O(n log k) and allocates nothing
 * unless something is found. Immutable and thread-safe.
 */
final class KeyFragments {

  /**
   * The shortest piece of a key that is removed. Shorter pieces also occur in ordinary words and
   * ids, and eight characters of a random key leave well over 40 bits for an attacker still to
   * guess.
   */
  static final int MIN_FRAGMENT = 8;

  // An odd multiplier with mixed bits: windows of ASCII key characters spread over the whole long.
  private static final long BASE = 0x100000001B3L * 31 + 7;
  private static final long BASE_POW = pow(BASE, MIN_FRAGMENT - 1);

  private static final int FILTER_BITS =
      1 << 16; // 8 KiB; a few hundred windows fill under 1 % of it

  private static final KeyFragments NONE = new KeyFragments(List.of());

  private final String[] keys;
  private final List<String> shortKeys;
  private final long[] hashes;
  private final int[] owners;
  private final int[] offsets;
  // One bit per hash bucket: most windows of ordinary text miss here and skip the binary search.
  private final long[] filter = new long[FILTER_BITS / 64];

  private KeyFragments(List<String> secrets) {
    List<String> whole = new ArrayList<>();
    List<String> indexed = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        continue;
      }
      (secret.length() < MIN_FRAGMENT ? whole : indexed).add(secret);
    }
    this.keys = indexed.toArray(String[]::new);
    this.shortKeys = List.copyOf(whole);
    List<long[]> windows = new ArrayList<>();
    for (int k = 0; k < keys.length; k++) {
      String key = keys[k];
      long hash = hashAt(key, 0);
      for (int offset = 0; ; offset++) {
        windows.add(new long[] {hash, k, offset});
        if (offset + MIN_FRAGMENT >= key.length()) {
          break;
        }
        hash = roll(hash, key.charAt(offset), key.charAt(offset + MIN_FRAGMENT));
      }
    }
    windows.sort(Comparator.comparingLong(window -> window[0]));
    hashes = new long[windows.size()];
    owners = new int[windows.size()];
    offsets = new int[windows.size()];
    for (int i = 0; i < windows.size(); i++) {
      hashes[i] = windows.get(i)[0];
      owners[i] = (int) windows.get(i)[1];
      offsets[i] = (int) windows.get(i)[2];
      int bucket = bucket(hashes[i]);
      filter[bucket >>> 6] |= 1L << bucket;
    }
  }

  /** An index of {@code secrets}; null and empty entries are ignored. */
  static KeyFragments of(List<String> secrets) {
    return secrets.isEmpty() ? NONE : new KeyFragments(secrets);
  }

  /** Whether there is no key to look for. */
  boolean isEmpty() {
    return keys.length == 0 && shortKeys.isEmpty();
  }

  /**
   * {@code text} with every key fragment of {@link #MIN_FRAGMENT}+ characters, and every short key,
   * replaced by {@code mask}.
   */
  String remove(String text, String mask) {
    String result = text;
    for (String key : shortKeys) {
      result = result.replace(key, mask);
    }
    if (keys.length == 0 || result.length() < MIN_FRAGMENT) {
      return result;
    }
    StringBuilder out = null;
    int copied = 0; // text before this index is already in out
    int rangeStart = -1;
    int rangeEnd = -1;
    long hash = hashAt(result, 0);
    for (int i = 0; ; i++) {
      if (matches(hash, result, i)) {
        if (rangeStart < 0 || i > rangeEnd) {
          if (rangeStart >= 0) {
            out = flush(out, result, copied, rangeStart, mask);
            copied = rangeEnd;
          }
          rangeStart = i;
        }
        rangeEnd = i + MIN_FRAGMENT;
      }
      if (i + MIN_FRAGMENT >= result.length()) {
        break;
      }
      hash = roll(hash, result.charAt(i), result.charAt(i + MIN_FRAGMENT));
    }
    if (rangeStart < 0) {
      return result;
    }
    out = flush(out, result, copied, rangeStart, mask);
    return out.append(result, rangeEnd, result.length()).toString();
  }

  private static StringBuilder flush(
      StringBuilder out, String text, int from, int maskedFrom, String mask) {
    StringBuilder builder = out == null ? new StringBuilder(text.length()) : out;
    return builder.append(text, from, maskedFrom).append(mask);
  }

  /**
   * Whether the window of {@code text} at {@code start}, whose hash is {@code hash}, is a key's
   * window.
   */
  private boolean matches(long hash, String text, int start) {
    int bucket = bucket(hash);
    if ((filter[bucket >>> 6] & (1L << bucket)) == 0) {
      return false;
    }
    int at = Arrays.binarySearch(hashes, hash);
    if (at < 0) {
      return false;
    }
    // Equal hashes sit side by side; one of them must really be this window (else a hash
    // collision).
    while (at > 0 && hashes[at - 1] == hash) {
      at--;
    }
    for (; at < hashes.length && hashes[at] == hash; at++) {
      if (keys[owners[at]].regionMatches(offsets[at], text, start, MIN_FRAGMENT)) {
        return true;
      }
    }
    return false;
  }

  private static int bucket(long hash) {
    return (int) (hash ^ (hash >>> 31)) & (FILTER_BITS - 1);
  }

  private static long hashAt(String text, int start) {
    long hash = 0;
    for (int i = start; i < start + MIN_FRAGMENT; i++) {
      hash = hash * BASE + text.charAt(i);
    }
    return hash;
  }

  private static long roll(long hash, char leaving, char entering) {
    return (hash - leaving * BASE_POW) * BASE + entering;
  }

  private static long pow(long base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= base;
    }
    return result;
  }
}
