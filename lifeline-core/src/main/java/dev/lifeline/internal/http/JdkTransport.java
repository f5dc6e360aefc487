package dev.lifeline.internal.http;

import static dev.lifeline.internal.http.TransportFailures.cannotConnect;
import static dev.lifeline.internal.http.TransportFailures.connectTimeout;
import static dev.lifeline.internal.http.TransportFailures.firstByteTimeout;
import static dev.lifeline.internal.http.TransportFailures.invalidResponse;

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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A {@link Transport} over a JDK {@link HttpClient} the user gave an adapter (its proxy, TLS and
 * authenticator settings then apply). Not API.
 *
 * <p>Connect and first-byte timeouts go through the JDK client; idle and total ones through {@link
 * ExchangeTimers}. Every exchange that ends in failure (a timeout, a cancellation, or a protocol
 * error such as an invalid status line, oversized headers, an unparseable {@code Content-Length} or
 * a flood of 1xx answers) closes its connection. The JDK 17 client does not do so by itself for
 * protocol errors found while parsing the head of a response: it fails the exchange and leaves the
 * socket open and registered with its selector until the peer closes it, so a hostile server could
 * hold one socket (two fds on loopback) per attempt. Cancelling a future derived from the client's
 * returned future (which shares its cancellation hook, see {@link
 * CompletableFuture#newIncompleteFuture()}) aborts the exchange and closes the socket, even once
 * the exchange has failed; see {@link #closeConnection}.
 *
 * <p>The JDK client's {@code sendAsync} completes on the JDK's default executor, which starts a
 * thread per exchange when the machine has two cores or fewer; the adapters' own client ({@link
 * ApacheTransport}) has no such cost, which is why it is the default.
 */
public final class JdkTransport implements Transport {

  private final Scheduler scheduler;
  private final Ticker ticker;

  /** Where failures of the client's future are handled; null: where they arrive. */
  private final Executor callbacks;

  private volatile HttpClient client;

  /**
   * A transport over {@code client} (the caller's: {@link #close()} leaves it alone), timing idle
   * and total limits on {@code scheduler} against {@code ticker}.
   */
  public JdkTransport(HttpClient client, Scheduler scheduler, Ticker ticker) {
    this.client = Objects.requireNonNull(client, "client");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.callbacks = client.executor().orElse(null);
  }

  /** Later exchanges fail; the client itself is the caller's and stays as it is. */
  @Override
  public void close() {
    client = null;
  }

  @Override
  public CompletableFuture<RawResponse> send(
      WireRequest request, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(request.uri())
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .timeout(timeouts.firstByte());
    request.headers().forEach(header -> http.setHeader(header.name(), header.value()));
    if ("http".equalsIgnoreCase(request.uri().getScheme())) {
      // Plain http would otherwise ask for an h2c upgrade on every POST, which some servers
      // mishandle.
      http.version(HttpClient.Version.HTTP_1_1);
    }
    HttpClient current = client;
    if (current == null) {
      return CompletableFuture.failedFuture(TransportFailures.closed());
    }
    Exchange exchange = new Exchange(request.uri(), timeouts, maxBodyBytes, onChunk);
    CompletableFuture<HttpResponse<Void>> sent;
    try {
      sent = current.sendAsync(http.build(), exchange::subscriber);
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
    private final BodyReader body;
    private final ExchangeTimers timers;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<Void>> sent;
    private volatile boolean closeWanted;

    Exchange(URI uri, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
      this.uri = uri;
      this.timeouts = timeouts;
      this.body = new BodyReader(maxBodyBytes, onChunk);
      this.timers = new ExchangeTimers(scheduler, ticker, timeouts, result, false);
    }

    void start(CompletableFuture<HttpResponse<Void>> sent) {
      this.sent = sent;
      timers.start();
      sent.whenComplete(
          (response, error) -> {
            if (error != null) {
              // The JDK completes this future on a thread of its own (a new one per completion
              // when the common pool has one thread); the call's next steps run on the client's
              // executor instead.
              Throwable failure = translate(error);
              handOff(() -> result.completeExceptionally(failure));
            }
          });
      result.whenComplete(
          (response, error) -> {
            timers.cancel();
            if (error != null) {
              Flow.Subscription current = subscription;
              if (current != null) {
                current.cancel(); // closes the connection: a cancelled or timed-out attempt stops
              }
              // The subscription may never have existed (a protocol error in the head).
              closeConnection(sent);
            }
          });
      if (closeWanted) {
        closeConnection(sent); // the head was rejected before sendAsync returned
      }
    }

    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
      String invalidLength =
          TransportFailures.invalidContentLength(info.headers().allValues("Content-Length"));
      if (invalidLength != null) {
        // The JDK client would fail reading this with a NumberFormatException and keep the socket.
        result.completeExceptionally(invalidResponse("invalid Content-Length " + invalidLength));
        CompletableFuture<HttpResponse<Void>> current = sent;
        if (current != null) {
          closeConnection(current);
        } else {
          closeWanted = true;
        }
      }
      body.head(info.statusCode(), info.headers().map());
      timers.headArrived();
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
          result.completeExceptionally(translate(error));
        }

        @Override
        public void onComplete() {
          if (!result.isDone()) {
            body.end();
            complete();
          }
        }
      };
    }

    private void onBytes(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      timers.activity();
      for (ByteBuffer buffer : buffers) {
        if (result.isDone()) {
          return; // aborted by a chunk consumer or a timer mid-batch: the rest is not wanted
        }
        try {
          if (body.accept(buffer)) {
            complete();
            return;
          }
        } catch (RuntimeException e) {
          result.completeExceptionally(e); // over the limit, or the adapter's parser rejected it
          return;
        }
      }
    }

    private void complete() {
      if (result.complete(body.response()) && body.cut()) {
        Flow.Subscription current = subscription;
        if (current != null) {
          current.cancel(); // the rest of a cut error body is not wanted
        }
      }
    }

    private Throwable translate(Throwable error) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (cause instanceof HttpConnectTimeoutException) {
        return connectTimeout(timeouts.connect());
      }
      if (cause instanceof HttpTimeoutException) {
        return firstByteTimeout(timeouts.firstByte());
      }
      if (cause instanceof ProtocolException) {
        // Invalid status line, headers over the client's limit, too many 1xx answers: not HTTP we
        // can read.
        return invalidResponse("protocol error: " + cause.getMessage());
      }
      if (cause instanceof ConnectException) {
        return cannotConnect(uri, cause);
      }
      if (cause instanceof NumberFormatException || cause instanceof ArithmeticException) {
        // The JDK client parses Content-Length with Long.parseLong; a value it cannot read is a bad
        // head.
        return invalidResponse("unreadable response head: " + cause.getMessage());
      }
      return cause;
    }
  }
}
