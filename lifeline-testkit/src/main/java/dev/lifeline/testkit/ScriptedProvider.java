package dev.lifeline.testkit;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link Provider} that answers in process, from a {@link Script} of {@link Fault}s, without
 * HTTP: for fast unit tests of code that runs an engine.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * ScriptedProvider alpha = ScriptedProvider.builder("alpha").clock(clock).build();
 * alpha.enqueue(Fault.rateLimited(Duration.ofSeconds(30)), Fault.overloaded());
 * SelfHealingEngine engine = SelfHealingEngine.builder()
 *     .provider(alpha, "alpha-model").ticker(clock).scheduler(clock).build();
 * }</pre>
 *
 * <p>A fault plays as it would over HTTP: an error is the {@linkplain #wireFormat() wire format}'s
 * real response (status, body from the failure corpus, headers), classified by Lifeline's own
 * classifier into the {@link ProviderException} an adapter would throw; a dropped connection is a
 * network failure; a {@link Fault#hang()} never completes (until cancelled, or {@link #reset()});
 * latencies and slow streams wait on the provider's clock. A healthy answer is {@code "Answer to:
 * "} and the start of the last user message, unless the script says otherwise (text, JSON, or a
 * tool call when the request offers that tool). A raw 2xx ({@link Fault#status(int, String, Map)})
 * answers with its body as text.
 *
 * <p>The clock is the one given to the builder, else that of the engine that last {@linkplain
 * #bind(ProviderRuntime) bound} the provider, else the system's. Thread-safe; calls are {@linkplain
 * #calls() recorded}.
 */
public final class ScriptedProvider implements Provider {

  /**
   * One call the provider received.
   *
   * @param model the model asked for
   * @param request the request
   * @param at when it arrived, on the provider's clock
   * @param stream whether it was a streaming call
   */
  public record Call(String model, ChatRequest request, Instant at, boolean stream) {}

  private final String name;
  private final WireFormat wireFormat;
  private final List<ApiKey> credentials;
  private final int contextWindow;
  private final BindableClock clock;
  private final WireCodec codec;
  private final ErrorClassifier classifier;
  private final Script serverScript;
  private final Map<String, Script> modelScripts = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Set<CompletableFuture<ChatResponse>> hung = ConcurrentHashMap.newKeySet();

  private ScriptedProvider(Builder builder) {
    this.name = builder.name;
    this.wireFormat = builder.wireFormat;
    this.credentials = List.copyOf(builder.credentials);
    this.contextWindow = builder.contextWindow;
    this.clock =
        builder.clock != null
            ? new BindableClock(builder.clock, builder.clock, true)
            : new BindableClock(Ticker.system(), Scheduler.system(), false);
    this.codec = WireCodec.of(wireFormat, new Ids(name));
    this.classifier = ErrorClassifier.forProvider(providerType(wireFormat), clock);
    this.serverScript = new Script(clock);
  }

  /**
   * A builder for a provider named {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder builder(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return new Builder(name);
  }

  /** A healthy provider named {@code name} on the engine's clock. */
  public static ScriptedProvider named(String name) {
    return builder(name).build();
  }

  @Override
  public String name() {
    return name;
  }

  /** The provider whose errors this one plays. */
  public WireFormat wireFormat() {
    return wireFormat;
  }

  @Override
  public List<ApiKey> credentials() {
    return credentials;
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * This provider, on the engine's clock unless its builder was given one; the script and the
   * recordings stay shared with the test that holds it (it returns itself).
   */
  @Override
  public Provider bind(ProviderRuntime runtime) {
    clock.adopt(runtime.ticker(), runtime.scheduler());
    return this;
  }

  // ---- scripting
  // -----------------------------------------------------------------------------------

  /** The provider-wide script, consulted for every call after the model's own. */
  public Script script() {
    return serverScript;
  }

  /** The script for calls to {@code model}, consulted before the provider-wide one. */
  public Script model(String model) {
    Objects.requireNonNull(model, "model");
    return modelScripts.computeIfAbsent(model, unused -> new Script(clock));
  }

  /** Queues {@code faults} provider-wide; see {@link Script#enqueue(Fault...)}. */
  public ScriptedProvider enqueue(Fault... faults) {
    serverScript.enqueue(faults);
    return this;
  }

  /** Plays {@code fault} for every call; see {@link Script#always(Fault)}. */
  public ScriptedProvider always(Fault fault) {
    serverScript.always(fault);
    return this;
  }

  /** Plays {@code fault} for every call for {@code length}; see {@link Script#outage}. */
  public ScriptedProvider outage(Fault fault, Duration length) {
    serverScript.outage(fault, length);
    return this;
  }

  /** Clears the provider-wide faults; see {@link Script#healthy()}. */
  public ScriptedProvider healthy() {
    serverScript.healthy();
    return this;
  }

  /**
   * Back to a fresh state: every script reset, recordings cleared, and every hung call failed as a
   * dropped connection would fail it.
   */
  public ScriptedProvider reset() {
    serverScript.reset();
    modelScripts.values().forEach(Script::reset);
    synchronized (calls) {
      calls.clear();
    }
    Failure dropped = classifier.classify(new SocketException("Connection reset"));
    for (CompletableFuture<ChatResponse> call : List.copyOf(hung)) {
      call.completeExceptionally(new ProviderException(dropped));
    }
    hung.clear();
    return this;
  }

  /** Every call received since the start or the last reset, in order. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** How many calls were received. */
  public int callCount() {
    synchronized (calls) {
      return calls.size();
    }
  }

  // ---- calls
  // ---------------------------------------------------------------------------------------

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    return call(request, model, null);
  }

  @Override
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, String model, Consumer<String> onDelta) {
    return call(request, model, Objects.requireNonNull(onDelta, "onDelta"));
  }

  private CompletableFuture<ChatResponse> call(
      ChatRequest request, String model, Consumer<String> onDelta) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(model, "model");
    synchronized (calls) {
      calls.add(new Call(model, request, clock.now(), onDelta != null));
    }
    // As a provider does, a prompt over the window is refused before any model (or script) runs.
    Fault fault =
        contextWindow > 0 && request.estimatedPromptTokens() > contextWindow
            ? Fault.contextLengthExceeded()
            : resolve(model);
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    ScriptedPlay play =
        new ScriptedPlay(this, fault, request, model, parsed(request, model, onDelta), onDelta);
    after(fault.latency().draw(), () -> play.run(future));
    return future;
  }

  // ---- for ScriptedPlay
  // ----------------------------------------------------------------------------

  /** Runs {@code task} after {@code delay} on the clock, or now when there is no delay. */
  void after(Duration delay, Runnable task) {
    if (delay.isZero() || delay.isNegative()) {
      task.run();
    } else {
      clock.schedule(task, delay);
    }
  }

  void hang(CompletableFuture<ChatResponse> future) {
    hung.add(future);
    future.whenComplete((answer, error) -> hung.remove(future));
  }

  WireCodec codec() {
    return codec;
  }

  Instant now() {
    return clock.now();
  }

  /** The failure a real adapter would report for {@code reply}, or null for a sound 2xx. */
  Failure classify(HttpReply reply) {
    Map<String, String> headers = reply.headers();
    RawResponse raw =
        RawResponse.of(reply.status(), headers, new String(reply.body(), StandardCharsets.UTF_8));
    return classifier.classify(raw).orElse(null);
  }

  Failure classify(IOException dropped) {
    return classifier.classify(dropped);
  }

  Failure invalidResponse(String why) {
    return Failure.builder(ErrorKind.INVALID_RESPONSE).status(200).message(why).build();
  }

  <T> T answerSetting(String model, java.util.function.Function<Script, T> setting) {
    Script script = modelScripts.get(model);
    T value = script == null ? null : setting.apply(script);
    return value != null ? value : setting.apply(serverScript);
  }

  private Fault resolve(String model) {
    Script script = modelScripts.get(model);
    Fault fault = script == null ? null : script.next();
    if (fault == null) {
      fault = serverScript.next();
    }
    return fault == null ? Fault.healthy() : fault;
  }

  private static ParsedRequest parsed(ChatRequest request, String model, Consumer<String> onDelta) {
    int chars = 0;
    for (dev.lifeline.model.Message message : request.messages()) {
      chars += message.content() == null ? 0 : message.content().length();
    }
    return new ParsedRequest(
        model,
        request.lastUserText(),
        onDelta != null,
        true,
        request.tools().stream().map(dev.lifeline.model.Tool::name).toList(),
        request.responseFormat().type() != dev.lifeline.model.ResponseFormat.Type.TEXT,
        false,
        chars);
  }

  private static ProviderType providerType(WireFormat format) {
    switch (format) {
      case ANTHROPIC:
        return ProviderType.ANTHROPIC;
      case GEMINI:
        return ProviderType.GEMINI;
      default:
        return ProviderType.OPENAI;
    }
  }

  @Override
  public String toString() {
    return "ScriptedProvider[" + name + ", " + wireFormat + "]";
  }

  /** Configures a {@link ScriptedProvider}; mutable and not thread-safe. */
  public static final class Builder {
    private final String name;
    private WireFormat wireFormat = WireFormat.OPENAI;
    private final List<ApiKey> credentials = new ArrayList<>();
    private int contextWindow;
    private VirtualClock clock;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * The provider whose errors, with their real bodies and headers, and classification it plays;
     * OpenAI by default.
     */
    public Builder wireFormat(WireFormat wireFormat) {
      this.wireFormat = Objects.requireNonNull(wireFormat, "wireFormat");
      return this;
    }

    /**
     * A key the provider reports as its {@linkplain Provider#credentials() credentials}, so the
     * engine scrubs it from what it keeps.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder apiKey(String apiKey) {
      credentials.add(ApiKey.of(Objects.requireNonNull(apiKey, "apiKey")));
      return this;
    }

    /**
     * Refuses every request whose {@linkplain ChatRequest#estimatedPromptTokens() estimated prompt}
     * is over {@code tokens} with the wire format's context-length error, before the script plays;
     * no limit by default.
     *
     * @throws IllegalArgumentException if {@code tokens} is not positive
     */
    public Builder contextWindow(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("tokens must be >= 1 but was " + tokens);
      }
      this.contextWindow = tokens;
      return this;
    }

    /**
     * The clock its latencies, slow streams, outages and recordings run on, whatever engine binds
     * it; by default the binding engine's (the system's before any binds).
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A new provider. */
    public ScriptedProvider build() {
      return new ScriptedProvider(this);
    }
  }
}
