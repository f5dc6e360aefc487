package dev.lifeline.testkit;

import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link FakeFleet} around JUnit 5 tests, and injects it, or one of its servers, into test
 * and lifecycle method parameters.
 *
 * <p>Registered on a class ({@code @ExtendWith(FakeFleetExtension.class)}, a fleet of three servers
 * named {@code "openai"}, {@code "anthropic"} and {@code "gemini"}) or in a static field
 * ({@code @RegisterExtension static FakeFleetExtension fleet =
 * FakeFleetExtension.builder()...build();}), the fleet starts before the class's first test and
 * stops after its last. Registered in an instance field, it starts before and stops after each
 * test. Between tests every server is {@linkplain FakeLlmServer#reset() reset}: scripts and
 * recordings cleared, hung exchanges released.
 *
 * <pre>{@code
 * class FailoverTest {
 *   @RegisterExtension
 *   static FakeFleetExtension fleet =
 *       FakeFleetExtension.builder().openAi("primary").anthropic("backup").build();
 *
 *   @Test
 *   void failsOver(@FleetServer("primary") FakeLlmServer primary, FakeFleet all) {
 *     primary.always(Fault.overloaded());
 *     // ... call through Lifeline with primary.baseUrl() and fleet.server("backup").baseUrl()
 *     assertThat(all.allRequests()).last().extracting(RecordedRequest::server).isEqualTo("backup");
 *   }
 * }
 * }</pre>
 *
 * <p>A {@link FakeLlmServer} parameter is the server named by {@link FleetServer}, else the only
 * server of the fleet, else the server whose name is the parameter's name (when compiled with
 * {@code -parameters}). A {@link VirtualClock} parameter is the fleet's clock, for a fleet built
 * with {@link Builder#virtualClock()} (each run of the extension gets a fresh one) or given a
 * {@code VirtualClock}: the one clock the servers, the adapters they hand out and the test's engine
 * share. Tests that share one fleet must not run concurrently with each other.
 */
public final class FakeFleetExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private final FakeFleet.Builder configuration;
  private FakeFleet fleet;
  private String owner;

  /** The default fleet: servers {@code "openai"}, {@code "anthropic"} and {@code "gemini"}. */
  public FakeFleetExtension() {
    this(FakeFleet.builder().openAi("openai").anthropic("anthropic").gemini("gemini"));
  }

  private FakeFleetExtension(FakeFleet.Builder configuration) {
    this.configuration = configuration;
  }

  /** A builder for an extension running a fleet of your choosing. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The running fleet.
   *
   * @throws IllegalStateException outside a test's lifecycle, when no fleet runs
   */
  public synchronized FakeFleet fleet() {
    if (fleet == null) {
      throw new IllegalStateException("the fake fleet runs only during tests");
    }
    return fleet;
  }

  /**
   * The running fleet's server named {@code name}.
   *
   * @throws IllegalStateException when no fleet runs
   * @throws IllegalArgumentException if there is no such server
   */
  public FakeLlmServer server(String name) {
    return fleet().server(name);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startIfNone(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!startIfNone(context)) {
      fleet().reset();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!stopIfOwner(context)) {
      fleet().reset();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopIfOwner(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeFleet.class
        || type == FakeLlmServer.class
        || (type == VirtualClock.class && configuration.isVirtual());
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter parameter = parameterContext.getParameter();
    FakeFleet running;
    synchronized (this) {
      if (fleet == null) {
        throw new ParameterResolutionException("the fake fleet is not running for " + parameter);
      }
      running = fleet;
    }
    if (parameter.getType() == FakeFleet.class) {
      return running;
    }
    if (parameter.getType() == VirtualClock.class) {
      return running.virtualClock();
    }
    List<FakeLlmServer> servers = running.servers();
    FleetServer named = parameter.getAnnotation(FleetServer.class);
    try {
      if (named != null) {
        return running.server(named.value());
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
    if (servers.size() == 1) {
      return servers.get(0);
    }
    if (parameter.isNamePresent()) {
      for (FakeLlmServer server : servers) {
        if (server.name().equals(parameter.getName())) {
          return server;
        }
      }
    }
    throw new ParameterResolutionException(
        "cannot tell which fake server "
            + parameter
            + " wants: annotate it with @FleetServer(\"name\"); the fleet has "
            + servers.stream().map(FakeLlmServer::name).toList());
  }

  private synchronized boolean startIfNone(ExtensionContext context) {
    if (fleet != null) {
      return false;
    }
    fleet = configuration.copy().build().start();
    owner = context.getUniqueId();
    return true;
  }

  private synchronized boolean stopIfOwner(ExtensionContext context) {
    if (fleet == null || !context.getUniqueId().equals(owner)) {
      return false;
    }
    fleet.close();
    fleet = null;
    owner = null;
    return true;
  }

  /**
   * Configures a {@link FakeFleetExtension}; mutable and not thread-safe, {@link #build()} copies.
   */
  public static final class Builder {
    private final FakeFleet.Builder fleet = FakeFleet.builder();

    private Builder() {}

    /** Adds an OpenAI-compatible server named {@code name}. */
    public Builder openAi(String name) {
      fleet.openAi(name);
      return this;
    }

    /** Adds an Anthropic server named {@code name}. */
    public Builder anthropic(String name) {
      fleet.anthropic(name);
      return this;
    }

    /** Adds a Gemini server named {@code name}. */
    public Builder gemini(String name) {
      fleet.gemini(name);
      return this;
    }

    /**
     * Adds a server; see {@link FakeFleet.Builder#server(String, WireFormat)}.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if {@code name} was already added
     */
    public Builder server(String name, WireFormat wireFormat) {
      fleet.server(name, wireFormat);
      return this;
    }

    /**
     * Makes server {@code name} refuse requests without {@code apiKey}.
     *
     * @throws IllegalArgumentException if no server {@code name} was added yet, or the key is blank
     */
    public Builder requireApiKey(String name, String apiKey) {
      fleet.requireApiKey(name, apiKey);
      return this;
    }

    /** The clock of every server; see {@link FakeFleet.Builder#ticker(Ticker)}. */
    public Builder ticker(Ticker ticker) {
      fleet.ticker(Objects.requireNonNull(ticker, "ticker"));
      return this;
    }

    /**
     * A fresh {@link VirtualClock} for each fleet the extension runs, injected into {@code
     * VirtualClock} parameters; see {@link FakeFleet.Builder#virtualClock()}.
     */
    public Builder virtualClock() {
      fleet.virtualClock();
      return this;
    }

    /**
     * The extension; each run builds a fresh fleet from a copy of this configuration.
     *
     * @throws IllegalStateException if no server was added
     */
    public FakeFleetExtension build() {
      FakeFleet.Builder copy = fleet.copy();
      copy.build(); // fail fast on an empty fleet; servers are only bound by start()
      return new FakeFleetExtension(copy);
    }
  }
}
