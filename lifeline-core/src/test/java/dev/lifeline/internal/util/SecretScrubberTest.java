package dev.lifeline.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.internal.failure.ScrubbedFailure;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one scrubber: configured keys and their pieces, masked echoes, key shapes, control
 * characters.
 */
class SecretScrubberTest {

  private final SecretScrubber configured = new SecretScrubber(LeakKeys.all());

  static Stream<String> keys() {
    return LeakKeys.all().stream();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void aConfiguredKeyCutAtAnyPointLeavesNoPieceOfEightOrMore(String key) {
    for (int cut = 8; cut <= key.length(); cut++) {
      String head = "Incorrect API key provided: " + key.substring(0, cut);
      String tail = key.substring(key.length() - cut) + "\" is not valid";
      String middle = "x" + key.substring(cut / 2, Math.min(key.length(), cut / 2 + 8)) + "y";

      assertThat(LeakKeys.leakedPiece(configured.scrub(head), key)).as("head %d", cut).isNull();
      assertThat(LeakKeys.leakedPiece(configured.scrub(tail), key)).as("tail %d", cut).isNull();
      assertThat(LeakKeys.leakedPiece(configured.scrub(middle), key)).as("middle %d", cut).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("keys")
  void anExcerptIsScrubbedBeforeItIsCutSoNoPieceSitsAtTheCut(String key) {
    for (int max : new int[] {120, 200}) {
      for (int start = Math.max(0, max - key.length()); start <= max; start++) {
        String body = "a".repeat(start) + key + " and then some more words of the error";
        String excerpt = configured.excerpt(body, max);

        assertThat(excerpt.length()).isLessThanOrEqualTo(max);
        assertThat(LeakKeys.leakedPiece(excerpt, key))
            .as("key at %d cut at %d", start, max)
            .isNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void aKeyShapedStringThatNoOneConfiguredIsMaskedWholeBeforeTheCut(int which) {
    String key = List.of(LeakKeys.OPENAI, LeakKeys.ANTHROPIC, LeakKeys.GEMINI).get(which);
    SecretScrubber scrubber = SecretScrubber.withoutKeys();
    for (int start = 0; start <= 200; start++) {
      String body = "b".repeat(start) + " " + key + " trailing";

      assertThat(LeakKeys.leakedPiece(scrubber.excerpt(body, 200), key))
          .as("key at %d", start)
          .isNull();
      assertThat(LeakKeys.leakedPiece(scrubber.excerpt(body, 120), key))
          .as("key at %d", start)
          .isNull();
    }
  }

  static Stream<Arguments> maskedEchoes() {
    return Stream.of(
        Arguments.of(
            "Incorrect API key provided: sk-proj-********************************************wxyz. You can"),
        Arguments.of("Incorrect API key provided: sk-abc***…1234."),
        Arguments.of("key ****...abcd was revoked"),
        Arguments.of("key sk-ant-api03-…Z9xQ is invalid"),
        Arguments.of("{\"message\":\"API key sk-••••••••••••7f3c not valid\"}"),
        Arguments.of("token abc12●●●●●●●●90 expired"));
  }

  @ParameterizedTest
  @MethodSource("maskedEchoes")
  void aProvidersMaskedEchoIsReplacedByTheMarker(String text) {
    String scrubbed = SecretScrubber.withoutKeys().scrub(text);

    assertThat(scrubbed)
        .contains(Redaction.MASK)
        .doesNotContain("***")
        .doesNotContain("•")
        .doesNotContain("●");
    assertThat(scrubbed)
        .doesNotContainPattern("(wxyz|1234|abcd|Z9xQ|7f3c|90 )(?! was| is| not| expired)");
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    String text =
        "Please wait...then retry. **Note**: request 7f9c2d1e4b3a5f60718293a4b5c6d7e8 on gpt-4o-mini "
            + "failed, see https://platform.openai.com/account/api-keys. *** end ***";

    assertThat(SecretScrubber.withoutKeys().scrub(text)).isEqualTo(text);
    assertThat(configured.scrub(text)).isEqualTo(text);
  }

  @Test
  void controlCharactersEscapeSequencesAndBidiOverridesAreRemoved() {
    String text =
        "bad\u001B[31mred\u001B[0m key\u0007\u0000\u007F\u0085\u009B2J"
            + "\u001B]0;title\u0007 line\nnext\ttab\r\u202Eevil\u202C\u2066iso\u2069\u001Bc!";

    String scrubbed = SecretScrubber.withoutKeys().scrub(text);

    assertThat(scrubbed).isEqualTo("badred key line next tab eviliso!");
    assertThat(scrubbed.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F));
  }

  @Test
  void aControlCharacterInsideAKeyDoesNotHideIt() {
    String key = LeakKeys.GATEWAY;
    String split = key.substring(0, 20) + "\u001B[0m\u200F" + key.substring(20);

    assertThat(LeakKeys.leakedPiece(configured.scrub("echo " + split), key)).isNull();
  }

  @Test
  void everyMethodIsTotal() {
    Map<String, String> headers = new HashMap<>();
    headers.put(null, "x");
    headers.put("x-echo", null);

    assertThat(configured.scrub((String) null)).isNull();
    assertThat(configured.scrub("")).isEmpty();
    assertThat(configured.excerpt(null, 10)).isEmpty();
    assertThat(configured.excerpt("abcdef", -5)).hasSizeLessThanOrEqualTo(2);
    assertThat(ScrubbedFailure.of(configured, null)).isNull();
    assertThat(configured.scrubHeaders(null)).isEmpty();
    assertThat(configured.scrubHeaders(headers)).containsExactly(Map.entry("x-echo", ""));
    assertThat(new SecretScrubber(null).scrub("sk-proj-" + "a".repeat(20)))
        .isEqualTo(Redaction.MASK);
    assertThat(new SecretScrubber(java.util.Arrays.asList(null, "short")).scrub("a short one"))
        .isEqualTo("a [REDACTED] one");
  }

  @Test
  void scrubbingTwiceChangesNothingMore() {
    String once =
        configured.scrub(
            "key " + LeakKeys.AZURE + " and Bearer " + LeakKeys.GATEWAY + " and ?key=abc");

    assertThat(configured.scrub(once)).isEqualTo(once);
  }

  @Test
  void aFailureIsScrubbedInItsCodeMessageAndHeaders() {
    String key = LeakKeys.AZURE;
    Failure failure =
        Failure.builder(ErrorKind.AUTHENTICATION)
            .status(401)
            .providerCode("bad_key_" + key.substring(0, 12))
            .message("key " + key.substring(3, 30) + " was rejected")
            .headers(
                Map.of(
                    "www-authenticate",
                    "Bearer error=\"invalid\", key=\"" + key.substring(10) + "\""))
            .build();

    Failure clean = ScrubbedFailure.of(configured, failure);

    assertThat(LeakKeys.leakedPiece(clean.toString() + clean.providerCode() + clean.headers(), key))
        .isNull();
    assertThat(clean.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(clean.message()).isEqualTo("key [REDACTED] was rejected");
  }
}
