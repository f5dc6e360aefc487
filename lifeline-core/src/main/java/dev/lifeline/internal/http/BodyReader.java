package dev.lifeline.internal.http;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The body of one response as it arrives: decoded as UTF-8 across chunk boundaries, cut off at a
 * size limit, and either buffered or handed, chunk by chunk, to a consumer (a 2xx stream). Shared
 * by every {@link Transport}. Not thread-safe: the clients deliver one chunk at a time. Not API.
 */
final class BodyReader {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final long maxBodyBytes;
  private final Consumer<String> onChunk;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);

  /**
   * A buffered body's bytes, decoded once at the end: decoding piece by piece into a builder costs
   * three copies of every answer on the healthy path.
   */
  private byte[] raw = new byte[0];

  private int rawLength;

  /** The decoder's output, reused across chunks; grown when a chunk needs more. */
  private CharBuffer chars = CharBuffer.allocate(0);

  /** The tail of the last chunk that ended inside a character. */
  private ByteBuffer leftover = EMPTY;

  private int status;
  private Map<String, List<String>> headers = Map.of();
  private boolean streaming;
  private long bytes;

  /** A reader cutting bodies at {@code maxBodyBytes}; {@code onChunk} null to buffer the body. */
  BodyReader(long maxBodyBytes, Consumer<String> onChunk) {
    this.maxBodyBytes = maxBodyBytes;
    this.onChunk = onChunk;
  }

  /**
   * The head arrived: a 2xx body streams to the consumer if there is one; any other is buffered.
   */
  void head(int status, Map<String, List<String>> headers) {
    this.status = status;
    this.headers = headers;
    this.streaming = onChunk != null && status >= 200 && status < 300;
  }

  /** The status of the head, 0 before it. */
  int status() {
    return status;
  }

  /**
   * Takes the next piece of the body.
   *
   * @return true when the body ends here: an error body reached the limit and is cut (what was read
   *     is still the answer of its status, see {@link #response()})
   * @throws ProviderException with {@code INVALID_RESPONSE} when a 2xx body exceeds the limit
   * @throws RuntimeException whatever the chunk consumer threw (the adapter's parser rejected it)
   */
  boolean accept(ByteBuffer buffer) {
    bytes += buffer.remaining();
    if (bytes > maxBodyBytes) {
      if (status >= 200 && status < 300) {
        throw new ProviderException(
            Failure.builder(ErrorKind.INVALID_RESPONSE)
                .status(status)
                .message("response body exceeded the limit of " + maxBodyBytes + " bytes; cut off")
                .build());
      }
      int keep = (int) Math.max(0, buffer.remaining() - (bytes - maxBodyBytes));
      ByteBuffer kept = buffer.duplicate();
      kept.limit(kept.position() + keep);
      take(kept, true);
      return true;
    }
    take(buffer, false);
    return false;
  }

  /** The body ended: decodes what is left. */
  void end() {
    if (streaming) {
      decode(EMPTY, true);
    }
  }

  /** Whether the body was cut at the limit. */
  boolean cut() {
    return bytes > maxBodyBytes;
  }

  /** The answer: status, headers and the buffered body (empty when it streamed). */
  RawResponse response() {
    // Malformed bytes (a body cut inside a character) become U+FFFD, as the stream decoder's do.
    return new RawResponse(
        status, headers, streaming ? "" : new String(raw, 0, rawLength, StandardCharsets.UTF_8));
  }

  private void take(ByteBuffer buffer, boolean last) {
    if (streaming) {
      decode(buffer, last);
      return;
    }
    int n = buffer.remaining();
    if (raw.length - rawLength < n) {
      raw = Arrays.copyOf(raw, Math.max(rawLength + n, Math.max(1024, raw.length * 2)));
    }
    buffer.get(raw, rawLength, n);
    rawLength += n;
  }

  private void decode(ByteBuffer buffer, boolean last) {
    ByteBuffer input = leftover.hasRemaining() ? concat(leftover, buffer) : buffer;
    int needed = (int) Math.min(Integer.MAX_VALUE - 16L, (long) input.remaining() + 8);
    if (chars.capacity() < needed) {
      chars = CharBuffer.allocate(needed);
    }
    chars.clear();
    CoderResult result = decoder.decode(input, chars, last);
    if (last) {
      decoder.flush(chars);
      decoder.reset();
    }
    assert !result.isOverflow() : "UTF-8 never decodes to more chars than bytes";
    chars.flip();
    leftover = input.hasRemaining() ? copy(input) : EMPTY;
    if (chars.hasRemaining()) {
      onChunk.accept(chars.toString());
    }
  }

  private static ByteBuffer concat(ByteBuffer first, ByteBuffer second) {
    ByteBuffer joined = ByteBuffer.allocate(first.remaining() + second.remaining());
    joined.put(first.duplicate()).put(second);
    joined.flip();
    return joined;
  }

  private static ByteBuffer copy(ByteBuffer rest) {
    ByteBuffer copy = ByteBuffer.allocate(rest.remaining());
    copy.put(rest);
    copy.flip();
    return copy;
  }
}
