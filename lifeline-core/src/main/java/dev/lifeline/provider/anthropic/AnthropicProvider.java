package dev.lifeline.provider.anthropic;

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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Anthropic's Messages API ({@code POST {baseUrl}/v1/messages}) as a {@link Provider}.
 *
 * <p>Sends {@code x-api-key} and {@code anthropic-version: 2023-06-01}; translates the request as
 * {@link AnthropicRequestWriter} describes (system messages in the top-level {@code system} field,
 * {@code max_tokens} always set, tool calls and results as content blocks); parses the answer and
 * its SSE stream; classifies failures with Anthropic's rules. Anthropic has no {@code
 * response_format}: for {@link dev.lifeline.model.ResponseFormat.Type#JSON_OBJECT JSON_OBJECT} and
 * {@link dev.lifeline.model.ResponseFormat.Type#JSON_SCHEMA JSON_SCHEMA} an instruction (with the
 * schema) is added to the system prompt instead, so the answer is JSON by request, not by guarantee
 * — validate it.
 *
 * <p>A 200 whose {@code stop_reason} is {@code model_context_window_exceeded} fails with {@code
 * CONTEXT_LENGTH_EXCEEDED}: the window filled before the answer ended. A stream that ends without
 * {@code message_stop} fails with {@code INVALID_RESPONSE}; an {@code event: error} mid-stream
 * fails with the kind its error type maps to (overloaded_error → {@code OVERLOADED}, and so on).
 *
 * <p>Immutable and thread-safe. It never retries: the engine owns every retry. Cancelling a
 * returned future aborts the HTTP exchange.
 */
public final class AnthropicProvider implements Provider {

  /** Anthropic's public endpoint. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

  /** The API version this adapter speaks, sent as {@code anthropic-version}. */
  public static final String API_VERSION = "2023-06-01";

  /**
   * The {@code max_tokens} sent when the request sets none: the API requires one, and 4096 fits the
   * output limit of every current Claude model while leaving long answers room.
   */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** The largest body read by default, 8 MiB: far above any answer, far below a memory problem. */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  private static final String MESSAGES_PATH = "/v1/messages";
  private static final String KEY_HEADER = "x-api-key";

  private final String name;
  private final URI baseUrl;
  private final URI endpoint;
  private final ApiKey apiKey;
  private final Timeouts timeouts;
  private final long maxBodyBytes;
  private final Map<String, String> headers;
  private final int defaultMaxTokens;
  private final HttpClient httpClient;
  private final Scheduler scheduler;
  private final boolean schedulerSet;
  private final Ticker explicitTicker;
  private final Ticker ticker;
  private final Executor executor;
  private final HttpTransport transport;
  private final AnthropicRequestWriter writer;
  private final AnthropicErrorClassifier classifier;
  private final ChatExchange exchange;

  private AnthropicProvider(Builder builder) {
    this.name = builder.name;
    this.baseUrl = builder.baseUrl;
    this.endpoint = BaseUrl.join(builder.baseUrl, MESSAGES_PATH);
    this.apiKey = builder.apiKey;
    this.timeouts = builder.timeouts;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.headers = Map.copyOf(builder.headers);
    this.defaultMaxTokens = builder.defaultMaxTokens;
    this.httpClient = builder.httpClient;
    this.scheduler = builder.scheduler;
    this.writer = new AnthropicRequestWriter(builder.defaultMaxTokens);
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
    this.classifier = AnthropicErrorClassifier.of(ticker);
    this.exchange =
        new ChatExchange(
            transport, builder.timeouts, builder.maxBodyBytes, classifier, builder.apiKey);
  }

  /** A new builder; {@link Builder#apiKey(ApiKey)} is the only required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name given to the builder ({@code "anthropic"} by default). */
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
  public AnthropicProvider bind(ProviderRuntime runtime) {
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
    builder.defaultMaxTokens = defaultMaxTokens;
    builder.headers.putAll(headers);
    builder.httpClient = httpClient;
    builder.scheduler = scheduler;
    builder.schedulerSet = schedulerSet;
    builder.ticker = explicitTicker;
    builder.executor = executor;
    return builder;
  }

  /** The base URL requests go to (the endpoint is this plus {@code /v1/messages}). */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Sends {@code request} to {@code model} once, with {@code POST /v1/messages}; see {@link
   * Provider#send}.
   */
  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return exchange(request, model, null);
  }

  /**
   * Sends with {@code "stream": true}: each {@code text_delta} goes to {@code onDelta} as it
   * arrives, and the future completes with the whole answer (tool calls with their assembled input
   * included) once {@code message_stop} arrived. An exception thrown by {@code onDelta} fails the
   * call.
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

  /**
   * Anthropic's classifier: the generic rules plus {@code model_context_window_exceeded} on a 200.
   */
  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  /** The provider's name and base URL; never the key. */
  @Override
  public String toString() {
    return "AnthropicProvider[" + name + ", " + baseUrl + "]";
  }

  private CompletableFuture<ChatResponse> exchange(
      ChatRequest request, String model, Consumer<String> onDelta) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    boolean streaming = onDelta != null;
    HttpRequest http;
    try {
      http = httpRequest(writer.write(request, model, streaming), streaming);
    } catch (IllegalArgumentException wrong) {
      // A schema that is not JSON is the caller's mistake, the same on every provider.
      return CompletableFuture.failedFuture(
          new ProviderException(Failure.of(ErrorKind.BAD_REQUEST, wrong.getMessage()), wrong));
    }
    AnthropicStreamParser parser =
        streaming ? new AnthropicStreamParser(onDelta, classifier, ticker) : null;
    return exchange.run(
        http,
        parser == null ? null : parser::feed,
        // A 2xx stream's body went to the parser; a whole body was classified before it is read.
        response ->
            parser != null
                ? parser.finish(response, name, model)
                : AnthropicResponseParser.parse(response, name, model, ticker));
  }

  private HttpRequest httpRequest(String body, boolean streaming) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(endpoint)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("content-type", "application/json")
            .header("anthropic-version", API_VERSION)
            .header(KEY_HEADER, apiKey.reveal());
    if (streaming) {
      http.header("accept", "text/event-stream");
    }
    headers.forEach(http::setHeader);
    return http.build();
  }

  /**
   * Builds an {@link AnthropicProvider}. Mutable and not thread-safe; {@link #build()} copies every
   * setting, so the provider is unaffected by later changes. When a setter is called twice, the
   * last value wins.
   */
  public static final class Builder {
    private String name = "anthropic";
    private URI baseUrl = DEFAULT_BASE_URL;
    private ApiKey apiKey;
    private Timeouts timeouts = Timeouts.defaults();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpClient httpClient;
    private Scheduler scheduler = Scheduler.system();
    private boolean schedulerSet;
    private Ticker ticker;
    private Executor executor;

    private Builder() {}

    /**
     * The provider's name in traces, metrics and state; default {@code "anthropic"}.
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
     * https://proxy.example/anthropic} sends to {@code .../anthropic/v1/messages}).
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

    /** The key, sent as {@code x-api-key} to the base URL only. Required. */
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
     * The {@code max_tokens} sent when a request sets none; default {@link #DEFAULT_MAX_TOKENS}.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder defaultMaxTokens(int defaultMaxTokens) {
      if (defaultMaxTokens < 1) {
        throw new IllegalArgumentException(
            "defaultMaxTokens must be >= 1, was " + defaultMaxTokens);
      }
      this.defaultMaxTokens = defaultMaxTokens;
      return this;
    }

    /**
     * An extra header sent with every request ({@code anthropic-beta: ...}); it replaces a default
     * of the same name ({@code anthropic-version}).
     *
     * @throws IllegalArgumentException if the name is not a header name, is a credential header
     *     ({@code x-api-key}, {@code authorization}, ...: keys go through {@link #apiKey}), is one
     *     the client sets ({@code host}, {@code content-length}, {@code content-type}, ...), or if
     *     the value has a line break
     */
    public Builder header(String name, String value) {
      BaseUrl.checkHeader(name, value, KEY_HEADER);
      headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
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
    public AnthropicProvider build() {
      if (apiKey == null) {
        throw new IllegalStateException("an API key is required: call apiKey(...)");
      }
      return new AnthropicProvider(this);
    }
  }
}
