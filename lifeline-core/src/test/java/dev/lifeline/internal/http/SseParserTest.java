package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private final List<SseParser.Event> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add);

  @Test
  void parsesAnthropicStyleNamedEventsAndSkipsComments() {
    parser.feed(
        "event: message_start\ndata: {\"a\":1}\n\n: keep-alive\n\nevent: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n");

    assertThat(events)
        .containsExactly(
            new SseParser.Event("message_start", "{\"a\":1}"),
            new SseParser.Event("ping", "{\"type\": \"ping\"}"));
  }

  @Test
  void joinsMultiLineDataAndDefaultsTheEventName() {
    parser.feed("data: first\ndata: second\n\ndata:[DONE]\n\n");

    assertThat(events)
        .containsExactly(
            new SseParser.Event("message", "first\nsecond"),
            new SseParser.Event("message", "[DONE]"));
  }

  @Test
  void anEventWithoutItsBlankLineIsNotDispatchedAtTheEnd() {
    parser.feed("data: complete\n\ndata: cut");

    assertThat(parser.finish()).isTrue();
    assertThat(events).extracting(SseParser.Event::data).containsExactly("complete");
  }

  @Property
  void chunkBoundariesDoNotMatter(@ForAll @IntRange(min = 1, max = 40) int chunkSize) {
    String stream =
        "event: content_block_delta\r\ndata: {\"text\":\"Re\"}\r\n\r\n: OPENROUTER PROCESSING\n\ndata: {\"x\":2}\r\rdata: [DONE]\n\n";
    List<SseParser.Event> whole = new ArrayList<>();
    new SseParser(whole::add).feed(stream);
    List<SseParser.Event> chunked = new ArrayList<>();
    SseParser parser = new SseParser(chunked::add);
    for (int i = 0; i < stream.length(); i += chunkSize) {
      parser.feed(stream.substring(i, Math.min(stream.length(), i + chunkSize)));
    }

    assertThat(chunked).isEqualTo(whole).hasSize(3);
  }
}
