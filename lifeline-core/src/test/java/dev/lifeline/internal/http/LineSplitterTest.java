package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines end with LF, CRLF or CR wherever the chunks that carry them are cut. */
class LineSplitterTest {

  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(lines::add);

  @Test
  void everyLineBreakEndsALineAndACrlfIsOneBreak() {
    splitter.feed("a\nb\r\nc\rd\n\n", 0);

    assertThat(lines).containsExactly("a", "b", "c", "d", "");
  }

  @Test
  void aCrlfCutBetweenTwoChunksIsStillOneBreak() {
    splitter.feed("first\r", 0);
    splitter.feed("\nsecond\r", 0);
    splitter.feed("\r\n", 0);

    assertThat(lines).containsExactly("first", "second", "");
  }

  @Test
  void aLineCutAcrossChunksIsJoinedAndTheLastOneComesWithFinish() {
    splitter.feed("par", 0);
    splitter.feed("tial\nla", 0);
    splitter.feed("st", 0);

    assertThat(lines).containsExactly("partial");
    splitter.finish();
    assertThat(lines).containsExactly("partial", "last");
    splitter.finish();
    assertThat(lines).containsExactly("partial", "last");
  }

  @Test
  void feedingFromAnIndexSkipsWhatIsBeforeIt() {
    splitter.feed("\uFEFFdata\n", 1);

    assertThat(lines).containsExactly("data");
  }
}
