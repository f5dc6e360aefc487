package dev.lifeline.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the key, the text around it and the cut, a scrubbed-then-cut excerpt holds no
 * 8-character piece of it.
 */
class SecretScrubberProperties {

  @Property(tries = 500)
  void noPieceOfAConfiguredKeySurvivesAnExcerpt(
      @ForAll("keys") String key,
      @ForAll("text") String before,
      @ForAll("text") String after,
      @ForAll @IntRange(min = 0, max = 400) int providerCut,
      @ForAll @IntRange(min = 2, max = 300) int excerptChars) {
    SecretScrubber scrubber = new SecretScrubber(List.of(key));
    String body = before + key + after;
    // A proxy may have cut the body already; then the excerpt cuts again.
    String served = body.substring(0, Math.min(body.length(), providerCut + before.length()));

    String excerpt = scrubber.excerpt(served, excerptChars);

    assertThat(LeakKeys.leakedPiece(excerpt, key)).isNull();
    assertThat(excerpt.length()).isLessThanOrEqualTo(excerptChars);
  }

  @Property(tries = 300)
  void noPieceOfAnUnconfiguredPrefixedKeySurvivesAnExcerpt(
      @ForAll("prefixed") String key,
      @ForAll("words") String before,
      @ForAll("words") String after,
      @ForAll @IntRange(min = 2, max = 300) int excerptChars) {
    String excerpt =
        SecretScrubber.withoutKeys().excerpt(before + " " + key + " " + after, excerptChars);

    assertThat(LeakKeys.leakedPiece(excerpt, key)).isNull();
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.strings()
        .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        .ofMinLength(8)
        .ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> prefixed() {
    Arbitrary<String> body =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            .ofMinLength(35)
            .ofMaxLength(160);
    return Arbitraries.of("sk-", "sk-proj-", "sk-ant-api03-", "AIza", "Bearer ")
        .flatMap(prefix -> body.map(rest -> prefix + rest));
  }

  @Provide
  Arbitrary<String> text() {
    // Any characters, controls, escapes and masks included; a few key-like runs beside the key.
    return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(300),
            Arbitraries.strings().withChars("abc XYZ019-_.*…\"{}:\n\t\u001B[m").ofMaxLength(300))
        .map(text -> text);
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.strings().withChars("abcdefgh ijk{}\":,.\n").ofMaxLength(250);
  }
}
