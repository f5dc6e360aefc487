package dev.lifeline.internal.http;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
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
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One HTTP exchange with a provider, bounded in time and size. Not API.
 *
 * <p>Enforces the four {@link Timeouts} (connect and first byte through the JDK client, idle and
 * total on the scheduler), cuts bodies off at a size limit instead of buffering them unbounded,
 * decodes UTF-8 incrementally, and either buffers the body or hands a 2xx body to a chunk consumer
 * as it arrives (for streams). Cancelling the returned future cancels the body subscription, which
 * closes the connection. The JDK client follows no redirects by default, so a key is never replayed
 * to another host.
 *
 * <p>Every exchange that ends in failure (a timeout, a cancellation, or a protocol error such as an
 * invalid status line, oversized headers, an unparseable {@code Content-Length} or a flood of 1xx
 * answers) closes its connection. The JDK 17 client does not do so by itself for protocol errors
 * found while parsing the head of a response: it fails the exchange and leaves the socket open and
 * registered with its selector until the peer closes it, so a hostile server could hold one socket
 * (two fds on loopback) per attempt. Cancelling a future derived from the client's returned future
 * (which shares its cancellation hook, see {@link CompletableFuture#newIncompleteFuture()}) aborts
 * the exchange and closes the socket, even once the exchange has failed; see {@link
 * #closeConnection}.
 *
 * <p>The idle timeout is one timer per exchange checked against the time of the last chunk (read
 * from the ticker), not a timer re-armed per chunk.
 */
public final class HttpTransport {

  /**
   * Longest Content-Length value quoted in a failure message; the rest of a hostile value is noise.
   */
  private static final int MAX_QUOTED_VALUE = 40;

  private final Scheduler scheduler;
  private final Ticker ticker;

  /** Builds the client this transport owns on first use; null when the client is the caller's. */
  private final java.util.function.Supplier<HttpClient> factory;

  /** Where failures of the client's future are handled; null: where they arrive. */
  private final Executor callbacks;

  private volatile HttpClient client;
  private volatile boolean closed;

  /**
   * A transport over {@code client}, timing idle and total limits on {@code scheduler} with the
   * system ticker.
   */
  public HttpTransport(HttpClient client, Scheduler scheduler) {
    this(client, scheduler, Ticker.system());
  }

  /**
   * A transport over {@code client} (the caller's: {@link #close()} leaves it alone), timing idle
   * and total limits on {@code scheduler} against {@code ticker}.
   */
  public HttpTransport(HttpClient client, Scheduler scheduler, Ticker ticker) {
    this.client = java.util.Objects.requireNonNull(client, "client");
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.factory = null;
    this.callbacks = client.executor().orElse(null);
  }

  private HttpTransport(Timeouts timeouts, Executor executor, Scheduler scheduler, Ticker ticker) {
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.factory = () -> newClient(timeouts, executor);
    this.callbacks = executor;
  }

  /**
   * A transport over a client of its own ({@link #newClient(Timeouts, Executor)}), built on the
   * first exchange (so a provider configured but never used holds no selector thread) and released
   * by {@link #close()}.
   */
  public static HttpTransport owning(
      Timeouts timeouts, Executor executor, Scheduler scheduler, Ticker ticker) {
    return new HttpTransport(timeouts, executor, scheduler, ticker);
  }

  /**
   * Stops this transport: later exchanges fail with a {@code NETWORK} failure, and a client it owns
   * is {@linkplain #release(HttpClient) released}. Idempotent.
   */
  public void close() {
    closed = true;
    HttpClient owned;
    synchronized (this) {
      owned = factory == null ? null : client;
      client = null;
    }
    if (owned != null) {
      release(owned);
    }
  }

  private HttpClient client() {
    HttpClient current = client;
    if (current != null || factory == null) {
      return current;
    }
    synchronized (this) {
      if (client == null && !closed) {
        client = factory.get();
      }
      return client;
    }
  }

  /**
   * A client with the connect timeout set, no redirects, HTTP/1.1 and HTTP/2, on the JDK's default
   * executor.
   */
  public static HttpClient newClient(Timeouts timeouts) {
    return newClient(timeouts, null);
  }

  /**
   * A client with the connect timeout set, no redirects, HTTP/1.1 and HTTP/2, running its work on
   * {@code executor} (null: the JDK's default, an unbounded cached pool).
   */
  public static HttpClient newClient(Timeouts timeouts, Executor executor) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(timeouts.connect())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (executor != null) {
      builder.executor(executor);
    }
    return builder.build();
  }

  /**
   * Releases {@code client}: on Java 21 and later its {@code shutdownNow()} closes its connections
   * and stops its selector thread at once; on Java 17, which has no such method, the client is
   * released when it is no longer referenced (its selector thread then closes every connection and
   * exits).
   */
  public static void release(HttpClient client) {
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(client);
    } catch (NoSuchMethodException e) {
      // Java 17: nothing to call; dropping the last reference releases the client.
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A client that fails to shut down has nothing more we could release.
    }
  }

  /**
   * Sends {@code request}.
   *
   * @param onChunk null to buffer the body; else each decoded chunk of a 2xx body goes here as it
   *     arrives and the returned response has an empty body (error bodies are always buffered)
   * @return the answer; exceptionally a {@link ProviderException} with a {@code TIMEOUT} or {@code
   *     INVALID_RESPONSE} failure, or the client's own exception for network failures
   */
  public CompletableFuture<RawResponse> send(
      HttpRequest request, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
    HttpRequest.Builder copy =
        HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeouts.firstByte());
    if ("http".equalsIgnoreCase(request.uri().getScheme())) {
      // Plain http would otherwise ask for an h2c upgrade on every POST, which some servers
      // mishandle.
      copy.version(HttpClient.Version.HTTP_1_1);
    }
    HttpRequest timed = copy.build();
    Exchange exchange = new Exchange(timed.uri(), timeouts, maxBodyBytes, onChunk);
    HttpClient current = closed ? null : client();
    if (current == null) {
      return CompletableFuture.failedFuture(
          new ProviderException(
              Failure.builder(ErrorKind.NETWORK).message("the provider is closed").build()));
    }
    CompletableFuture<HttpResponse<Void>> sent;
    try {
      sent = current.sendAsync(timed, exchange::subscriber);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    exchange.start(sent);
    return exchange.result;
  }

  /**
   * Runs {@code task} on the client's executor, or here if there is none or it refuses (shut down).
   */
  private void handOff(Runnable task) {
    if (callbacks == null) {
      task.run();
      return;
    }
    try {
      callbacks.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
  }

  /**
   * Aborts the exchange behind {@code sent} and closes its connection, also after it failed: a
   * future derived from the client's future shares its cancellation hook, and cancelling it cancels
   * the exchange, which closes the socket (the JDK 17 client leaves it open after a protocol
   * error). Cancelling {@code sent} itself would do nothing once it is done.
   */
  static void closeConnection(CompletableFuture<?> sent) {
    if (!sent.isDone()) {
      sent.cancel(true);
    }
    sent.newIncompleteFuture().cancel(true);
  }

  /** The state of one exchange: timers, subscription, body. */
  private final class Exchange {
    final CompletableFuture<RawResponse> result = new CompletableFuture<>();
    private final URI uri;
    private final Timeouts timeouts;
    private final long maxBodyBytes;
    private final Consumer<String> onChunk;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final StringBuilder body = new StringBuilder();
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private volatile Flow.Subscription subscription;
    private volatile Future<?> idleTimer;
    private volatile Future<?> totalTimer;

    /** Ticker nanos of the last chunk (or of the head of the response); read by the idle timer. */
    private volatile long lastActivity;

    private volatile CompletableFuture<HttpResponse<Void>> sent;
    private volatile boolean closeWanted;
    private int status;
    private java.util.Map<String, List<String>> headers;
    private boolean streaming;
    private long bytes;

    Exchange(URI uri, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
      this.uri = uri;
      this.timeouts = timeouts;
      this.maxBodyBytes = maxBodyBytes;
      this.onChunk = onChunk;
    }

    void start(CompletableFuture<HttpResponse<Void>> sent) {
      this.sent = sent;
      Future<?> total =
          scheduler.schedule(
              () ->
                  abort(
                      timeout(
                          "no complete answer within the total timeout of "
                              + millis(timeouts.total()))),
              timeouts.total());
      totalTimer = total;
      if (result.isDone()) {
        total.cancel(false); // ended before the timer was set (a head rejected at once)
      }
      sent.whenComplete(
          (response, error) -> {
            if (error != null) {
              // The JDK completes this future on a thread of its own (a new one per completion when
              // the
              // common pool has one thread); the call's next steps run on the client's executor
              // instead.
              Throwable failure = translate(error);
              handOff(() -> abort(failure));
            }
          });
      result.whenComplete(
          (response, error) -> {
            cancelTimers();
            if (error != null) {
              Flow.Subscription current = subscription;
              if (current != null) {
                current
                    .cancel(); // closes the connection: a cancelled or timed-out attempt stops at
                // once
              }
              closeConnection(
                  sent); // the subscription may never have existed (a protocol error in the head)
            }
          });
      if (closeWanted) {
        closeConnection(sent); // the head was rejected before sendAsync returned
      }
    }

    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
      status = info.statusCode();
      headers = info.headers().map();
      streaming = onChunk != null && status >= 200 && status < 300;
      String invalidLength = invalidContentLength(info.headers().allValues("Content-Length"));
      if (invalidLength != null) {
        // The JDK client would fail reading this with a NumberFormatException and keep the socket.
        abort(invalidResponse("invalid Content-Length " + invalidLength));
        CompletableFuture<HttpResponse<Void>> current = sent;
        if (current != null) {
          closeConnection(current);
        } else {
          closeWanted = true;
        }
      }
      lastActivity = ticker.nanos();
      if (!result.isDone()) {
        idleTimer = scheduler.schedule(this::checkIdle, timeouts.idle());
      }
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
      lastActivity = ticker.nanos();
      for (ByteBuffer buffer : buffers) {
        if (result.isDone()) {
          return; // aborted by a chunk consumer or a timer mid-batch: the rest is not wanted
        }
        bytes += buffer.remaining();
        if (bytes > maxBodyBytes) {
          if (streaming || (status >= 200 && status < 300)) {
            abort(
                new ProviderException(
                    Failure.builder(ErrorKind.INVALID_RESPONSE)
                        .status(status)
                        .message(
                            "response body exceeded the limit of "
                                + maxBodyBytes
                                + " bytes; cut off")
                        .build()));
          } else {
            // An error body cut off is still an error of its status: classify what was read.
            decode(
                buffer.limit(
                    buffer.position()
                        + (int) Math.max(0, buffer.remaining() - (bytes - maxBodyBytes))),
                true);
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

    /**
     * The idle timer fired: times out if nothing arrived for the idle timeout, else waits again for
     * what is left of it after the last chunk. One timer per exchange instead of one per chunk.
     */
    private void checkIdle() {
      if (result.isDone()) {
        return;
      }
      long idle = saturatedNanos(timeouts.idle());
      long quiet = ticker.nanos() - lastActivity;
      if (quiet >= idle) {
        abort(timeout("no data for " + millis(timeouts.idle()) + " (idle timeout)"));
        return;
      }
      idleTimer = scheduler.schedule(this::checkIdle, Duration.ofNanos(idle - quiet));
      if (result.isDone()) {
        idleTimer.cancel(
            false); // ended while re-arming: the result's own cancel may have missed it
      }
    }

    private void cancelTimers() {
      Future<?> idle = idleTimer;
      if (idle != null) {
        idle.cancel(false);
      }
      Future<?> total = totalTimer;
      if (total != null) {
        total.cancel(false);
      }
    }

    private Throwable translate(Throwable error) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (cause instanceof HttpConnectTimeoutException) {
        return timeout(
            "could not connect within " + millis(timeouts.connect()) + " (connect timeout)");
      }
      if (cause instanceof HttpTimeoutException) {
        return timeout(
            "no response headers within " + millis(timeouts.firstByte()) + " (first-byte timeout)");
      }
      if (cause instanceof ProtocolException) {
        // Invalid status line, headers over the client's limit, too many 1xx answers: not HTTP we
        // can read.
        return invalidResponse("protocol error: " + cause.getMessage());
      }
      if (cause instanceof ConnectException) {
        // The JDK's says only "ConnectException" (no message): name the address it could not
        // reach, without the query (where a key could be).
        ConnectException named =
            new ConnectException(
                "cannot connect to "
                    + withoutQuery(uri)
                    + (cause.getMessage() == null || cause.getMessage().isBlank()
                        ? ""
                        : ": " + cause.getMessage()));
        named.initCause(cause);
        return named;
      }
      if (cause instanceof NumberFormatException || cause instanceof ArithmeticException) {
        // The JDK client parses Content-Length with Long.parseLong; a value it cannot read is a bad
        // head.
        return invalidResponse("unreadable response head: " + cause.getMessage());
      }
      return cause;
    }
  }

  private static String withoutQuery(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query);
  }

  /**
   * What is wrong with the Content-Length values, or null if they are absent or one valid length: a
   * non-negative decimal that fits a long, the same in every copy.
   */
  static String invalidContentLength(List<String> values) {
    String first = null;
    for (String value : values) {
      String trimmed = value.strip();
      boolean digits =
          !trimmed.isEmpty()
              && trimmed.length() <= 18
              && trimmed.chars().allMatch(c -> c >= '0' && c <= '9');
      if (!digits) {
        return "'" + quote(trimmed) + "' (not a length up to 18 digits)";
      }
      if (first != null && !first.equals(trimmed)) {
        return "'" + quote(first) + "' and '" + quote(trimmed) + "' (conflicting values)";
      }
      first = trimmed;
    }
    return null;
  }

  private static String quote(String value) {
    return value.length() <= MAX_QUOTED_VALUE
        ? value
        : value.substring(0, MAX_QUOTED_VALUE) + "...";
  }

  private static ProviderException invalidResponse(String message) {
    return new ProviderException(
        Failure.builder(ErrorKind.INVALID_RESPONSE).message(message).build());
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? 0 : Long.MAX_VALUE;
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
