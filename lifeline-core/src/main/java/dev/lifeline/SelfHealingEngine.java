package dev.lifeline;

import dev.lifeline.config.ConfigException;
import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.internal.config.ConfigLoader;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.learning.Playbook;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.RemedyRule;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.routing.RoutingRule;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import dev.lifeline.validation.ResponseValidator;
import dev.lifeline.validation.Validators;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Turns one LLM call into a cascade that ends with an answer whenever any configured model can give
 * one: L1 retry with backoff and the provider's Retry-After, L2 degrade to the provider's next
 * model, L3 fail over to the next provider, all within one deadline.
 *
 * <p>Configure once with {@link #builder()}; the engine is immutable and thread-safe, and one
 * instance serves any number of concurrent calls. Every call ends with a {@link ChatResponse} whose
 * {@link ChatResponse#trace() trace} lists every attempt, or with a {@link LifelineException} that
 * carries the same trace.
 *
 * <pre>{@code
 * SelfHealingEngine engine = SelfHealingEngine.builder()
 *     .provider(ProviderLadder.of(openAi).models("gpt-4o", "gpt-4o-mini"))
 *     .provider(ProviderLadder.of(anthropic).models("claude-sonnet-4-20250514"))
 *     .build();
 * ChatResponse answer = engine.call("Process this customer refund request");
 * }</pre>
 *
 * <h2>Threads and closing</h2>
 *
 * <p>Each engine owns a few daemon threads, {@code lifeline-worker-N} (one per core, at least two),
 * and each HTTP provider it uses reads answers on an I/O thread of its own ({@code
 * lifeline-http-N}, started on first use). A blocking {@link #call} goes on with each attempt's
 * answer on its own thread; an asynchronous call ({@link #callAsync}, {@link #stream}) on the
 * workers, which also run every task the scheduler fires. With the default {@link
 * Scheduler#system()} the shared timer thread only hands fired tasks (a retry's next attempt, an
 * HTTP timeout, and so the listeners and the caller's dependent stages they complete) to these
 * workers; a scheduler set with {@link Builder#scheduler(Scheduler)} (such as {@link
 * dev.lifeline.time.VirtualClock}) runs its tasks where it runs them, so a test stays
 * deterministic. Listeners run on the workers or the caller's thread, streaming consumers on an I/O
 * thread: they must not block, and must not wait for another call of the same engine.
 *
 * <p>When built, the engine {@linkplain Provider#bind(ProviderRuntime) binds} every provider to its
 * clock, scheduler and workers, and uses the bound copies. {@link #close()} closes the copies it
 * made, then stops the workers; a call after that throws {@link IllegalStateException}.
 */
public final class SelfHealingEngine implements AutoCloseable {

  private final EngineAssembly assembly;
  private final CascadeSettings settings;
  private final CallPlanner planner;
  private final EmbeddingCalls embeddings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SelfHealingEngine(Builder builder) {
    this.assembly = EngineAssembly.of(builder.spec);
    this.settings = assembly.settings();
    this.planner = assembly.planner();
    try {
      this.embeddings = EmbeddingCalls.of(builder.spec.embeddings, builder.spec.ladders, assembly);
    } catch (RuntimeException e) {
      assembly.close();
      throw e;
    }
  }

  /**
   * Closes the engine: drains its write-behind queue to the state store (at most 5 s), closes the
   * provider copies it bound (their HTTP clients), then its worker threads, waiting a bounded time
   * (about two seconds) for queued work. Calls still in flight may fail. Idempotent; a call after
   * close throws {@link IllegalStateException}. Providers the user built and the state store stay
   * the user's to close.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      assembly.close();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the engine is closed; build a new one");
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An engine configured by the YAML (or JSON) file at {@code path}, with secrets such as {@code
   * ${OPENAI_API_KEY}} taken from the environment. The format is the one of the README's
   * "Configuration" section.
   *
   * @throws ConfigException naming the file and line of the first problem
   */
  public static SelfHealingEngine fromConfig(Path path) {
    return builderFromConfig(path, System::getenv).build();
  }

  /**
   * A builder filled from the configuration file at {@code path}, with {@code ${VAR}} taken from
   * {@code environment}; add listeners, validators or a clock before {@code build()}.
   *
   * @throws ConfigException naming the file and line of the first problem
   */
  public static Builder builderFromConfig(Path path, Function<String, String> environment) {
    return ConfiguredBuilder.of(ConfigLoader.read(path, environment));
  }

  /**
   * A builder filled from configuration {@code text} in the file's format (JSON, or YAML), as
   * {@link #builderFromConfig(Path, Function)} reads it from a file; {@code source} names it in
   * errors (a name ending in {@code .json} reads JSON). For frameworks that hold the configuration
   * themselves, such as Spring Boot's {@code lifeline.*} properties.
   *
   * @throws ConfigException naming {@code source} and the line of the first problem
   */
  public static Builder builderFromConfigText(
      String source, String text, Function<String, String> environment) {
    return ConfiguredBuilder.of(ConfigLoader.parseLoaded(source, text, environment));
  }

  /** Asks {@code prompt} as one user message, with the engine's default strategy. */
  public ChatResponse call(String prompt) {
    return call(ChatRequest.of(prompt), CallOptions.defaults());
  }

  /** Sends {@code request} with the engine's defaults. */
  public ChatResponse call(ChatRequest request) {
    return call(request, CallOptions.defaults());
  }

  /**
   * Sends {@code request} through the cascade and waits for the outcome.
   *
   * @return the answer, with the trace of every attempt
   * @throws AllAttemptsFailedException if every deployment the cascade could try failed
   * @throws BadRequestException if the request itself was rejected
   * @throws DeadlineExceededException if the deadline passed, or left no time for the next step
   * @throws CallCancelledException if the calling thread was interrupted; the call is cancelled and
   *     the thread's interrupt flag is set again
   * @throws IllegalStateException if the engine is {@linkplain #close() closed}
   */
  public ChatResponse call(ChatRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    checkOpen();
    return CascadeCall.startBlocking(settings, planner.spec(request, options, null)).await();
  }

  /** Sends {@code request} with the engine's defaults, without blocking. */
  public CompletableFuture<ChatResponse> callAsync(ChatRequest request) {
    return callAsync(request, CallOptions.defaults());
  }

  /**
   * Sends {@code request} through the cascade without blocking.
   *
   * <p>The future completes with the answer or exceptionally with a {@link LifelineException}.
   * Cancelling it cancels the attempt in flight and any pending wait, and records nothing against
   * the provider.
   *
   * @throws IllegalStateException if the engine is {@linkplain #close() closed}
   */
  public CompletableFuture<ChatResponse> callAsync(ChatRequest request, CallOptions options) {
    return start(request, options, null).future();
  }

  /**
   * Streams the answer to {@code request} with the engine's defaults; see {@link
   * #stream(ChatRequest, CallOptions, Consumer)}.
   */
  public CompletableFuture<ChatResponse> stream(ChatRequest request, Consumer<String> onDelta) {
    return stream(request, CallOptions.defaults(), onDelta);
  }

  /**
   * Sends {@code request} through the cascade, streaming: text deltas of the answering deployment
   * go to {@code onDelta} as they arrive, and the future completes with the whole answer.
   *
   * <p>The cascade retries, degrades and fails over as for {@link #callAsync}. A stream that breaks
   * after text reached {@code onDelta} goes on elsewhere: the next attempt is sent the conversation
   * and the partial answer, and only what extends the caller's text reaches {@code onDelta} (a
   * repeated span is trimmed), so the deltas make one answer; the future's answer is that whole
   * text, validated whole, and its trace notes the break and the continuation. For a restart, or to
   * see the join, use {@link #streamEvents} or {@link #publisher}.
   *
   * @param onDelta receives text in order; called on a provider thread, so it must not block
   */
  public CompletableFuture<ChatResponse> stream(
      ChatRequest request, CallOptions options, Consumer<String> onDelta) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(onDelta, "onDelta");
    return start(request, options, onDelta).future();
  }

  /**
   * Streams the answer to {@code request} as events, with the engine's defaults; see {@link
   * #streamEvents(ChatRequest, CallOptions, OnStreamBreak)}.
   */
  public ChatStream streamEvents(ChatRequest request) {
    return streamEvents(request, CallOptions.defaults(), OnStreamBreak.CONTINUE);
  }

  /**
   * Sends {@code request} through the cascade, streaming, and returns its events as a blocking
   * iterator: text deltas, a {@link StreamEvent.Continued} or {@link StreamEvent.Reset} where a
   * broken stream went on elsewhere, each tool call whole, and last the validated answer with its
   * trace ({@link StreamEvent.Completed}) or the error ({@link StreamEvent.Failed}). Closing it
   * cancels the call.
   *
   * @param onBreak how a stream broken after text reached the caller goes on
   * @throws IllegalStateException if the engine is {@linkplain #close() closed}
   */
  public ChatStream streamEvents(ChatRequest request, CallOptions options, OnStreamBreak onBreak) {
    Objects.requireNonNull(onBreak, "onBreak");
    StreamEventQueue events = new StreamEventQueue(StreamEventQueue.DEFAULT_CAPACITY);
    return new ChatStream(events, startEvents(request, options, onBreak, events::offer));
  }

  /**
   * The answer to {@code request} as a publisher of events, with the engine's defaults; see {@link
   * #publisher(ChatRequest, CallOptions, OnStreamBreak)}.
   */
  public Flow.Publisher<StreamEvent> publisher(ChatRequest request) {
    return publisher(request, CallOptions.defaults(), OnStreamBreak.CONTINUE);
  }

  /**
   * The answer to {@code request} as a {@link Flow.Publisher} of the events {@link
   * #streamEvents(ChatRequest, CallOptions, OnStreamBreak)} gives: each subscription starts one
   * call. Demand is honoured (events wait for it, text coalescing once 256 wait, so the provider
   * never waits); the last event is {@code Completed} or {@code Failed}, then {@code onComplete}.
   * Cancelling the subscription cancels the call and the attempt in flight. Subscribing to a closed
   * engine signals {@code onError}.
   *
   * @param onBreak how a stream broken after text reached the caller goes on
   */
  public Flow.Publisher<StreamEvent> publisher(
      ChatRequest request, CallOptions options, OnStreamBreak onBreak) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(onBreak, "onBreak");
    return new EventPublisher(events -> startEvents(request, options, onBreak, events));
  }

  private CompletableFuture<ChatResponse> startEvents(
      ChatRequest request, CallOptions options, OnStreamBreak onBreak, StreamSink.Events events) {
    StreamSink sink = new StreamSink(events, onBreak);
    CompletableFuture<ChatResponse> future = start(request, options, sink).future();
    future.whenComplete(sink::end);
    return future;
  }

  /** Starts a call; {@code onDelta} is null unless it streams. */
  private CascadeCall start(ChatRequest request, CallOptions options, Consumer<String> onDelta) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    checkOpen();
    return CascadeCall.start(settings, planner.spec(request, options, onDelta));
  }

  /**
   * Embeds {@code request} with the engine's defaults; see {@link #embed(EmbeddingRequest,
   * CallOptions)}.
   */
  public EmbeddingResponse embed(EmbeddingRequest request) {
    return embed(request, CallOptions.defaults());
  }

  /**
   * Embeds {@code request} through the cascade and waits for the vectors: the same retries
   * (backoff, Retry-After), failover, health, retry budget, deadline and learning as a chat call,
   * between the deployments of one {@link EmbeddingLadder} only, the one of the dimensions the
   * request asks for (the first ladder when it asks for none). A 200 with no vectors, a vector
   * count other than the inputs', or vectors of other dimensions than the ladder's, or holding a
   * NaN or an infinite value, fails that attempt ({@code VALIDATION_FAILED}) and the call moves on.
   * The options' deadline and strategy apply; their validators and best effort do not.
   *
   * @return one vector per input, with the trace of every attempt
   * @throws AllAttemptsFailedException if every deployment of the ladder failed
   * @throws BadRequestException if the request itself was rejected
   * @throws DeadlineExceededException if the deadline passed, or left no time for the next step
   * @throws CallCancelledException if the calling thread was interrupted
   * @throws IllegalArgumentException if no ladder has the dimensions the request asks for
   * @throws IllegalStateException if the engine has no embedding ladder, or is {@linkplain #close()
   *     closed}
   */
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    checkOpen();
    return embeddings.embed(request, options);
  }

  /** Embeds {@code request} with the engine's defaults, without blocking. */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    return embedAsync(request, CallOptions.defaults());
  }

  /**
   * Embeds {@code request} through the cascade without blocking, as {@link #embed(EmbeddingRequest,
   * CallOptions)}: the future completes with the vectors or exceptionally with a {@link
   * LifelineException} carrying the trace. Cancelling it cancels the attempt in flight and any
   * pending wait.
   *
   * @throws IllegalArgumentException if no ladder has the dimensions the request asks for
   * @throws IllegalStateException if the engine has no embedding ladder, or is closed
   */
  public CompletableFuture<EmbeddingResponse> embedAsync(
      EmbeddingRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    checkOpen();
    return embeddings.embedAsync(request, options);
  }

  /** The embedding ladders, in the order they were added; empty when none. */
  public List<EmbeddingLadder> embeddingLadders() {
    return embeddings.ladders();
  }

  /**
   * What the engine knows of each deployment's health: error rate, latency percentiles, circuit,
   * cooldown.
   */
  public List<DeploymentHealth> health() {
    return settings.health().snapshot();
  }

  /**
   * The tokens left now in the retry budget that all calls share, each worth one extra attempt (a
   * retry, a degrade or a failover); empty when the budget is off ({@link
   * dev.lifeline.health.RetryBudgetSettings#enabled()}). For gauges and dashboards.
   */
  public OptionalDouble retryBudget() {
    return settings.budget().isEnabled()
        ? OptionalDouble.of(settings.budget().tokens())
        : OptionalDouble.empty();
  }

  /**
   * What the engine learned from its failures (L4): the entries it holds and the hints it gives.
   * Clear it with {@link Playbook#clear()}.
   */
  public Playbook playbook() {
    return settings.playbook();
  }

  /** The routing mode. */
  public RoutingMode routing() {
    return settings.routing();
  }

  /** Every deployment, in cascade order. */
  public List<Deployment> deployments() {
    return planner.plan(FallbackStrategy.CASCADE);
  }

  /** The default strategy. */
  public FallbackStrategy strategy() {
    return planner.strategy();
  }

  /** The default deadline of a call. */
  public Duration deadline() {
    return planner.deadline();
  }

  /** The attempt timeout. */
  public AttemptTimeout attemptTimeout() {
    return settings.attemptTimeout();
  }

  /** The retry policy. */
  public RetryPolicy retryPolicy() {
    return settings.retryPolicy();
  }

  @Override
  public String toString() {
    return "SelfHealingEngine{providers="
        + assembly.ladders()
        + ", strategy="
        + planner.strategy()
        + ", deadline="
        + planner.deadline()
        + '}';
  }

  /**
   * Builds a {@link SelfHealingEngine}. Mutable and not thread-safe; {@link #build()} copies what
   * it needs, so a builder can be reused.
   */
  public static final class Builder {
    /** The settings collected so far, with their defaults; {@link #build()} reads them. */
    private final EngineSpec spec = new EngineSpec();

    private Builder() {}

    /** Sets how deployments are ordered for each call; {@link RoutingMode#PRIORITY} unless set. */
    public Builder routing(RoutingMode routing) {
      spec.routing = Objects.requireNonNull(routing, "routing");
      return this;
    }

    /**
     * Sets the health window, circuit breaker, cooldown and retry-budget settings; {@link
     * HealthSettings#defaults()} unless set.
     */
    public Builder health(HealthSettings settings) {
      spec.health = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Sets the validators every answer must pass, replacing the defaults ({@link
     * Validators#defaults()}: refusal, empty answer, truncation, JSON); an empty list validates
     * nothing. Each call can override them with {@link CallOptions#withValidators(List)}.
     */
    public Builder validators(List<ResponseValidator> validators) {
      spec.validators.clear();
      validators.forEach(this::validator);
      return this;
    }

    /** Adds a validator every answer must pass. */
    public Builder validator(ResponseValidator validator) {
      spec.validators.add(Objects.requireNonNull(validator, "validator"));
      return this;
    }

    /**
     * Adds a provider and its degrade ladder; providers are tried in the order they are added.
     *
     * @throws IllegalArgumentException if the ladder has no model, or another provider has its name
     */
    public Builder provider(ProviderLadder ladder) {
      spec.addLadder(Objects.requireNonNull(ladder, "ladder"));
      return this;
    }

    /**
     * Adds an embedding ladder: deployments declared equivalent, between which {@link
     * SelfHealingEngine#embed} fails over. A provider also in a chat ladder is shared with it (its
     * health, cooldowns and rate limits too). Ladders of other dimensions may be added; a call uses
     * the one of the dimensions it asks for, the first when it asks for none.
     *
     * @throws IllegalArgumentException if a ladder of the same dimensions was already added
     */
    public Builder embeddings(EmbeddingLadder ladder) {
      spec.addEmbeddings(Objects.requireNonNull(ladder, "ladder"));
      return this;
    }

    /** Adds {@code provider} with {@code models}, best first. */
    public Builder provider(Provider provider, String... models) {
      return provider(ProviderLadder.of(provider).models(models));
    }

    /** Sets the retry policy; the default is {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      spec.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets how long an attempt may wait for its first token while another deployment could still
     * answer; {@link AttemptTimeout#defaults()} (10 s, adaptive) unless set.
     */
    public Builder attemptTimeout(AttemptTimeout attemptTimeout) {
      spec.attemptTimeout = Objects.requireNonNull(attemptTimeout, "attemptTimeout");
      return this;
    }

    /**
     * Sets when a plain call's attempt gets a second, hedged one on a backup deployment; {@link
     * HedgePolicy#off()} unless set. Each call can override it with {@link
     * CallOptions#withHedging(HedgePolicy)}.
     */
    public Builder hedging(HedgePolicy hedging) {
      spec.hedging = Objects.requireNonNull(hedging, "hedging");
      return this;
    }

    /** Overrides the remedy for one kind of failure. */
    public Builder remedy(ErrorKind kind, RemedyRule rule) {
      spec.remedies = spec.remedies.with(kind, rule);
      return this;
    }

    /** Sets the default strategy; {@link FallbackStrategy#CASCADE} unless set. */
    public Builder strategy(FallbackStrategy strategy) {
      spec.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Sets the default time budget of a whole call, every attempt and wait included; 60 s unless
     * set.
     *
     * @throws IllegalArgumentException if not in (0, {@link CallOptions#MAX_DEADLINE}] (24 h)
     */
    public Builder deadline(Duration deadline) {
      spec.deadline =
          dev.lifeline.internal.util.Durations.requirePositiveAtMost(
              "deadline", deadline, CallOptions.MAX_DEADLINE);
      return this;
    }

    /** Adds a listener; listeners hear events in the order they were added. */
    public Builder listener(EngineListener listener) {
      spec.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the clock; {@link Ticker#system()} unless set. */
    public Builder ticker(Ticker ticker) {
      spec.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets what waits are scheduled on; {@link Scheduler#system()} unless set. */
    public Builder scheduler(Scheduler scheduler) {
      spec.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Sets the random source for jitter; a seeded one makes backoff reproducible. */
    public Builder random(RandomGenerator random) {
      spec.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How the engine learns from its failures (L4); {@link LearningSettings#defaults()} unless set.
     */
    public Builder learning(LearningSettings learning) {
      spec.learning = Objects.requireNonNull(learning, "learning");
      return this;
    }

    /**
     * Where what must survive a restart is kept (for example {@code SqliteStateStore} of {@code
     * lifeline-store-sqlite}): the playbook, and the health {@link dev.lifeline.health.Hold holds}
     * (cooldowns, open circuits) a restarted engine should not pay for again; in memory unless set.
     * The engine reads it when built and writes to it as it goes, behind the calls: writes are
     * queued and persisted on a writer thread of their own ({@link WriteBehindStateStore}), so a
     * slow or locked store never delays a call or a timer. Pass a {@link WriteBehindStateStore} to
     * flush or close that queue yourself; any other store is wrapped in one. The caller closes the
     * store. A store that fails is logged and the engine keeps working in memory.
     */
    public Builder stateStore(StateStore store) {
      spec.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds a group of deployments that serve the same model (keys, regions, accounts), taken as one
     * rung: the plan holds them together, the group's {@link Balancing} picks the one tried first,
     * and a failure moves to a sibling before the cascade degrades.
     *
     * @throws IllegalStateException at {@link #build()} if a member is on no ladder or in two
     *     groups
     */
    public Builder group(DeploymentGroup group) {
      spec.balancing.groups.add(Objects.requireNonNull(group, "group"));
      return this;
    }

    /**
     * Sets client-side limits of the deployment {@code deploymentId} ({@code provider/model}), kept
     * by the engine so that its provider never has to answer 429. A deployment of an {@linkplain
     * #embeddings embedding ladder} may have limits too: its calls count their inputs' estimated
     * tokens, and one at a limit waits or moves to the ladder's next deployment as the {@link
     * #limitPolicy limit policy} says.
     *
     * @throws IllegalStateException at {@link #build()} if it is on no ladder, chat or embedding
     */
    public Builder limits(String deploymentId, DeploymentLimits limits) {
      spec.balancing.limits.put(
          Objects.requireNonNull(deploymentId, "deploymentId"),
          Objects.requireNonNull(limits, "limits"));
      return this;
    }

    /**
     * Sets what a call does at a limit when no sibling has room; {@link LimitPolicy#WAIT} unless
     * set.
     */
    public Builder limitPolicy(LimitPolicy policy) {
      spec.balancing.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a rule that reorders the ladder of calls carrying a tag. */
    public Builder routingRule(RoutingRule rule) {
      spec.balancing.rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Sets how many conversations (session keys) are remembered, and for how long unused; 100,000
     * for an hour unless set.
     *
     * @throws IllegalArgumentException if {@code maxSessions} is not in [1, 10,000,000] or {@code
     *     ttl} is not positive
     */
    public Builder sessionAffinity(int maxSessions, Duration ttl) {
      BalancingSpec.checkSessions(maxSessions, ttl);
      spec.balancing.maxSessions = maxSessions;
      spec.balancing.sessionTtl = ttl;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @throws IllegalStateException if no provider and no embedding ladder was added
     * @throws IllegalArgumentException if an embedding ladder's provider shares its name with
     *     another provider
     */
    public SelfHealingEngine build() {
      spec.readyToBuild();
      return new SelfHealingEngine(this);
    }
  }
}
