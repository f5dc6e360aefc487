package dev.lifeline.testkit;

import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Several {@link FakeLlmServer}s that start and stop together, each under a name: a provider fleet
 * for failover tests.
 *
 * <pre>{@code
 * try (FakeFleet fleet =
 *     FakeFleet.builder().openAi("openai").anthropic("anthropic").build().start()) {
 *   fleet.server("openai").always(Fault.overloaded());
 *   // ... run the engine against the servers' baseUrl()s
 *   assertThat(fleet.allRequests()).extracting(RecordedRequest::server)
 *       .containsExactly("openai", "openai", "anthropic");
 * }
 * }</pre>
 *
 * <p>The servers share one arrival counter, so {@link RecordedRequest#sequence()} orders requests
 * across the whole fleet, and one clock ({@link #ticker()}): their outage windows, latencies, slow
 * streams, recording times and rate-limit reset dates, and the adapters {@link #ladder} and {@link
 * FakeLlmServer#provider()} hand out, all read it. Built with {@link Builder#virtualClock()}, that
 * clock is a {@link VirtualClock}: give it to the engine too ({@code
 * .ticker(clock).scheduler(clock)}) and a Retry-After, a cooldown or a latency plays out when the
 * test advances it, without sleeping. Thread-safe.
 */
public final class FakeFleet implements AutoCloseable {

  private final Map<String, FakeLlmServer> servers;
  private final Ticker ticker;

  private FakeFleet(Map<String, FakeLlmServer> servers, Ticker ticker) {
    this.servers = servers;
    this.ticker = ticker;
  }

  /** A builder for an empty fleet. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts every server; does nothing for those already running.
   *
   * @return this fleet
   * @throws IllegalStateException if the fleet was stopped
   * @throws java.io.UncheckedIOException if a port cannot be bound (the servers started are
   *     stopped)
   */
  public FakeFleet start() {
    try {
      servers.values().forEach(FakeLlmServer::start);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** Stops every server; idempotent. */
  @Override
  public void close() {
    servers.values().forEach(FakeLlmServer::close);
  }

  /** Whether every server is running. */
  public boolean isRunning() {
    return servers.values().stream().allMatch(FakeLlmServer::isRunning);
  }

  /**
   * The server named {@code name}.
   *
   * @throws IllegalArgumentException if there is none, listing the names there are
   */
  public FakeLlmServer server(String name) {
    FakeLlmServer server = servers.get(Objects.requireNonNull(name, "name"));
    if (server == null) {
      throw new IllegalArgumentException(
          "no fake server named '" + name + "'; the fleet has " + servers.keySet());
    }
    return server;
  }

  /**
   * A ladder of the server named {@code name} with {@code models} in order, over its {@linkplain
   * FakeLlmServer#provider() provider}: {@code engine.provider(fleet.ladder("openai", "gpt-4o",
   * "gpt-4o-mini"))}.
   *
   * @throws IllegalArgumentException if no server has that name, or no model is given
   * @throws IllegalStateException if the fleet is not running
   */
  public ProviderLadder ladder(String name, String... models) {
    if (models.length == 0) {
      throw new IllegalArgumentException("a ladder needs at least one model");
    }
    return ProviderLadder.of(server(name).provider()).models(models);
  }

  /** The clock every server of this fleet, and every adapter it hands out, reads. */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * The fleet's clock as the {@link VirtualClock} it is, for a test to {@code advance}.
   *
   * @throws IllegalStateException if the fleet runs on another clock (build it with {@link
   *     Builder#virtualClock()} or give {@link Builder#ticker} a {@code VirtualClock})
   */
  public VirtualClock virtualClock() {
    if (ticker instanceof VirtualClock clock) {
      return clock;
    }
    throw new IllegalStateException(
        "this fleet runs on " + ticker + ", not a VirtualClock; build it with virtualClock()");
  }

  /** Every server, in the order they were added. */
  public List<FakeLlmServer> servers() {
    return List.copyOf(servers.values());
  }

  /** Every request any server recorded, in order of arrival across the fleet. */
  public List<RecordedRequest> allRequests() {
    List<RecordedRequest> all = new ArrayList<>();
    servers.values().forEach(server -> all.addAll(server.requests()));
    all.sort(Comparator.comparingLong(RecordedRequest::sequence));
    return List.copyOf(all);
  }

  /**
   * Resets every server: scripts, recordings, hung exchanges (see {@link FakeLlmServer#reset()}).
   */
  public FakeFleet reset() {
    servers.values().forEach(FakeLlmServer::reset);
    return this;
  }

  /** Forgets every server's recorded requests; scripts are untouched. */
  public FakeFleet clear() {
    servers.values().forEach(FakeLlmServer::clear);
    return this;
  }

  @Override
  public String toString() {
    return "FakeFleet" + servers.values();
  }

  /** Configures a {@link FakeFleet}; mutable and not thread-safe, {@link #build()} copies. */
  public static final class Builder {
    private final Map<String, WireFormat> formats = new LinkedHashMap<>();
    private final Map<String, String> apiKeys = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private Ticker ticker = Ticker.system();
    private boolean freshVirtualClock;

    private Builder() {}

    /** Adds an OpenAI-compatible server named {@code name}. */
    public Builder openAi(String name) {
      return server(name, WireFormat.OPENAI);
    }

    /** Adds an Anthropic server named {@code name}. */
    public Builder anthropic(String name) {
      return server(name, WireFormat.ANTHROPIC);
    }

    /** Adds a Gemini server named {@code name}. */
    public Builder gemini(String name) {
      return server(name, WireFormat.GEMINI);
    }

    /**
     * Adds a server named {@code name} speaking {@code wireFormat}.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if {@code name} was already added, naming its wire format
     */
    public Builder server(String name, WireFormat wireFormat) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(wireFormat, "wireFormat");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      WireFormat earlier = formats.putIfAbsent(name, wireFormat);
      if (earlier != null) {
        throw new IllegalStateException(
            "server name '" + name + "' was already added as " + earlier);
      }
      return this;
    }

    /**
     * Makes server {@code name} listen on {@code port}; see {@link
     * FakeLlmServer.Builder#port(int)}.
     *
     * @throws IllegalArgumentException if no server {@code name} was added yet, or the port is not
     *     in [0, 65535]
     */
    public Builder port(String name, int port) {
      if (!formats.containsKey(Objects.requireNonNull(name, "name"))) {
        throw new IllegalArgumentException(
            "no server named '" + name + "' added yet; have " + formats.keySet());
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      ports.put(name, port);
      return this;
    }

    /**
     * Makes server {@code name} refuse requests without {@code apiKey}; see {@link
     * FakeLlmServer.Builder#requireApiKey(String)}.
     *
     * @throws IllegalArgumentException if no server {@code name} was added yet, or the key is blank
     */
    public Builder requireApiKey(String name, String apiKey) {
      if (!formats.containsKey(Objects.requireNonNull(name, "name"))) {
        throw new IllegalArgumentException(
            "no server named '" + name + "' added yet; have " + formats.keySet());
      }
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      apiKeys.put(name, apiKey);
      return this;
    }

    /**
     * The clock of every server and of the adapters the fleet hands out (see {@link
     * FakeLlmServer.Builder#ticker}); by default the system's. Replaces {@link #virtualClock()}.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.freshVirtualClock = false;
      return this;
    }

    /**
     * Runs each fleet built on a {@link VirtualClock} of its own, made at {@link #build()} (at the
     * clock's fixed origin), which {@link FakeFleet#virtualClock()} returns. Replaces {@link
     * #ticker}.
     */
    public Builder virtualClock() {
      this.freshVirtualClock = true;
      this.ticker = Ticker.system();
      return this;
    }

    /**
     * A new fleet of new, not yet started, servers.
     *
     * @throws IllegalStateException if no server was added
     */
    public FakeFleet build() {
      if (formats.isEmpty()) {
        throw new IllegalStateException(
            "a fleet needs at least one server; call openAi(name) or similar");
      }
      Ticker clock = freshVirtualClock ? new VirtualClock() : ticker;
      java.util.concurrent.atomic.AtomicLong sequence =
          new java.util.concurrent.atomic.AtomicLong();
      Map<String, FakeLlmServer> servers = new LinkedHashMap<>();
      formats.forEach(
          (name, format) -> {
            FakeLlmServer.Builder server =
                FakeLlmServer.builder(format).name(name).ticker(clock).sequence(sequence);
            String key = apiKeys.get(name);
            if (key != null) {
              server.requireApiKey(key);
            }
            server.port(ports.getOrDefault(name, 0));
            servers.put(name, server.build());
          });
      return new FakeFleet(java.util.Collections.unmodifiableMap(servers), clock);
    }

    /** Whether fleets built run on a virtual clock. */
    boolean isVirtual() {
      return freshVirtualClock || ticker instanceof VirtualClock;
    }

    /** A copy of this builder, so that one configuration can build many fleets. */
    Builder copy() {
      Builder copy = new Builder();
      copy.formats.putAll(formats);
      copy.apiKeys.putAll(apiKeys);
      copy.ports.putAll(ports);
      copy.ticker = ticker;
      copy.freshVirtualClock = freshVirtualClock;
      return copy;
    }
  }
}
