package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small formats the fakes print, and how stream faults cut frames. */
class WireDetailsTest {

  @Test
  void goDurationsAsOpenAiSendsThem() {
    assertThat(WireCodec.goDuration(Duration.ofMillis(120))).isEqualTo("120ms");
    assertThat(WireCodec.goDuration(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(WireCodec.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(WireCodec.goDuration(Duration.ofMinutes(6))).isEqualTo("6m0s");
    assertThat(WireCodec.goDuration(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    assertThat(WireCodec.retryAfterSeconds(Duration.ZERO)).isEqualTo("0");
    assertThat(WireCodec.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo("1");
    assertThat(WireCodec.retryAfterSeconds(Duration.ofSeconds(12))).isEqualTo("12");
  }

  @Test
  void protobufDurationsAsGoogleSendsThem() {
    assertThat(GeminiCodec.protobufDuration(Duration.ofSeconds(47))).isEqualTo("47s");
    assertThat(GeminiCodec.protobufDuration(Duration.ofMillis(120))).isEqualTo("0.120s");
    assertThat(GeminiCodec.protobufDuration(Duration.ofNanos(10_673_410_956L)))
        .isEqualTo("10.673410956s");
  }

  @Test
  void theDefaultAnswerQuotesEightyCharactersOfTheQuestion() {
    assertThat(ExchangeHandler.defaultText("  Where is\n my  order? "))
        .isEqualTo("Answer to: Where is my order?");
    String emoji = "\uD83D\uDE00".repeat(100);
    assertThat(ExchangeHandler.defaultText(emoji))
        .isEqualTo("Answer to: " + "\uD83D\uDE00".repeat(80));
  }

  @Test
  void streamFaultsCountAnswerChunksAndNeverSendTheLastFrame() {
    List<Frame> frames =
        List.of(
            Frame.preamble("start"),
            Frame.chunk("a"),
            Frame.chunk("b"),
            Frame.preamble("finish"),
            Frame.preamble("[DONE]"));

    assertThat(ExchangeHandler.prefixEnd(frames, 0)).isEqualTo(1);
    assertThat(ExchangeHandler.prefixEnd(frames, 1)).isEqualTo(2);
    assertThat(ExchangeHandler.prefixEnd(frames, 2)).isEqualTo(4);
    assertThat(ExchangeHandler.prefixEnd(frames, 99)).isEqualTo(4);
    assertThat(ExchangeHandler.prefixEnd(List.of(Frame.chunk("only")), 0)).isZero();
  }

  @Test
  void breakingJsonKeepsTheEventAroundIt() {
    assertThat(ExchangeHandler.breakJson("event: x\ndata: {\"a\":\"bcdef\"}\n\n"))
        .isEqualTo("event: x\ndata: {\"a\":\"\n\n");
    assertThat(ExchangeHandler.breakJson("data: [DONE]\n\n")).isEqualTo("data: [DONE]\n\n");
  }

  @Test
  void answersSplitBeforeSpaces() {
    assertThat(Completion.split("Answer to: hi there"))
        .containsExactly("Answer", " to:", " hi", " there");
    assertThat(Completion.split("")).isEmpty();
    assertThat(Completion.truncated("one two three four five", 1).text())
        .isEqualTo("one two three");
  }
}
