package dev.lifeline.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.time.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fake LLM provider: one HTTP server on {@code 127.0.0.1}, on a free port, speaking one {@link
 * WireFormat}, answering in the provider's documented shapes and playing scripted {@link Fault}s.
 *
 * <p>A healthy answer is deterministic and relates to the prompt: {@code "Answer to: "} and the
 * first 80 characters of the last user message, unless a {@link Script} says otherwise. Requests
 * that set {@code "stream": true} (Gemini: {@code :streamGenerateContent}) get the provider's
 * stream. Every request is {@linkplain #requests() recorded} before its fault plays. OpenAI and
 * Gemini servers also serve their embeddings API ({@code POST /v1/embeddings}; {@code
 * :embedContent}, {@code :batchEmbedContents}): one deterministic unit vector per input, of the
 * dimensions asked for unless {@link Script#embeddingDimensions(Integer)} says otherwise.
 *
 * <pre>{@code
 * try (FakeLlmServer server = FakeLlmServer.start(WireFormat.OPENAI)) {
 *   server.enqueue(Fault.overloaded());                 // the first request gets a 503
 *   server.model("gpt-4o-mini").answerText("Refunded.");
 *   // client.baseUrl(server.baseUrl()) ...
 *   assertThat(server.requestsFor("gpt-4o")).hasSize(2);
 * }
 * }</pre>
 *
 * <p>Thread-safe: scripts and recordings may be read and changed from any thread while requests
 * run. Each exchange runs on its own daemon thread; {@link #close()} releases hung and stalled
 * exchanges and frees the port.
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay} to {@code
 * true}, unless it is already set: the JDK's HTTP server writes the headers and the body of a
 * response separately, and without {@code TCP_NODELAY} every response then waits about 40 ms for a
 * delayed ACK (Nagle's algorithm). The JDK reads the property once, when its first HTTP server
 * starts; a JVM that started one before this class loaded keeps its setting.
 */
public final class FakeLlmServer implements AutoCloseable {

  /** The JDK server's switch for TCP_NODELAY on accepted connections. */
  static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
  }

  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private final String name;
  private final WireFormat wireFormat;
  private final Ticker ticker;
  private final String requiredApiKey;
  private final int port;
  private final AtomicLong sequence;
  private final WireCodec codec;
  private final Waiter waiter;
  private final ReleaseGate gate = new ReleaseGate();
  private final Script serverScript;
  private final Map<String, Script> modelScripts = new ConcurrentHashMap<>();
  private final List<RecordedRequest> recorded = new ArrayList<>();

  private State state = State.NEW;
  private HttpServer http;
  private ExecutorService executor;
  private String origin;

  private FakeLlmServer(Builder builder) {
    this.name =
        builder.name != null ? builder.name : builder.wireFormat.name().toLowerCase(Locale.ROOT);
    this.wireFormat = builder.wireFormat;
    this.ticker = builder.ticker;
    this.requiredApiKey = builder.requiredApiKey;
    this.port = builder.port;
    this.sequence = builder.sequence != null ? builder.sequence : new AtomicLong();
    this.codec = WireCodec.of(wireFormat, new Ids(name));
    this.waiter = Waiter.on(ticker);
    this.serverScript = new Script(ticker);
  }

  /** A builder for a server speaking {@code wireFormat}. */
  public static Builder builder(WireFormat wireFormat) {
    return new Builder(Objects.requireNonNull(wireFormat, "wireFormat"));
  }

  /**
   * A server speaking {@code wireFormat} with default settings, already started.
   *
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static FakeLlmServer start(WireFormat wireFormat) {
    return builder(wireFormat).build().start();
  }

  /**
   * Binds a free port on {@code 127.0.0.1} and starts serving; does nothing if already running.
   *
   * @return this server
   * @throws IllegalStateException if the server was stopped (a stopped server does not restart)
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized FakeLlmServer start() {
    if (state == State.RUNNING) {
      return this;
    }
    if (state == State.STOPPED) {
      throw new IllegalStateException("server " + name + " was stopped; build a new one");
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      executor = Executors.newCachedThreadPool(threadFactory(name));
      server.setExecutor(executor);
      server.createContext("/", new ExchangeHandler(this, codec));
      if (codec instanceof OpenAiCodec chat) {
        // The Responses API beside chat completions, with the same script and faults; also at
        // Azure OpenAI's v1 path, for a provider of the azure preset pointed at this origin.
        ExchangeHandler responses = new ExchangeHandler(this, new ResponsesCodec(chat.ids, chat));
        server.createContext("/v1/responses", responses);
        server.createContext("/openai/v1/responses", responses);
      }
      server.start();
      http = server;
      origin = "http://127.0.0.1:" + server.getAddress().getPort();
      state = State.RUNNING;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start fake "
              + wireFormat
              + " server "
              + name
              + (port == 0 ? "" : " on port " + port)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Stops serving: releases every hung, stalled or delayed exchange (their connections close),
   * closes open connections and frees the port. Idempotent.
   */
  @Override
  public synchronized void close() {
    State previous = state;
    state = State.STOPPED;
    gate.close();
    if (previous != State.RUNNING) {
      return;
    }
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the server is serving. */
  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  /** The server's name (in a fleet, its key; by default the wire format in lower case). */
  public String name() {
    return name;
  }

  /** The wire format it speaks. */
  public WireFormat wireFormat() {
    return wireFormat;
  }

  /**
   * The port it listens on.
   *
   * @throws IllegalStateException if not running
   */
  public int port() {
    return http().getAddress().getPort();
  }

  /**
   * The base URL to give a client: {@code http://127.0.0.1:PORT/v1} for OpenAI, {@code
   * http://127.0.0.1:PORT} for Anthropic and Gemini.
   *
   * @throws IllegalStateException if not running
   */
  public String baseUrl() {
    http();
    return codec.baseUrl(origin);
  }

  /**
   * The full URL of a chat call for {@code model}: {@code .../v1/chat/completions}, {@code
   * .../v1/messages} or {@code .../v1beta/models/MODEL:generateContent}.
   *
   * @throws IllegalStateException if not running
   */
  public String chatUrl(String model) {
    http();
    return codec.chatUrl(origin, Objects.requireNonNull(model, "model"), false);
  }

  /**
   * The full URL of a streamed chat call for {@code model}: the same as {@link #chatUrl} for OpenAI
   * and Anthropic (which stream on {@code "stream": true}); {@code :streamGenerateContent?alt=sse}
   * for Gemini.
   *
   * @throws IllegalStateException if not running
   */
  public String streamUrl(String model) {
    http();
    return codec.chatUrl(origin, Objects.requireNonNull(model, "model"), true);
  }

  // ---- scripting
  // -----------------------------------------------------------------------------------

  /**
   * Lifeline's real adapter for this server's wire format ({@link OpenAiProvider}, {@link
   * AnthropicProvider} or {@link GeminiProvider}), named after the server, pointed at {@link
   * #baseUrl()} and sending the key this server requires, or {@code "sk-test-<name>"} when it
   * requires none.
   *
   * @throws IllegalStateException if the server is not running
   */
  public Provider provider() {
    return provider(requiredApiKey != null ? requiredApiKey : "sk-test-" + name);
  }

  /**
   * As {@link #provider()}, sending {@code apiKey}: a wrong key is answered with the provider's
   * authentication error when the server {@linkplain Builder#requireApiKey requires} another.
   *
   * @throws IllegalStateException if the server is not running
   */
  public Provider provider(String apiKey) {
    return provider(apiKey, Timeouts.defaults());
  }

  /**
   * As {@link #provider(String)}, with {@code timeouts}.
   *
   * @throws IllegalStateException if the server is not running
   */
  public Provider provider(String apiKey, Timeouts timeouts) {
    ApiKey key = ApiKey.of(apiKey);
    String url = baseUrl();
    // Only a clock of the test's own: the system clock would override an engine's virtual one.
    boolean ownClock = ticker != Ticker.system();
    switch (wireFormat) {
      case OPENAI:
        {
          OpenAiProvider.Builder builder =
              OpenAiProvider.openAi().name(name).baseUrl(url).apiKey(key).timeouts(timeouts);
          return (ownClock ? builder.ticker(ticker) : builder).build();
        }
      case ANTHROPIC:
        {
          AnthropicProvider.Builder builder =
              AnthropicProvider.builder().name(name).baseUrl(url).apiKey(key).timeouts(timeouts);
          return (ownClock ? builder.ticker(ticker) : builder).build();
        }
      default:
        {
          GeminiProvider.Builder builder =
              GeminiProvider.builder().name(name).baseUrl(url).apiKey(key).timeouts(timeouts);
          return (ownClock ? builder.ticker(ticker) : builder).build();
        }
    }
  }

  /** The server-wide script, consulted for every request after the model's own. */
  public Script script() {
    return serverScript;
  }

  /** The script for requests naming {@code model}, consulted before the server-wide one. */
  public Script model(String model) {
    Objects.requireNonNull(model, "model");
    return modelScripts.computeIfAbsent(model, unused -> new Script(ticker));
  }

  /** Queues {@code faults} server-wide; see {@link Script#enqueue(Fault...)}. */
  public FakeLlmServer enqueue(Fault... faults) {
    serverScript.enqueue(faults);
    return this;
  }

  /** Plays {@code fault} for every request server-wide; see {@link Script#always(Fault)}. */
  public FakeLlmServer always(Fault fault) {
    serverScript.always(fault);
    return this;
  }

  /** Draws faults from {@code mix} server-wide; see {@link Script#mix(FaultMix)}. */
  public FakeLlmServer mix(FaultMix mix) {
    serverScript.mix(mix);
    return this;
  }

  /** Plays {@code fault} for every request for {@code length}; see {@link Script#outage}. */
  public FakeLlmServer outage(Fault fault, Duration length) {
    serverScript.outage(fault, length);
    return this;
  }

  /** Clears the server-wide faults (queue, steady, outage); see {@link Script#healthy()}. */
  public FakeLlmServer healthy() {
    serverScript.healthy();
    return this;
  }

  /**
   * Back to a fresh state: every script reset, recordings cleared, and every exchange hung, stalled
   * or delayed so far released (its connection closed).
   */
  public FakeLlmServer reset() {
    serverScript.reset();
    modelScripts.values().forEach(Script::reset);
    clear();
    gate.releaseAll();
    return this;
  }

  // ---- recording
  // -----------------------------------------------------------------------------------

  /** Every request received since the start or the last {@link #clear()}, in order of arrival. */
  public List<RecordedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** The recorded requests that named {@code model}. */
  public List<RecordedRequest> requestsFor(String model) {
    Objects.requireNonNull(model, "model");
    synchronized (recorded) {
      return recorded.stream().filter(request -> model.equals(request.model())).toList();
    }
  }

  /** How many requests were recorded. */
  public int requestCount() {
    synchronized (recorded) {
      return recorded.size();
    }
  }

  /** Forgets the recorded requests; scripts are untouched. */
  public FakeLlmServer clear() {
    synchronized (recorded) {
      recorded.clear();
    }
    return this;
  }

  @Override
  public String toString() {
    return "FakeLlmServer["
        + name
        + ", "
        + wireFormat
        + ", "
        + (origin == null ? "not started" : origin)
        + "]";
  }

  // ---- for the exchange handler
  // --------------------------------------------------------------------

  Ticker ticker() {
    return ticker;
  }

  ReleaseGate gate() {
    return gate;
  }

  Waiter waiter() {
    return waiter;
  }

  String requiredApiKey() {
    return requiredApiKey;
  }

  RecordedRequest record(
      String method, String path, Map<String, List<String>> headers, String body, String model) {
    synchronized (recorded) {
      RecordedRequest request =
          new RecordedRequest(
              sequence.incrementAndGet(), name, ticker.now(), method, path, headers, body, model);
      recorded.add(request);
      return request;
    }
  }

  /**
   * The fault for a request naming {@code model}: the model's script, the server's, else healthy.
   */
  Fault resolve(String model) {
    if (model != null) {
      Script script = modelScripts.get(model);
      Fault fault = script == null ? null : script.next();
      if (fault != null) {
        return fault;
      }
    }
    Fault fault = serverScript.next();
    return fault == null ? Fault.healthy() : fault;
  }

  /** An answer setting from the model's script, else the server's, else null. */
  <T> T answerSetting(String model, Function<Script, T> setting) {
    if (model != null) {
      Script script = modelScripts.get(model);
      T value = script == null ? null : setting.apply(script);
      if (value != null) {
        return value;
      }
    }
    return setting.apply(serverScript);
  }

  private synchronized HttpServer http() {
    if (state != State.RUNNING) {
      throw new IllegalStateException("server " + name + " is not running (" + state + ")");
    }
    return http;
  }

  private static ThreadFactory threadFactory(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "fake-llm-" + name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Configures a {@link FakeLlmServer}; mutable and not thread-safe, {@link #build()} copies. */
  public static final class Builder {
    private final WireFormat wireFormat;
    private String name;
    private Ticker ticker = Ticker.system();
    private String requiredApiKey;
    private int port;
    private AtomicLong sequence;

    private Builder(WireFormat wireFormat) {
      this.wireFormat = wireFormat;
    }

    /**
     * The server's name, shown in recordings; by default the wire format in lower case.
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
     * The clock for outage windows, recording times, the dates in reset headers, latency and slow
     * streams, and of the adapters {@link #provider()} hands out; by default the system's. With a
     * {@code VirtualClock} a test ends an outage, a latency or a slow stream's pause with {@code
     * advance} instead of sleeping: an exchange waiting on it waits until the clock is advanced
     * past its wait (or the server stops or is reset).
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Answers every request that does not carry {@code apiKey} (in the wire format's header) with
     * the provider's authentication error, before any script plays; by default any key, or none, is
     * accepted.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder requireApiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      this.requiredApiKey = apiKey;
      return this;
    }

    /**
     * The loopback port to listen on; by default 0, a free port chosen at start.
     *
     * @throws IllegalArgumentException if not in [0, 65535]
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      this.port = port;
      return this;
    }

    /** Shares a sequence counter between the servers of a fleet. */
    Builder sequence(AtomicLong sequence) {
      this.sequence = sequence;
      return this;
    }

    /** A new, not yet started, server. */
    public FakeLlmServer build() {
      return new FakeLlmServer(this);
    }
  }
}
