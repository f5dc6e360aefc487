package dev.lifeline.internal.http;

import static dev.lifeline.internal.http.TransportFailures.invalidResponse;

import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One exchange over {@link ApacheTransport}: reads the head and body as the client's I/O thread
 * delivers them into a {@link BodyReader}, runs the {@link ExchangeTimers}, and aborts the client's
 * exchange (closing its connection) whenever the result ends any other way than a whole body read.
 * Not API.
 */
final class ApacheExchange implements AsyncResponseConsumer<RawResponse> {

  private final CompletableFuture<RawResponse> result = new CompletableFuture<>();
  private final URI uri;
  private final Timeouts timeouts;
  private final BodyReader body;
  private final ExchangeTimers timers;
  private volatile Future<RawResponse> sent;
  private volatile FutureCallback<RawResponse> done;
  private int informational;

  ApacheExchange(
      URI uri,
      Timeouts timeouts,
      long maxBodyBytes,
      Consumer<String> onChunk,
      Scheduler scheduler,
      Ticker ticker) {
    this.uri = uri;
    this.timeouts = timeouts;
    this.body = new BodyReader(maxBodyBytes, onChunk);
    this.timers = new ExchangeTimers(scheduler, ticker, timeouts, result, true);
  }

  /** The answer; cancelling it aborts the exchange. */
  CompletableFuture<RawResponse> result() {
    return result;
  }

  /**
   * What the client calls when the exchange ends: failures and cancellations land in the result.
   */
  FutureCallback<RawResponse> callback() {
    return new FutureCallback<>() {
      @Override
      public void completed(RawResponse response) {
        result.complete(response);
      }

      @Override
      public void failed(Exception error) {
        result.completeExceptionally(translate(error));
      }

      @Override
      public void cancelled() {
        result.completeExceptionally(new CancellationException("the exchange was cancelled"));
      }
    };
  }

  /** The client took the request: timers start, and an early end of the result aborts it. */
  void start(Future<RawResponse> sent) {
    this.sent = sent;
    timers.start();
    result.whenComplete(
        (response, error) -> {
          timers.cancel();
          if (error != null || body.cut()) {
            sent.cancel(true); // closes the connection: nothing more of this answer is wanted
          }
        });
  }

  @Override
  public void consumeResponse(
      HttpResponse response,
      EntityDetails entity,
      HttpContext context,
      FutureCallback<RawResponse> resultCallback) {
    done = resultCallback;
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    List<String> lengths = new ArrayList<>(1);
    for (Header header : response.getHeaders()) {
      headers.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
      if (header.getName().equalsIgnoreCase("Content-Length")) {
        lengths.add(header.getValue());
      }
    }
    String invalidLength = TransportFailures.invalidContentLength(lengths);
    if (invalidLength != null) {
      result.completeExceptionally(invalidResponse("invalid Content-Length " + invalidLength));
      return;
    }
    body.head(response.getCode(), headers);
    timers.headArrived();
    if (entity == null) {
      finish(); // no body (204, 304)
    }
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) {
    if (++informational > TransportFailures.MAX_INFORMATIONAL) {
      result.completeExceptionally(
          invalidResponse(
              "protocol error: more than "
                  + TransportFailures.MAX_INFORMATIONAL
                  + " informational (1xx) answers"));
    }
  }

  @Override
  public void updateCapacity(CapacityChannel channel) throws IOException {
    channel.update(Integer.MAX_VALUE); // the reader decodes as it goes; the size limit bounds it
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    if (result.isDone()) {
      // Cancelled, timed out or cut: failing here makes the client close the connection, even if
      // the cancellation of its future came too late to reach the exchange.
      throw new IOException("the rest of the answer is not wanted");
    }
    timers.activity();
    try {
      if (body.accept(src)) {
        finish();
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e); // over the limit, or the adapter's parser rejected it
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    if (!result.isDone()) {
      body.end();
      finish();
    }
  }

  @Override
  public void failed(Exception cause) {
    result.completeExceptionally(translate(cause));
  }

  @Override
  public void releaseResources() {
    // Nothing held: the reader's buffers go with this object.
  }

  /**
   * The answer is read: the client is told first (so the connection goes back to the pool before
   * the caller sends its next request), then the caller.
   */
  private void finish() {
    RawResponse response = body.response();
    FutureCallback<RawResponse> client = done;
    if (client != null && !body.cut()) {
      client.completed(response);
    }
    result.complete(response);
  }

  private Throwable translate(Throwable error) {
    if (error instanceof ConnectTimeoutException) {
      return TransportFailures.connectTimeout(timeouts.connect());
    }
    if (error instanceof ConnectException) {
      return TransportFailures.cannotConnect(uri, error);
    }
    if (error instanceof HttpException || error instanceof MessageConstraintException) {
      // Invalid status line, headers over the limits, a malformed length: not HTTP we can read.
      return invalidResponse("protocol error: " + error.getMessage());
    }
    return error;
  }
}
