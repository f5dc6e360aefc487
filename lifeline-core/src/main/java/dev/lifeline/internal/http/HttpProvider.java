package dev.lifeline.internal.http;

import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every HTTP adapter shares: its {@link HttpSettings}, the transport and exchange built from
 * them, {@code bind}/{@code close}, and the send and stream plumbing: the request built from the
 * {@link WireFormat}'s endpoint, body and key header, a non-2xx classified, a 2xx body read by the
 * wire format's parser and a stream fed to its stream reader. An adapter adds its wire format and
 * its own settings.
 *
 * <p>Each call is one HTTP exchange, never retried here (the engine owns every retry). The key is
 * sent only to the configured base URL, never logged and scrubbed from every failure. Immutable and
 * thread-safe. Not API: the adapters are.
 *
 * @param <P> the adapter
 * @param <B> the adapter's builder
 */
public abstract class HttpProvider<
        P extends HttpProvider<P, B>, B extends HttpProviderBuilder<B, P>>
    implements Provider {

  private final HttpSettings settings;
  private final Ticker ticker;
  private final WireFormat wire;
  private final Transport transport;
  private final ChatExchange exchange;

  /**
   * A provider with the settings of {@code builder}, speaking the wire format {@code wire} makes
   * for the clock the adapter reads.
   *
   * @param keyRequired whether the builder must have been given a key
   * @throws IllegalStateException if the builder has no base URL, or no key when one is required
   */
  protected HttpProvider(B builder, boolean keyRequired, Function<Ticker, WireFormat> wire) {
    this.settings = builder.settings(keyRequired);
    this.ticker = settings.clock();
    this.wire = wire.apply(ticker);
    this.transport =
        settings.httpClient() != null
            ? new JdkTransport(settings.httpClient(), settings.scheduler(), ticker)
            : new ApacheTransport(
                settings.timeouts(),
                settings.scheduler(),
                ticker,
                ApacheTransport.defaultIoThreads());
    this.exchange =
        new ChatExchange(
            transport,
            settings.timeouts(),
            settings.maxBodyBytes(),
            this.wire.classifier(),
            settings.apiKey());
  }

  /** The name given to the builder, or the adapter's default. */
  @Override
  public final String name() {
    return settings.name();
  }

  /** The base URL every request goes under. */
  public final URI baseUrl() {
    return settings.baseUrl();
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code request} or {@code model} is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  @Override
  public final CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return sendWhole(request, model, null);
  }

  /**
   * As {@link #send(ChatRequest, String)}, reading and classifying the answer on {@code settleOn}
   * (a blocking caller's own thread) instead of the HTTP client's I/O thread. Not API: the
   * engine's.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  public final CompletableFuture<ChatResponse> send(
      ChatRequest request, String model, Executor settleOn) {
    return sendWhole(request, model, Objects.requireNonNull(settleOn, "settleOn"));
  }

  private CompletableFuture<ChatResponse> sendWhole(
      ChatRequest request, String model, Executor settleOn) {
    checkModel(request, model);
    WireRequest http;
    try {
      http = request(request, model, false);
    } catch (ProviderException e) {
      return CompletableFuture.failedFuture(e);
    }
    WholeAnswer reader = new WholeAnswer(wire, name(), model);
    return settleOn == null
        ? exchange.run(http, null, reader)
        : exchange.run(http, null, reader, settleOn);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A non-2xx answer is read whole and classified; each piece of a 2xx stream's text goes to
   * {@code onDelta} as it arrives, as the wire format's stream reader delivers it.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  @Override
  public final CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    checkModel(request, model);
    Objects.requireNonNull(onDelta, "onDelta");
    WireRequest http;
    try {
      http = request(request, model, true);
    } catch (ProviderException e) {
      return CompletableFuture.failedFuture(e);
    }
    WireFormat.StreamReader reader = wire.streamReader(name(), model, onDelta);
    // A 2xx stream's body goes to the reader; a non-2xx one was classified before it is read.
    return exchange.run(http, reader::feed, reader::finish);
  }

  /** What the wire format leaves out of {@code request}: sampling settings it has no field for. */
  @Override
  public final List<UnsentSetting> unsentSettings(ChatRequest request, String model) {
    return wire.unsentSettings(request);
  }

  /** The configured key, or none; the engine scrubs it from every failure it keeps. */
  @Override
  public final List<ApiKey> credentials() {
    return settings.apiKey() == null ? List.of() : List.of(settings.apiKey());
  }

  /** The wire format's classifier. */
  @Override
  public final ErrorClassifier classifier() {
    return wire.classifier();
  }

  /**
   * This provider on the engine's runtime: a copy that reads {@code runtime}'s ticker and times its
   * timeouts on its scheduler; a ticker or scheduler given to the builder is kept. {@code this}
   * when both were given.
   */
  @Override
  public final P bind(ProviderRuntime runtime) {
    Objects.requireNonNull(runtime, "runtime");
    HttpSettings bound = settings.boundTo(runtime);
    return bound == settings ? self() : toBuilder().settings(bound).build();
  }

  /**
   * Releases the HTTP client this provider built for itself (not one given to its builder);
   * idempotent.
   */
  @Override
  public final void close() {
    transport.close();
  }

  /** A builder with every setting of this provider, to derive another one. */
  public abstract B toBuilder();

  /**
   * {@code builder} with every setting this provider shares with the others, for {@link
   * #toBuilder()}.
   */
  protected final B withSettings(B builder) {
    return builder.settings(settings);
  }

  /** The adapter's name, the provider's name and base URL; never the key. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name() + ", " + baseUrl() + "]";
  }

  private static void checkModel(ChatRequest request, String model) {
    Objects.requireNonNull(request, "request");
    checkModel(model);
  }

  private static void checkModel(String model) {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
  }

  /**
   * Sends {@code request} once over {@code embeddings}, this provider's embeddings API, with the
   * same key, headers, timeouts and failure classification as a chat call; for the adapters' {@code
   * Embedder.embed}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  protected final CompletableFuture<EmbeddingResponse> sendEmbedding(
      EmbeddingWire embeddings, EmbeddingRequest request, String model) {
    Objects.requireNonNull(embeddings, "embeddings");
    Objects.requireNonNull(request, "request");
    checkModel(model);
    WireRequest.Builder http;
    try {
      http =
          WireRequest.post(
              embeddings.endpoint(settings.baseUrl(), model), embeddings.body(request, model));
    } catch (IllegalArgumentException wrong) {
      return CompletableFuture.failedFuture(
          new ProviderException(Failure.of(ErrorKind.BAD_REQUEST, wrong.getMessage()), wrong));
    }
    return exchange.exchange(
        withHeaders(http, false).build(),
        null,
        raw -> embeddings.parse(raw, name(), model, ticker.now()));
  }

  /** The request; a call the wire format cannot send fails with {@code BAD_REQUEST}. */
  private WireRequest request(ChatRequest request, String model, boolean streaming) {
    WireRequest.Builder http;
    try {
      http =
          WireRequest.post(
              wire.endpoint(settings.baseUrl(), model, streaming),
              wire.body(request, model, streaming));
    } catch (IllegalArgumentException wrong) {
      // A malformed schema or model name is the caller's mistake, the same on every attempt.
      throw new ProviderException(Failure.of(ErrorKind.BAD_REQUEST, wrong.getMessage()), wrong);
    }
    return withHeaders(http, streaming).build();
  }

  /** {@code http} with the content headers, the wire format's, the key and the extra headers. */
  private WireRequest.Builder withHeaders(WireRequest.Builder http, boolean streaming) {
    http.header("Content-Type", "application/json")
        .header("Accept", streaming ? "text/event-stream" : "application/json");
    wire.fixedHeaders().forEach(http::header);
    if (settings.apiKey() != null) {
      http.header(wire.keyHeader(), wire.keyValue(settings.apiKey()));
    }
    settings.headers().forEach(http::header);
    return http;
  }

  @SuppressWarnings("unchecked") // P is this provider's own class, by the contract of the type
  private P self() {
    return (P) this;
  }
}
