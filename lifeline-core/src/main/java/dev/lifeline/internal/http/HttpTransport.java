package dev.lifeline.internal.http;

import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.failure.RawResponse;
import dev.lifeline.provider.ProviderException;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One HTTP exchange with a provider, bounded in time and size. Not API.
 *
 * <p>Enforces the four {@link Timeouts} (connect and first byte through the JDK client, idle and total on
 * the scheduler), cuts bodies off at a size limit instead of buffering them unbounded, decodes UTF-8
 * incrementally, and either buffers the body or hands a 2xx body to a chunk consumer as it arrives (for
 * streams). Cancelling the returned future cancels the body subscription, which closes the connection.
 * The JDK client follows no redirects by default, so a key is never replayed to another host.
 */
public final class HttpTransport {

  private final HttpClient client;
  private final Scheduler scheduler;

  /** A transport over {@code client}, timing idle and total limits on {@code scheduler}. */
  public HttpTransport(HttpClient client, Scheduler scheduler) {
    this.client = client;
    this.scheduler = scheduler;
  }

  /** A client with the connect timeout set, no redirects, HTTP/1.1 and HTTP/2. */
  public static HttpClient newClient(Timeouts timeouts) {
    return HttpClient.newBuilder()
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Sends {@code request}.
   *
   * @param onChunk null to buffer the body; else each decoded chunk of a 2xx body goes here as it
   *     arrives and the returned response has an empty body (error bodies are always buffered)
   * @return the answer; exceptionally a {@link ProviderException} with a {@code TIMEOUT} or
   *     {@code INVALID_RESPONSE} failure, or the client's own exception for network failures
   */
  public CompletableFuture<RawResponse> send(
      HttpRequest request, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeouts.firstByte());
    if ("http".equalsIgnoreCase(request.uri().getScheme())) {
      // Plain http would otherwise ask for an h2c upgrade on every POST, which some servers mishandle.
      copy.version(HttpClient.Version.HTTP_1_1);
    }
    HttpRequest timed = copy.build();
    Exchange exchange = new Exchange(timeouts, maxBodyBytes, onChunk);
    CompletableFuture<HttpResponse<Void>> sent;
    try {
      sent = client.sendAsync(timed, exchange::subscriber);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    exchange.start(sent);
    return exchange.result;
  }

  /** The state of one exchange: timers, subscription, body. */
  private final class Exchange {
    final CompletableFuture<RawResponse> result = new CompletableFuture<>();
    private final Timeouts timeouts;
    private final long maxBodyBytes;
    private final Consumer<String> onChunk;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder body = new StringBuilder();
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private volatile Flow.Subscription subscription;
    private volatile Future<?> idleTimer;
    private Future<?> totalTimer;
    private int status;
    private java.util.Map<String, List<String>> headers;
    private boolean streaming;
    private long bytes;

    Exchange(Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
      this.timeouts = timeouts;
      this.maxBodyBytes = maxBodyBytes;
      this.onChunk = onChunk;
    }

    void start(CompletableFuture<HttpResponse<Void>> sent) {
      totalTimer =
          scheduler.schedule(
              () -> abort(timeout("no complete answer within the total timeout of " + millis(timeouts.total()))),
              timeouts.total());
      sent.whenComplete(
          (response, error) -> {
            if (error != null) {
              abort(translate(error));
            }
          });
      result.whenComplete(
          (response, error) -> {
            cancelTimers();
            if (error != null) {
              Flow.Subscription current = subscription;
              if (current != null) {
                current.cancel(); // closes the connection: a cancelled or timed-out attempt stops at once
              }
              sent.cancel(true);
            }
          });
    }

    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
      status = info.statusCode();
      headers = info.headers().map();
      streaming = onChunk != null && status >= 200 && status < 300;
      armIdle();
      return new HttpResponse.BodySubscriber<>() {
        @Override
        public CompletionStage<Void> getBody() {
          return result.thenApply(response -> null);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription = s;
          if (result.isDone()) {
            s.cancel();
          } else {
            s.request(Long.MAX_VALUE);
          }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
          onBytes(buffers);
        }

        @Override
        public void onError(Throwable error) {
          abort(translate(error));
        }

        @Override
        public void onComplete() {
          finish();
        }
      };
    }

    private void onBytes(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      armIdle();
      for (ByteBuffer buffer : buffers) {
        if (result.isDone()) {
          return; // aborted by a chunk consumer or a timer mid-batch: the rest is not wanted
        }
        bytes += buffer.remaining();
        if (bytes > maxBodyBytes) {
          if (streaming || (status >= 200 && status < 300)) {
            abort(new ProviderException(
                Failure.builder(ErrorKind.INVALID_RESPONSE)
                    .status(status)
                    .message("response body exceeded the limit of " + maxBodyBytes + " bytes; cut off")
                    .build()));
          } else {
            // An error body cut off is still an error of its status: classify what was read.
            decode(buffer.limit(buffer.position() + (int) Math.max(0, buffer.remaining() - (bytes - maxBodyBytes))), true);
            complete();
          }
          return;
        }
        decode(buffer, false);
      }
    }

    private void decode(ByteBuffer buffer, boolean last) {
      ByteBuffer input = leftover.hasRemaining() ? concat(leftover, buffer) : buffer;
      CharBuffer chars = CharBuffer.allocate((int) (input.remaining() * 1.1) + 8);
      decoder.decode(input, chars, last);
      if (last) {
        decoder.flush(chars);
      }
      chars.flip();
      leftover = input.hasRemaining() ? copy(input) : ByteBuffer.allocate(0);
      if (chars.hasRemaining()) {
        String text = chars.toString();
        if (streaming) {
          try {
            onChunk.accept(text);
          } catch (RuntimeException e) {
            abort(e); // the adapter's parser rejected the stream
          }
        } else {
          body.append(text);
        }
      }
    }

    private void finish() {
      if (result.isDone()) {
        return;
      }
      decode(ByteBuffer.allocate(0), true);
      complete();
    }

    private void complete() {
      Flow.Subscription current = subscription;
      if (!result.complete(new RawResponse(status, headers, streaming ? "" : body.toString()))) {
        return;
      }
      if (bytes > maxBodyBytes && current != null) {
        current.cancel();
      }
    }

    private void abort(Throwable error) {
      result.completeExceptionally(error);
    }

    private void armIdle() {
      Future<?> previous = idleTimer;
      if (previous != null) {
        previous.cancel(false);
      }
      if (!result.isDone()) {
        idleTimer =
            scheduler.schedule(
                () -> abort(timeout("no data for " + millis(timeouts.idle()) + " (idle timeout)")), timeouts.idle());
      }
    }

    private void cancelTimers() {
      Future<?> idle = idleTimer;
      if (idle != null) {
        idle.cancel(false);
      }
      if (totalTimer != null) {
        totalTimer.cancel(false);
      }
    }

    private Throwable translate(Throwable error) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof HttpConnectTimeoutException) {
        return timeout("could not connect within " + millis(timeouts.connect()) + " (connect timeout)");
      }
      if (cause instanceof HttpTimeoutException) {
        return timeout("no response headers within " + millis(timeouts.firstByte()) + " (first-byte timeout)");
      }
      return cause;
    }
  }

  private static ProviderException timeout(String message) {
    return new ProviderException(Failure.builder(ErrorKind.TIMEOUT).message(message).build());
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + " ms";
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
