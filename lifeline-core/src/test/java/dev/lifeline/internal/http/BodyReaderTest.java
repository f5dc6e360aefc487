package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyReaderTest {

  private static final byte[] TEXT = "héllo wörld € 😀".getBytes(StandardCharsets.UTF_8);

  @Test
  void aBufferedBodySplitInsideEveryCharacterIsDecodedWhole() {
    for (int split = 1; split < TEXT.length; split++) {
      BodyReader reader = new BodyReader(1_000, null);
      reader.head(200, Map.of());
      reader.accept(ByteBuffer.wrap(TEXT, 0, split));
      reader.accept(ByteBuffer.wrap(TEXT, split, TEXT.length - split));
      reader.end();

      assertThat(reader.response().body()).as("split at %d", split).isEqualTo("héllo wörld € 😀");
    }
  }

  @Test
  void anErrorBodyCutInsideACharacterEndsInAReplacementCharacter() {
    int euro = new String(TEXT, StandardCharsets.UTF_8).indexOf('€');
    int limit =
        "héllo wörld ".getBytes(StandardCharsets.UTF_8).length + 2; // two of €'s three bytes
    BodyReader reader = new BodyReader(limit, null);
    reader.head(503, Map.of());

    boolean cut = reader.accept(ByteBuffer.wrap(TEXT));

    assertThat(cut).isTrue();
    assertThat(reader.cut()).isTrue();
    assertThat(reader.response().body()).isEqualTo("héllo wörld \uFFFD").hasSize(euro + 1);
  }

  @Test
  void aStreamedBodyStillReachesItsConsumerPieceByPieceAcrossSplitCharacters() {
    List<String> pieces = new ArrayList<>();
    BodyReader reader = new BodyReader(1_000, pieces::add);
    reader.head(200, Map.of());
    for (byte b : TEXT) {
      reader.accept(ByteBuffer.wrap(new byte[] {b}));
    }
    reader.end();

    assertThat(String.join("", pieces)).isEqualTo("héllo wörld € 😀");
    assertThat(pieces).hasSizeGreaterThan(10);
    assertThat(reader.response().body()).isEmpty();
  }

  @Test
  void anErrorBodyOfAStreamingCallIsBufferedNotStreamed() {
    List<String> pieces = new ArrayList<>();
    BodyReader reader = new BodyReader(1_000, pieces::add);
    reader.head(429, Map.of());
    reader.accept(ByteBuffer.wrap(TEXT, 0, 3));
    reader.accept(ByteBuffer.wrap(TEXT, 3, TEXT.length - 3));
    reader.end();

    assertThat(pieces).isEmpty();
    assertThat(reader.response().body()).isEqualTo("héllo wörld € 😀");
  }
}
