package dev.lifeline.internal.http;

import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The adapters' own {@link Transport}: Apache HttpClient 5's asynchronous client, on a few I/O
 * threads of its own, HTTP/2 where TLS negotiates it and HTTP/1.1 otherwise. Not API.
 *
 * <p>Chosen by the load benchmark (issue 12): unlike the JDK client's {@code sendAsync}, which
 * starts a thread per exchange on machines of two cores or fewer, it reads every answer on its I/O
 * threads and completes the exchange there, so a call costs no thread and no hop it does not need.
 * Whatever runs on completion must therefore not block; the engine hands a call's slow steps and
 * the caller's own stages to its workers.
 *
 * <p>The connect timeout is the client's; first-byte, idle and total timeouts are {@link
 * ExchangeTimers}. No redirect is followed, no request is retried by the client (the engine
 * decides), no cookie is kept, no compression is asked for (an intermediary that compresses holds a
 * stream's deltas back to fill its blocks; an answer of a few KiB gains less than inflating it
 * costs, 2-6 % of the allocation per call in the load race). The client is built on the first
 * exchange, so a provider configured but never used holds no thread.
 */
public final class ApacheTransport implements Transport {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ApacheTransport.class);

  /** Header lines longer than any a provider sends; a longer one fails the exchange. */
  static final int MAX_HEADER_LINE = 32 * 1024;

  /** Header lines in one head; more fail the exchange (400 KiB of headers is an attack). */
  static final int MAX_HEADER_COUNT = 256;

  /**
   * Connections per host: HTTP/1.1 needs one per exchange in flight, and an engine may hold 10,000
   * calls in flight; far above what providers allow per key.
   */
  static final int MAX_CONNECTIONS = 16_384;

  private final Timeouts defaults;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final int ioThreads;
  private CloseableHttpAsyncClient client;
  private volatile boolean closed;

  /**
   * A transport connecting within {@code defaults.connect()}, timing the other limits on {@code
   * scheduler} against {@code ticker}, reading on {@code ioThreads} threads.
   */
  public ApacheTransport(Timeouts defaults, Scheduler scheduler, Ticker ticker, int ioThreads) {
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1, was " + ioThreads);
    }
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.ioThreads = ioThreads;
  }

  /**
   * The I/O threads of an adapter's client: two, or one on a single core. Measured on 2 cores at 16
   * and 64 callers (bench/load.sh), two gave 0.88× and 0.83× the bare client's throughput where one
   * gave 0.77× and 0.68×; the client adds one thread of its own.
   */
  public static int defaultIoThreads() {
    return Math.min(2, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public CompletableFuture<RawResponse> send(
      WireRequest request, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk) {
    CloseableHttpAsyncClient current = client();
    if (current == null) {
      return CompletableFuture.failedFuture(TransportFailures.closed());
    }
    ApacheExchange exchange =
        new ApacheExchange(request.uri(), timeouts, maxBodyBytes, onChunk, scheduler, ticker);
    Future<RawResponse> sent;
    try {
      sent =
          current.execute(
              producer(request), exchange, null, HttpClientContext.create(), exchange.callback());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    exchange.start(sent);
    return exchange.result();
  }

  /** Closes the client and its connections at once; later exchanges fail. Idempotent. */
  @Override
  public void close() {
    CloseableHttpAsyncClient owned;
    synchronized (this) {
      closed = true;
      owned = client;
      client = null;
    }
    if (owned != null) {
      owned.close(CloseMode.IMMEDIATE);
    }
  }

  private synchronized CloseableHttpAsyncClient client() {
    if (client == null && !closed) {
      client = newClient(defaults, ioThreads);
      client.start();
    }
    return client;
  }

  private static AsyncRequestProducer producer(WireRequest request) {
    String type = request.header("Content-Type");
    AsyncRequestBuilder builder =
        AsyncRequestBuilder.post(request.uri())
            .setEntity(
                AsyncEntityProducers.create(
                    request.body(),
                    type == null ? null : org.apache.hc.core5.http.ContentType.parse(type)));
    for (WireRequest.Header header : request.headers()) {
      if (!header.name().equalsIgnoreCase("Content-Type")) {
        builder.addHeader(header.name(), header.value());
      }
    }
    return builder.build();
  }

  /**
   * An I/O thread's failure. Closing at once shuts each selector under its thread, which the client
   * would log as an error with a stack trace for every engine closed; that is the close, not a
   * fault, whatever it throws there (a closed selector, a cancelled key, or a key set changed under
   * the thread's iteration). Anything else is worth a warning: the exchanges it ends fail on their
   * own.
   */
  static void reactorFailed(Exception failure, boolean closing) {
    if (closing
        || failure instanceof java.nio.channels.ClosedSelectorException
        || failure instanceof java.nio.channels.CancelledKeyException) {
      LOG.debug("HTTP I/O thread ended by the close: {}", failure.toString());
      return;
    }
    LOG.warn("HTTP I/O thread failed: {}", failure.toString(), failure);
  }

  private CloseableHttpAsyncClient newClient(Timeouts timeouts, int ioThreads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, "lifeline-http-" + count.incrementAndGet());
          thread.setDaemon(true); // never keeps a JVM alive that forgot to close its engine
          return thread;
        };
    return HttpAsyncClients.custom()
        .setConnectionManager(
            PoolingAsyncClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeouts.connect()))
                        // Our own timers bound every wait; the socket never times out by itself.
                        .setSocketTimeout(Timeout.DISABLED)
                        .build())
                .setDefaultTlsConfig(
                    TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
                .build())
        .setIOReactorConfig(
            IOReactorConfig.custom()
                .setIoThreadCount(ioThreads)
                .setSoTimeout(Timeout.DISABLED)
                .setTcpNoDelay(true)
                .build())
        .setHttp1Config(
            Http1Config.custom()
                .setMaxLineLength(MAX_HEADER_LINE)
                .setMaxHeaderCount(MAX_HEADER_COUNT)
                .build())
        .setThreadFactory(threads)
        .setIoReactorExceptionCallback(failure -> reactorFailed(failure, closed))
        .disableContentCompression()
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .build();
  }
}
