package dev.lifeline.provider.openai;

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
import dev.lifeline.provider.ProviderType;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link Provider} for OpenAI's Chat Completions API and every service that speaks it: OpenAI,
 * Azure OpenAI, DeepSeek, Groq, Mistral, OpenRouter, Together, Ollama, vLLM, or any other
 * compatible server.
 *
 * <pre>{@code
 * Provider openai = OpenAiProvider.openAi().apiKey(ApiKey.fromEnv("OPENAI_API_KEY")).build();
 * Provider azure =
 *     OpenAiProvider.azure(URI.create("https://my-resource.openai.azure.com"), "2024-10-21")
 *         .apiKey(ApiKey.fromEnv("AZURE_OPENAI_API_KEY"))
 *         .build();
 * Provider local = OpenAiProvider.ollama().build();
 * }</pre>
 *
 * <p>Each call is one HTTP exchange, never retried here (the engine owns every retry), bounded by
 * the {@link Timeouts} and by a body size limit. Every failure, HTTP or network, reaches the caller
 * as a {@link ProviderException} classified by {@link #classifier()}. Cancelling a returned future
 * aborts the exchange and closes its connection.
 *
 * <p>The key is sent only to the configured base URL: URLs are built from it alone, redirects are
 * never followed, and a user-supplied {@link HttpClient} that follows them is rejected. It is never
 * logged, never in {@link #toString()}, and scrubbed from every failure this provider reports.
 *
 * <p>Immutable and thread-safe; one instance serves any number of concurrent calls.
 */
public final class OpenAiProvider implements Provider {

  /** Azure's current GA version of the data-plane API, used unless another one is set. */
  static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

  /**
   * 8 MiB: a long answer with tool calls is a few hundred KiB; anything larger is a misbehaving
   * server, and buffering it unbounded would let it exhaust the heap.
   */
  static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  private final String name;
  private final Preset preset;
  private final URI baseUrl;
  private final ApiKey apiKey;
  private final String apiVersion;
  private final Map<String, String> headers;
  private final Timeouts timeouts;
  private final long maxBodyBytes;
  private final HttpClient httpClient;
  private final Scheduler scheduler;
  private final boolean schedulerSet;
  private final Ticker explicitTicker;
  private final Ticker ticker;
  private final Executor executor;
  private final HttpTransport transport;
  private final ChatCompletionsEndpoint endpoint;
  private final ErrorClassifier classifier;
  private final ChatExchange exchange;

  private OpenAiProvider(Builder builder, URI baseUrl) {
    this.name = builder.name == null ? builder.preset.defaultName() : builder.name;
    this.preset = builder.preset;
    this.baseUrl = baseUrl;
    this.apiKey = builder.apiKey;
    this.apiVersion = builder.apiVersion;
    this.headers = Map.copyOf(builder.headers);
    this.timeouts = builder.timeouts;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.httpClient = builder.httpClient; // null: our own client, rebuilt by toBuilder().build()
    this.scheduler = builder.scheduler;
    this.endpoint =
        new ChatCompletionsEndpoint(
            baseUrl, preset.isAzure(), preset.isAzure() ? apiVersion : null, apiKey, headers);
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
    this.classifier = new OpenAiErrorClassifier(preset.type(), ticker);
    this.exchange = new ChatExchange(transport, timeouts, maxBodyBytes, classifier, apiKey);
  }

  // ---- presets
  // -------------------------------------------------------------------------------------

  /**
   * A builder for any OpenAI-compatible server: set its {@link Builder#baseUrl(URI) base URL}; a
   * key is optional. Its failures are classified by the generic rules, and it is named
   * "openai-compatible" unless {@link Builder#name(String) named}.
   */
  public static Builder builder() {
    return new Builder(Preset.GENERIC);
  }

  /**
   * OpenAI at {@code https://api.openai.com/v1}, key sent as {@code Authorization: Bearer}; needs a
   * key.
   */
  public static Builder openAi() {
    return new Builder(Preset.OPENAI);
  }

  /**
   * Azure OpenAI on the resource at {@code resourceBaseUrl} ({@code
   * https://my-resource.openai.azure.com}), with API version {@value #DEFAULT_AZURE_API_VERSION}.
   * The model a call names is the deployment's name, sent in the URL ({@code
   * /openai/deployments/{model}/chat/completions?api-version=…}); the key goes in the {@code
   * api-key} header. Needs a key.
   *
   * @throws IllegalArgumentException if the URL is not one {@link Builder#baseUrl(URI)} accepts
   */
  public static Builder azure(URI resourceBaseUrl) {
    return azure(resourceBaseUrl, DEFAULT_AZURE_API_VERSION);
  }

  /**
   * Azure OpenAI on the resource at {@code resourceBaseUrl}, with {@code apiVersion} (such as
   * "2024-10-21"); see {@link #azure(URI)}.
   *
   * @throws IllegalArgumentException if the URL is not one {@link Builder#baseUrl(URI)} accepts, or
   *     the version is blank
   */
  public static Builder azure(URI resourceBaseUrl, String apiVersion) {
    Objects.requireNonNull(resourceBaseUrl, "resourceBaseUrl");
    return new Builder(Preset.AZURE).baseUrl(resourceBaseUrl).apiVersion(apiVersion);
  }

  /** DeepSeek at {@code https://api.deepseek.com}; needs a key. */
  public static Builder deepSeek() {
    return new Builder(Preset.DEEPSEEK);
  }

  /** Groq at {@code https://api.groq.com/openai/v1}; needs a key. */
  public static Builder groq() {
    return new Builder(Preset.GROQ);
  }

  /** Mistral at {@code https://api.mistral.ai/v1}; needs a key. */
  public static Builder mistral() {
    return new Builder(Preset.MISTRAL);
  }

  /** OpenRouter at {@code https://openrouter.ai/api/v1}; needs a key. */
  public static Builder openRouter() {
    return new Builder(Preset.OPENROUTER);
  }

  /** Together at {@code https://api.together.xyz/v1}; needs a key. */
  public static Builder together() {
    return new Builder(Preset.TOGETHER);
  }

  /** A local Ollama at {@code http://localhost:11434/v1}; no key unless one is set. */
  public static Builder ollama() {
    return new Builder(Preset.OLLAMA);
  }

  /**
   * A vLLM server at {@code baseUrl} (such as {@code http://localhost:8000/v1}); no key unless one
   * is set (vLLM's {@code --api-key}).
   *
   * @throws IllegalArgumentException if the URL is not one {@link Builder#baseUrl(URI)} accepts; a
   *     server on another machine must be reached over https
   */
  public static Builder vllm(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    return new Builder(Preset.VLLM).baseUrl(baseUrl);
  }

  // ---- Provider
  // ------------------------------------------------------------------------------------

  /** The provider's name: the preset's ("openai", "azure", ...) unless another was set. */
  @Override
  public String name() {
    return name;
  }

  /** The kind of service this provider talks to, which decides how its failures are classified. */
  public ProviderType type() {
    return preset.type();
  }

  /** The base URL every request goes under, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code request} or {@code model} is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    checkModel(request, model);
    HttpRequest http;
    try {
      http = request(request, model, false);
    } catch (ProviderException e) {
      return CompletableFuture.failedFuture(e);
    }
    return exchange.run(http, null, raw -> OpenAiResponseParser.parse(raw, name, model, ticker));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Asks for {@code stream: true} with the usage in a last chunk. Non-2xx answers are read whole
   * and classified; a 2xx body that holds no stream at all (an error envelope, or a server that
   * ignored {@code stream}) is read as a whole answer, delivered as one delta.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    checkModel(request, model);
    Objects.requireNonNull(onDelta, "onDelta");
    HttpRequest http;
    try {
      http = request(request, model, true);
    } catch (ProviderException e) {
      return CompletableFuture.failedFuture(e);
    }
    OpenAiStreamParser parser = new OpenAiStreamParser(name, model, classifier, onDelta, ticker);
    return exchange.run(http, parser::feed, parser::finish);
  }

  /** The configured key, or none; the engine scrubs it from every failure it keeps. */
  @Override
  public List<ApiKey> credentials() {
    return apiKey == null ? List.of() : List.of(apiKey);
  }

  /**
   * This family's classifier: the provider type's rules, refined for OpenAI-compatible services.
   */
  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * This provider on the engine's runtime: a copy that reads {@code runtime}'s ticker, times its
   * timeouts on its scheduler and runs its own HTTP client on its executor; a setting given to the
   * builder ({@link Builder#ticker}, {@link Builder#scheduler}, {@link Builder#httpClient}, {@link
   * Builder#executor}) is kept. {@code this} when every one was given.
   */
  @Override
  public OpenAiProvider bind(ProviderRuntime runtime) {
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
    Builder builder = new Builder(preset);
    builder.name = name;
    builder.baseUrl = baseUrl;
    builder.apiKey = apiKey;
    builder.apiVersion = apiVersion;
    builder.headers.putAll(headers);
    builder.timeouts = timeouts;
    builder.maxBodyBytes = maxBodyBytes;
    builder.httpClient = httpClient;
    builder.scheduler = scheduler;
    builder.schedulerSet = schedulerSet;
    builder.ticker = explicitTicker;
    builder.executor = executor;
    return builder;
  }

  /** The name, type and base URL; never the key. */
  @Override
  public String toString() {
    return "OpenAiProvider[" + name + ", " + preset.type().wireName() + ", " + baseUrl + "]";
  }

  // ---- the exchange
  // --------------------------------------------------------------------------------

  private static void checkModel(ChatRequest request, String model) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
  }

  private HttpRequest request(ChatRequest request, String model, boolean stream) {
    if (preset.isAzure() && (model.equals(".") || model.equals(".."))) {
      // The deployment is a path segment; a dot segment would address another path on the resource.
      throw new ProviderException(
          Failure.of(ErrorKind.BAD_REQUEST, "'" + model + "' is not a deployment name"));
    }
    byte[] body = ChatCompletionsRequest.write(request, model, !preset.isAzure(), stream);
    return endpoint.request(model, body, stream);
  }

  // ---- builder
  // -------------------------------------------------------------------------------------

  /**
   * Configures an {@link OpenAiProvider}; start from a preset ({@link #openAi()}, {@link
   * #azure(URI)}, ...) or from {@link #builder()}. Every setter may be called again to replace a
   * preset's value.
   *
   * <p>Setters check their argument at once. Not thread-safe; {@link #build()} copies the settings,
   * so a builder can go on to build other providers.
   */
  public static final class Builder {
    private final Preset preset;
    private String name;
    private URI baseUrl;
    private ApiKey apiKey;
    private String apiVersion;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Timeouts timeouts = Timeouts.defaults();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private HttpClient httpClient;
    private Scheduler scheduler = Scheduler.system();
    private boolean schedulerSet;
    private Ticker ticker;
    private Executor executor;

    private Builder(Preset preset) {
      this.preset = preset;
      this.baseUrl = preset.defaultBaseUrl();
      this.apiVersion = preset.isAzure() ? DEFAULT_AZURE_API_VERSION : null;
    }

    /**
     * Names the provider in traces, metrics and state; the preset's name ("openai", "azure", ...)
     * by default. Give two providers of one preset different names.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name.strip();
      return this;
    }

    /**
     * Sets the base URL requests go under: {@code {baseUrl}/chat/completions} (Azure: the
     * resource's URL); a trailing slash is dropped.
     *
     * @throws IllegalArgumentException if it is not an absolute http or https URL with a host, has
     *     user info, a query or a fragment, or is plain http to a host that is not this machine
     *     ({@code localhost}, 127.0.0.0/8, {@code [::1]}): the key would cross the network in clear
     *     text
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = BaseUrl.check(Objects.requireNonNull(baseUrl, "baseUrl"));
      return this;
    }

    /**
     * Sets the base URL from text; see {@link #baseUrl(URI)}.
     *
     * @throws IllegalArgumentException if it is not a valid absolute http or https URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      try {
        return baseUrl(new URI(baseUrl.strip()));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
      }
    }

    /** Sets the key, sent on every request to the base URL and nowhere else. */
    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets Azure's {@code api-version}; {@value OpenAiProvider#DEFAULT_AZURE_API_VERSION} by
     * default.
     *
     * @throws IllegalStateException if this is not the Azure preset
     * @throws IllegalArgumentException if blank
     */
    public Builder apiVersion(String apiVersion) {
      Objects.requireNonNull(apiVersion, "apiVersion");
      if (!preset.isAzure()) {
        throw new IllegalStateException(
            "apiVersion applies to the azure preset only, not to " + preset.defaultName());
      }
      if (apiVersion.isBlank()) {
        throw new IllegalArgumentException("apiVersion must not be blank");
      }
      this.apiVersion = apiVersion.strip();
      return this;
    }

    /**
     * Sets the connect, first-byte, idle and total timeouts of each call; {@link Timeouts#DEFAULTS}
     * by default.
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * Sets the largest body read, in bytes; 8 MiB by default. A 2xx body over it is cut off as
     * {@code INVALID_RESPONSE}; an error body over it is cut off and classified by what was read.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Adds a static header sent with every request, such as OpenRouter's {@code HTTP-Referer} and
     * {@code X-Title}; a second call with the same name replaces the value.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token, the value has a line
     *     break, the header carries a credential (use {@link #apiKey(ApiKey)}), or the adapter or
     *     HTTP client sets it ({@code Content-Type}, {@code Accept}, {@code Host}, ...)
     */
    public Builder header(String name, String value) {
      BaseUrl.checkHeader(name, value, preset.isAzure() ? "api-key" : "authorization");
      if (name.toLowerCase(Locale.ROOT).equals("accept")) {
        // The adapter asks for JSON or an event stream; another value would get the wrong body
        // back.
        throw new IllegalArgumentException("header " + name + " is set by the adapter");
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /**
     * Uses {@code client} instead of a client of the adapter's own (which follows no redirects and
     * connects within {@link Timeouts#connect()}). The client's own connect timeout, proxy and TLS
     * settings then apply; share one client between providers to share its connection pool.
     *
     * @throws IllegalArgumentException if the client follows redirects: a redirect would replay the
     *     key to whatever host the redirect names
     */
    public Builder httpClient(HttpClient client) {
      Objects.requireNonNull(client, "client");
      if (client.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException(
            "the HttpClient follows redirects ("
                + client.followRedirects()
                + "); it must use "
                + "Redirect.NEVER, or a redirect would send the API key to another host");
      }
      this.httpClient = client;
      return this;
    }

    /**
     * Sets the scheduler that times idle and total timeouts; {@link Scheduler#system()} by default.
     */
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
     * @throws IllegalStateException if no base URL was given (the generic builder), or the preset
     *     needs a key and none was given
     */
    public OpenAiProvider build() {
      String label = name == null ? preset.defaultName() : name;
      if (baseUrl == null) {
        throw new IllegalStateException("provider " + label + " needs a baseUrl");
      }
      if (preset.keyRequired() && apiKey == null) {
        throw new IllegalStateException("provider " + label + " needs an apiKey");
      }
      return new OpenAiProvider(this, baseUrl);
    }
  }
}
