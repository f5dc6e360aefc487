package dev.lifeline.bench.chaos;

import java.util.HashMap;
import java.util.Map;

/**
 * How the text a streaming caller received compares with the answer it should have received: the
 * longest alignment of the two in order (their longest common subsequence, in characters); the
 * received characters outside it are {@linkplain #duplicated() duplicated} (in the simulator the
 * models emit nothing but spans of the answer, so an extra character always repeats one), and the
 * answer's characters outside it are {@linkplain #lost() lost}. Equal texts give 0 and 0.
 *
 * @param duplicated characters received beyond the alignment
 * @param lost characters of the answer missing from it
 */
record TextAlignment(int duplicated, int lost) {

  /** Aligns {@code received} with {@code expected}. */
  static TextAlignment of(String expected, String received) {
    if (expected.equals(received)) {
      return new TextAlignment(0, 0);
    }
    if (expected.startsWith(received)) {
      return new TextAlignment(0, expected.length() - received.length());
    }
    int common = commonSubsequence(expected, received);
    return new TextAlignment(received.length() - common, expected.length() - common);
  }

  /**
   * The length of the longest common subsequence, bit-parallel over {@code a} (Hyyrö's form of
   * Allison and Dix): a few thousand word operations for answers of a few hundred characters.
   */
  static int commonSubsequence(String a, String b) {
    int n = a.length();
    if (n == 0 || b.isEmpty()) {
      return 0;
    }
    int words = (n + 63) >>> 6;
    Map<Character, long[]> masks = new HashMap<>();
    for (int i = 0; i < n; i++) {
      masks.computeIfAbsent(a.charAt(i), c -> new long[words])[i >>> 6] |= 1L << (i & 63);
    }
    long[] v = new long[words];
    java.util.Arrays.fill(v, -1L);
    for (int j = 0; j < b.length(); j++) {
      long[] m = masks.get(b.charAt(j));
      if (m == null) {
        continue; // V stays as it is
      }
      long carry = 0;
      for (int w = 0; w < words; w++) {
        long u = v[w] & m[w];
        long sum = v[w] + u;
        long overflow = Long.compareUnsigned(sum, v[w]) < 0 ? 1 : 0;
        long total = sum + carry;
        overflow |= carry == 1 && total == 0 ? 1 : 0;
        v[w] = total | (v[w] & ~m[w]);
        carry = overflow;
      }
    }
    int ones = 0;
    for (int w = 0; w < words; w++) {
      long bits = v[w];
      int valid = Math.min(64, n - w * 64);
      if (valid < 64) {
        bits &= (1L << valid) - 1;
      }
      ones += Long.bitCount(bits);
    }
    return n - ones;
  }
}
