package dev.lifeline.provider.gemini;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.internal.http.BaseUrl;
import dev.lifeline.internal.http.ChatExchange;
import dev.lifeline.internal.http.HttpTransport;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderException;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Google's Gemini API ({@code POST {baseUrl}/v1beta/models/{model}:generateContent}, and {@code
 * :streamGenerateContent?alt=sse} for streams) as a {@link Provider}.
 *
 * <p>The key goes in the {@code x-goog-api-key} header, never in the URL, so it cannot leak through
 * a logged URL. The request is translated as {@link GeminiRequestWriter} describes ({@code
 * systemInstruction}, {@code contents} of user/model turns, {@code functionCall} / {@code
 * functionResponse} parts, {@code generationConfig}; JSON modes through {@code responseMimeType}
 * and {@code responseJsonSchema}). A model name without a slash is taken as {@code models/{name}};
 * one with a slash ({@code tunedModels/x}) is used as it is.
 *
 * <p>Failures are classified with Gemini's rules: Google's envelope (also wrapped in a one-element
 * array), {@code RetryInfo}, daily quotas, a bad key reported as a 400. A 200 that withholds the
 * answer ({@code promptFeedback.blockReason} and no candidates; a candidate stopped for safety or
 * recitation with no parts) is {@code CONTENT_FILTERED}. A stream in which no chunk carried a
 * {@code finishReason} is {@code INVALID_RESPONSE}; an error chunk mid-stream fails with its
 * classified kind.
 *
 * <p>Immutable and thread-safe. It never retries: the engine owns every retry. Cancelling a
 * returned future aborts the HTTP exchange.
 */
public final class GeminiProvider implements Provider {

  /** Google's public endpoint for the Gemini API. */
  public static final URI DEFAULT_BASE_URL =
      URI.create("https://generativelanguage.googleapis.com");

  /** The largest body read by default, 8 MiB: far above any answer, far below a memory problem. */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  private static final String API_PATH = "/v1beta/";
  private static final String KEY_HEADER = "x-goog-api-key";
  private final GeminiErrorClassifier classifier;
  // One path segment of a model name: what Google's model ids are made of, and nothing that could
  // change the URL's meaning (no '?', '#', '%', ':' or spaces).
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  private final String name;
  private final URI baseUrl;
  private final ApiKey apiKey;
  private final Timeouts timeouts;
  private final long maxBodyBytes;
  private final Map<String, String> headers;
  private final HttpClient httpClient;
  private final Scheduler scheduler;
  private final boolean schedulerSet;
  private final Ticker explicitTicker;
  private final Ticker ticker;
  private final Executor executor;
  private final HttpTransport transport;
  private final ChatExchange exchange;

  private GeminiProvider(Builder builder) {
    this.name = builder.name;
    this.baseUrl = builder.baseUrl;
    this.apiKey = builder.apiKey;
    this.timeouts = builder.timeouts;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.headers = Map.copyOf(builder.headers);
    this.httpClient = builder.httpClient;
    this.scheduler = builder.scheduler;
    this.schedulerSet = builder.schedulerSet;
    this.explicitTicker = builder.ticker;
    this.ticker =
        builder.ticker != null
            ? builder.ticker
            : builder.scheduler instanceof Ticker clock ? clock : Ticker.system();
    this.executor = builder.executor;
    this.transport =
        builder.httpClient != null
            ? new HttpTransport(builder.httpClient, builder.scheduler, ticker)
            : HttpTransport.owning(builder.timeouts, builder.executor, builder.scheduler, ticker);
    this.classifier = GeminiErrorClassifier.of(ticker);
    this.exchange =
        new ChatExchange(
            transport, builder.timeouts, builder.maxBodyBytes, classifier, builder.apiKey);
  }

  /** A new builder; {@link Builder#apiKey(ApiKey)} is the only required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name given to the builder ({@code "gemini"} by default). */
  @Override
  public String name() {
    return name;
  }

  /**
   * This provider on the engine's runtime: a copy that reads {@code runtime}'s ticker, times its
   * timeouts on its scheduler and runs its own HTTP client on its executor; a setting given to the
   * builder ({@link Builder#ticker}, {@link Builder#scheduler}, {@link Builder#httpClient}, {@link
   * Builder#executor}) is kept. {@code this} when every one was given.
   */
  @Override
  public GeminiProvider bind(ProviderRuntime runtime) {
    Objects.requireNonNull(runtime, "runtime");
    Builder bound = toBuilder();
    boolean changed = false;
    if (!schedulerSet) {
      bound.scheduler = runtime.scheduler();
      changed = true;
    }
    if (explicitTicker == null && !(schedulerSet && scheduler instanceof Ticker)) {
      // A user's scheduler that is also a clock (a VirtualClock) stays the adapter's clock.
      bound.ticker = runtime.ticker();
      changed = true;
    }
    if (httpClient == null && executor == null) {
      bound.executor = runtime.executor();
      changed = true;
    }
    return changed ? bound.build() : this;
  }

  /**
   * Releases the HTTP client this provider built for itself (not one given to its builder);
   * idempotent.
   */
  @Override
  public void close() {
    transport.close();
  }

  /** A builder with every setting of this provider, to derive another one. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.name = name;
    builder.baseUrl = baseUrl;
    builder.apiKey = apiKey;
    builder.timeouts = timeouts;
    builder.maxBodyBytes = maxBodyBytes;
    builder.headers.putAll(headers);
    builder.httpClient = httpClient;
    builder.scheduler = scheduler;
    builder.schedulerSet = schedulerSet;
    builder.ticker = explicitTicker;
    builder.executor = executor;
    return builder;
  }

  /** The base URL requests go to (the endpoint adds {@code /v1beta/models/{model}:...}). */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Sends {@code request} to {@code model} once, with {@code generateContent}; see {@link
   * Provider#send}.
   */
  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return exchange(request, model, null);
  }

  /**
   * Sends to {@code streamGenerateContent?alt=sse}: each text part goes to {@code onDelta} as its
   * chunk arrives, and the future completes with the whole answer once the stream ended after a
   * chunk with a {@code finishReason}. An exception thrown by {@code onDelta} fails the call.
   */
  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    Objects.requireNonNull(onDelta, "onDelta");
    return exchange(request, model, onDelta);
  }

  /** The key this provider sends, so that the engine scrubs it from everything it keeps. */
  @Override
  public List<ApiKey> credentials() {
    return List.of(apiKey);
  }

  /** Gemini's classifier: the generic rules plus a candidate withheld for RECITATION. */
  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  /** The provider's name and base URL; never the key. */
  @Override
  public String toString() {
    return "GeminiProvider[" + name + ", " + baseUrl + "]";
  }

  private CompletableFuture<ChatResponse> exchange(
      ChatRequest request, String model, Consumer<String> onDelta) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    boolean streaming = onDelta != null;
    HttpRequest http;
    try {
      http = httpRequest(endpoint(model, streaming), GeminiRequestWriter.write(request), streaming);
    } catch (IllegalArgumentException wrong) {
      // A malformed schema or model name is the caller's mistake, the same on every attempt.
      return CompletableFuture.failedFuture(
          new ProviderException(Failure.of(ErrorKind.BAD_REQUEST, wrong.getMessage()), wrong));
    }
    GeminiStreamParser parser = streaming ? new GeminiStreamParser(onDelta, classifier) : null;
    return exchange.run(
        http,
        parser == null ? null : parser::feed,
        // A 2xx stream's body went to the parser; a whole body was classified before it is read.
        response ->
            parser != null
                ? parser.finish(response, name, model)
                : GeminiResponseParser.parse(response, name, model));
  }

  /**
   * The URL for {@code model}; it never carries the key.
   *
   * @throws IllegalArgumentException if the model name has characters no model id has, or a {@code
   *     .} / {@code ..} segment
   */
  URI endpoint(String model, boolean streaming) {
    String path = model.contains("/") ? model : "models/" + model;
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a Gemini model name: '" + model + "'");
      }
    }
    String method = streaming ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return BaseUrl.join(baseUrl, API_PATH + path + method);
  }

  private HttpRequest httpRequest(URI endpoint, String body, boolean streaming) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(endpoint)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("content-type", "application/json")
            .header(KEY_HEADER, apiKey.reveal());
    if (streaming) {
      http.header("accept", "text/event-stream");
    }
    headers.forEach(http::setHeader);
    return http.build();
  }

  /**
   * Builds a {@link GeminiProvider}. Mutable and not thread-safe; {@link #build()} copies every
   * setting, so the provider is unaffected by later changes. When a setter is called twice, the
   * last value wins.
   */
  public static final class Builder {
    private String name = "gemini";
    private URI baseUrl = DEFAULT_BASE_URL;
    private ApiKey apiKey;
    private Timeouts timeouts = Timeouts.defaults();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpClient httpClient;
    private Scheduler scheduler = Scheduler.system();
    private boolean schedulerSet;
    private Ticker ticker;
    private Executor executor;

    private Builder() {}

    /**
     * The provider's name in traces, metrics and state; default {@code "gemini"}.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Where to send requests; default {@link #DEFAULT_BASE_URL}. A path is kept ({@code
     * https://proxy.example/google} sends to {@code .../google/v1beta/models/...}).
     *
     * @throws IllegalArgumentException if not absolute http(s), if it has user info, a query or a
     *     fragment, or if it is plain http to a host other than loopback (the key would be sent in
     *     clear text)
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = BaseUrl.check(baseUrl);
      return this;
    }

    /**
     * {@link #baseUrl(URI)} from text.
     *
     * @throws IllegalArgumentException if it is not a valid URI, or as {@link #baseUrl(URI)}
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      return baseUrl(URI.create(baseUrl.strip()));
    }

    /** The key, sent as {@code x-goog-api-key} to the base URL only. Required. */
    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Connect, first-byte, idle and total timeouts of each attempt; default {@link
     * Timeouts#DEFAULTS}.
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * The largest body read, in bytes; default {@link #DEFAULT_MAX_BODY_BYTES}. A larger answer or
     * stream fails with {@code INVALID_RESPONSE}; a larger error body is classified from its start.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * An extra header sent with every request ({@code x-goog-user-project: ...}).
     *
     * @throws IllegalArgumentException if the name is not a header name, is a credential header
     *     ({@code x-goog-api-key}, {@code authorization}, ...: keys go through {@link #apiKey}), is
     *     one the client sets ({@code host}, {@code content-length}, {@code content-type}, ...), or
     *     if the value has a line break
     */
    public Builder header(String name, String value) {
      BaseUrl.checkHeader(name, value, KEY_HEADER);
      headers.put(name.toLowerCase(Locale.ROOT), value);
      return this;
    }

    /**
     * The HTTP client to use; by default one is made with the connect timeout and no redirects. A
     * client given here keeps its own connect timeout: {@link Timeouts#connect()} is not applied to
     * it.
     *
     * @throws IllegalArgumentException if the client follows redirects: a redirect would replay the
     *     key to another URL
     */
    public Builder httpClient(HttpClient httpClient) {
      Objects.requireNonNull(httpClient, "httpClient");
      if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException(
            "the HTTP client must not follow redirects (it follows "
                + httpClient.followRedirects()
                + "): a redirect would send the API key to another URL");
      }
      this.httpClient = httpClient;
      return this;
    }

    /** Where idle and total timeouts are timed; default {@link Scheduler#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.schedulerSet = true;
      return this;
    }

    /**
     * Sets the clock the adapter reads (rate-limit reset dates, Retry-After dates, idle timeouts);
     * the scheduler when it is also a ticker ({@link dev.lifeline.time.VirtualClock}), else {@link
     * Ticker#system()}, unless set. An engine fills it with its own when it binds the provider.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the executor of the HTTP client the adapter builds for itself (ignored with {@link
     * #httpClient}); the JDK's default (an unbounded cached pool) unless set. An engine fills it
     * with its own bounded executor when it binds the provider.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no API key was set
     */
    public GeminiProvider build() {
      if (apiKey == null) {
        throw new IllegalStateException("an API key is required: call apiKey(...)");
      }
      return new GeminiProvider(this);
    }
  }
}
