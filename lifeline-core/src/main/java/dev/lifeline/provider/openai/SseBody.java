package dev.lifeline.provider.openai;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.SseParser;
import java.util.function.Consumer;

/**
 * A streamed body as both OpenAI wires read it, chunk by chunk, into their events: it keeps what
 * came before the first event (a server may answer a stream request with one JSON body), ends a
 * last line whose blank line never came, and ignores what arrives after an event failed the stream.
 * Not thread-safe: one exchange feeds it.
 */
final class SseBody {
  private final SseParser sse;
  private StringBuilder beforeFirstEvent = new StringBuilder(); // null once an event came
  private boolean failed;
  private boolean lineEnded = true;

  /** A body whose events go to {@code onEvent}, which may throw to fail the stream. */
  SseBody(Consumer<SseParser.Event> onEvent) {
    this.sse =
        new SseParser(
            event -> {
              beforeFirstEvent = null;
              onEvent.accept(event);
            });
  }

  /**
   * Reads the next chunk.
   *
   * @throws ProviderException when an event of the chunk fails the stream
   */
  void feed(String chunk) {
    if (failed || chunk.isEmpty()) {
      return; // the transport may deliver the rest of a batch after we failed
    }
    if (beforeFirstEvent != null) {
      beforeFirstEvent.append(chunk);
    }
    char last = chunk.charAt(chunk.length() - 1);
    lineEnded = last == '\n' || last == '\r';
    try {
      sse.feed(chunk);
    } catch (ProviderException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Ends the body: a last event whose blank line never came is dispatched if its line ended (an
   * event cut inside a line stays undispatched, as the SSE rules say).
   *
   * @return the whole body when no event came and it reads as JSON, else null
   */
  String finish() {
    if (lineEnded) {
      sse.feed("\n");
    }
    sse.finish();
    if (beforeFirstEvent != null && OpenAiJson.readOrNull(beforeFirstEvent.toString()) != null) {
      return beforeFirstEvent.toString();
    }
    return null;
  }
}
