package dev.lifeline.internal.health;

import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownSettings;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.Hold;
import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RateLimits;
import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Lifeline knows about each deployment, and whether to send it an attempt now.
 *
 * <p>Per deployment (keyed by {@link Deployment#id()}, whatever the size of its provider's group —
 * LiteLLM #40405 never cooled down a group of one), over a sliding window on the injected {@link
 * Ticker} ({@link HealthSettings#window()}, default 5 minutes in 10 buckets): successes, failures
 * by kind, error rate, latency percentiles of every attempt, time to first token of streams, and
 * the last success and failure. Each deployment has one {@link CircuitState circuit breaker};
 * cooldowns keep a deployment (after a rate limit or a 404) or a whole provider (after a 401/403 or
 * an exhausted quota) out until a deadline. What each {@link dev.lifeline.model.ErrorKind} does:
 *
 * <ul>
 *   <li>{@code SERVER_ERROR}, {@code OVERLOADED}, {@code TIMEOUT}, {@code NETWORK}, {@code
 *       INVALID_RESPONSE}: a failure of the circuit ("this deployment is down");
 *   <li>{@code RATE_LIMITED}: cools the deployment down for the provider's wait (at most {@link
 *       CooldownSettings#max()}), else {@link CooldownSettings#rateLimit()};
 *   <li>{@code AUTHENTICATION}, {@code PERMISSION}: cools the provider down for {@link
 *       CooldownSettings#auth()}; {@code QUOTA_EXHAUSTED}: for {@link CooldownSettings#quota()};
 *   <li>{@code MODEL_NOT_FOUND}: cools the deployment down for {@link
 *       CooldownSettings#modelNotFound()};
 *   <li>{@code VALIDATION_FAILED}: in the error rate only;
 *   <li>{@code BAD_REQUEST}, {@code CONTEXT_LENGTH_EXCEEDED}, {@code CONTENT_FILTERED}: the
 *       request's fault; counted by kind, nothing else.
 * </ul>
 *
 * <p>Only outage kinds are circuit failures; every other failure counts as neither success nor
 * failure for the circuit, and frees a half-open probe slot. A cooldown that ends brings its
 * deployments back through half-open probing: at most {@link CircuitSettings#halfOpenProbes()}
 * attempts at once until one succeeds.
 *
 * <p><b>How an attempt uses it.</b> Before the attempt, {@link #tryAcquire}; when it says yes,
 * exactly one of {@link #recordSuccess}, {@link #recordFailure} or {@link #release} once the
 * attempt ends (the last when the caller's own deadline or cancel abandoned it: that is not the
 * provider's fault — LiteLLM #41223 cooled providers down for it). Recording without asking first
 * is allowed (the counts and circuit still learn), but then a half-open circuit cannot bound its
 * probes.
 *
 * <p>Thread-safe; a record is cheap (one ticker read, three short critical sections of counter and
 * histogram updates, a compare-and-set; no I/O, no allocation beyond a few small arrays). Events go
 * to the listener after the state changed, on the recording thread, guarded so that a throwing
 * listener is logged and ignored. Cooldowns end, and open circuits turn half-open, when the tracker
 * is next consulted after their deadline, not at it: time comes from the ticker only, and nothing
 * is scheduled.
 */
public final class HealthTracker {

  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final HealthSettings settings;
  private final Ticker ticker;
  private final EngineListener listener;
  private final ConcurrentHashMap<String, DeploymentMonitor> monitors = new ConcurrentHashMap<>();
  // The same monitors by deployment value: a lookup that builds no id string (the hot path's).
  private final ConcurrentHashMap<Deployment, DeploymentMonitor> byValue =
      new ConcurrentHashMap<>();
  // Deployment id -> until when (ticker nanos) its rate-limit budget is nearly spent, and why.
  private final ConcurrentHashMap<String, RunningDry> runningDry = new ConcurrentHashMap<>();

  /** Left-over budget at or below this share of the window's limit counts as about to run dry. */
  private static final double DRY_FRACTION = 0.02;

  /**
   * How long a nearly spent budget keeps a deployment last when the provider gave no reset time.
   */
  private static final Duration DRY_WITHOUT_RESET = Duration.ofSeconds(10);

  private record RunningDry(long untilNanos, String reason) {}

  private final AtomicLong nextOrder = new AtomicLong();
  private final AtomicInteger circuitsNotClosed = new AtomicInteger();
  private final AtomicInteger demoted = new AtomicInteger(); // deployments in a brownout
  private final Cooldowns cooldowns;
  private volatile ProbeCoordinator probes; // null: this engine probes alone

  private HealthTracker(HealthSettings settings, Ticker ticker, EngineListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(listener, "listener");
    this.listener =
        listener instanceof GuardedListener ? listener : new GuardedListener(List.of(listener));
    this.cooldowns = new Cooldowns(this.listener, this::probeAfterCooldown);
  }

  /**
   * A tracker that judges by {@code settings}, reads time from {@code ticker} only, and tells
   * {@code listener} about circuit moves and cooldowns.
   */
  public static HealthTracker create(
      HealthSettings settings, Ticker ticker, EngineListener listener) {
    return new HealthTracker(settings, ticker, listener);
  }

  /** A tracker with {@link HealthSettings#defaults()} and no listener. */
  public static HealthTracker create(Ticker ticker) {
    return new HealthTracker(HealthSettings.defaults(), ticker, EngineListener.NONE);
  }

  /** The settings this tracker judges by. */
  public HealthSettings settings() {
    return settings;
  }

  /**
   * Asks to send {@code deployment} an attempt now: no while it or its provider cools down or its
   * circuit is open; in HALF_OPEN, yes while a probe slot is free, and the yes takes the slot. Pair
   * every yes with exactly one {@link #recordSuccess}, {@link #recordFailure} or {@link #release}.
   */
  public boolean tryAcquire(Deployment deployment) {
    long now = ticker.nanos();
    DeploymentMonitor monitor = monitor(deployment, now);
    if (activeCooldown(deployment, now) != null || othersProbe(monitor, now)) {
      return false;
    }
    return monitor.circuit().tryAcquire(now);
  }

  /**
   * Has {@code coordinator} decide which engine of a fleet sends each half-open probe: from now on,
   * a half-open deployment takes an attempt here only when the coordinator says this engine may
   * probe it. Call before the first call.
   */
  public void coordinateProbes(ProbeCoordinator coordinator) {
    this.probes = Objects.requireNonNull(coordinator, "coordinator");
  }

  /** Whether another engine of the fleet probes {@code monitor}'s half-open deployment now. */
  private boolean othersProbe(DeploymentMonitor monitor, long now) {
    ProbeCoordinator coordinator = probes;
    return coordinator != null
        && circuitsNotClosed.get() != 0
        && monitor.circuit().snapshot(now).state() == CircuitState.HALF_OPEN
        && !coordinator.mayProbe(monitor.deployment().id());
  }

  /**
   * {@link #tryAcquire} for a call retrying {@code deployment} after the wait it chose when its
   * attempt started at {@code attemptStartNanos} failed: a cooldown of the deployment itself that
   * started (or was extended) since then came from that failure or one in flight beside it, and
   * keeps other calls away, not this retry, which already waited what its retry policy asked. A
   * cooldown of the provider or an older one still refuses. So does an open circuit, unless {@code
   * lastResort} (the call has no other deployment left) and it opened since the attempt started: a
   * circuit that attempt's own failure opened would otherwise end the call with a retry unspent.
   */
  public boolean tryAcquireRetry(
      Deployment deployment, long attemptStartNanos, boolean lastResort) {
    long now = ticker.nanos();
    DeploymentMonitor monitor = monitor(deployment, now);
    if (!cooldowns.isEmpty()) {
      Cooldowns.Cooldown own = cooldowns.active(CooldownTarget.deployment(deployment.id()), now);
      if ((own != null && own.sinceNanos() - attemptStartNanos < 0)
          || cooldowns.active(CooldownTarget.provider(deployment.provider()), now) != null) {
        return false;
      }
    }
    return (!othersProbe(monitor, now) && monitor.circuit().tryAcquire(now))
        || (lastResort && monitor.circuit().openedSince(attemptStartNanos, now));
  }

  /**
   * Gives back the permission of an attempt that ended without an outcome the deployment is
   * responsible for: abandoned by the caller's deadline or cancellation. Counts as neither success
   * nor failure, so a caller's short timeout never opens a circuit nor starts a cooldown.
   */
  public void release(Deployment deployment) {
    monitor(deployment, ticker.nanos()).circuit().release();
  }

  /**
   * Records an attempt of {@code deployment} that succeeded after {@code latency} (negative counts
   * as zero; more than an hour as an hour). In HALF_OPEN, closes the circuit.
   */
  public void recordSuccess(Deployment deployment, Duration latency) {
    Objects.requireNonNull(latency, "latency");
    long now = ticker.nanos();
    DeploymentMonitor monitor = monitor(deployment, now);
    monitor.recordSuccess(now, latency);
    monitor.circuit().onSuccess(now, latency);
    BrownoutMonitor brownout = monitor.brownout();
    if (brownout != null && brownout.judgementDue(now)) {
      brownout.judge(now, peersMedianP95(monitor, now));
    }
  }

  /**
   * Why {@code deployment} should go after the others although it answers: its recent answers are
   * far slower than its own baseline or than its peers (see {@link
   * dev.lifeline.health.BrownoutSettings}). Empty when it is not demoted, and once per probe
   * interval for a demoted one, so that one call probes it. Cheap while none is demoted.
   */
  public Optional<String> brownoutReason(Deployment deployment) {
    if (demoted.get() == 0) {
      return Optional.empty();
    }
    long now = ticker.nanos();
    BrownoutMonitor brownout = monitor(deployment, now).brownout();
    return brownout == null
        ? Optional.empty()
        : Optional.ofNullable(brownout.demotionUnlessProbe(now));
  }

  /** Whether {@code deployment} is demoted for a brownout now; never takes a probe. */
  public boolean isBrownedOut(Deployment deployment) {
    if (demoted.get() == 0) {
      return false;
    }
    BrownoutMonitor brownout = monitor(deployment, ticker.nanos()).brownout();
    return brownout != null && brownout.isDemoted();
  }

  /**
   * The P95 of {@code deployment}'s successful attempts over the window, as {@link
   * #p99TimeToAnswer}: when a hedged call starts its second attempt.
   */
  public Optional<Duration> p95TimeToAnswer(
      Deployment deployment, boolean streaming, int minSamples) {
    long now = ticker.nanos();
    return Optional.ofNullable(
        monitor(deployment, now).p95TimeToAnswer(now, streaming, minSamples));
  }

  /** The median recent P95 of the deployments other than {@code self} that have one, or 0. */
  private long peersMedianP95(DeploymentMonitor self, long now) {
    List<Long> peers = new ArrayList<>();
    for (DeploymentMonitor other : monitors.values()) {
      if (other != self && other.brownout() != null) {
        long p95 = other.brownout().recentP95Nanos(now);
        if (p95 > 0) {
          peers.add(p95);
        }
      }
    }
    if (peers.size() < 2) {
      return 0; // one peer is an opinion, not a norm
    }
    peers.sort(null);
    return peers.get(peers.size() / 2);
  }

  /**
   * Records an attempt of {@code deployment} that failed with {@code failure} after {@code
   * latency}, and acts on its kind (see the class comment): a circuit failure, a cooldown, or
   * neither. Latency is clamped as by {@link #recordSuccess}; a provider's wait is clamped to [0,
   * {@link CooldownSettings#max()}].
   */
  public void recordFailure(Deployment deployment, Failure failure, Duration latency) {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(latency, "latency");
    long now = ticker.nanos();
    DeploymentMonitor monitor = monitor(deployment, now);
    ErrorKind.Impact impact = failure.kind().impact();
    monitor.recordFailure(now, failure.kind(), latency, impact);
    if (impact == ErrorKind.Impact.OUTAGE) {
      monitor.circuit().onFailure(now, latency, failure);
      return;
    }
    // The cooldown starts before the probe slot is freed, so no other attempt slips in between.
    startCooldown(deployment, failure, impact, now);
    monitor.circuit().release();
  }

  /**
   * Whether {@code deployment} looks able to answer now: no cooldown, a closed circuit, and an
   * error rate under the circuit's failure-rate threshold (or too few attempts to say). Moving a
   * call to such a deployment is a rescue, which the retry budget never refuses. Only a hint.
   */
  public boolean isHealthy(Deployment deployment) {
    long now = ticker.nanos();
    DeploymentMonitor monitor = monitor(deployment, now);
    return activeCooldown(deployment, now) == null
        && monitor.circuit().snapshot(now).state() == CircuitState.CLOSED
        && monitor.errorRate(now, settings.circuit().minimumCalls())
            < settings.circuit().failureRateThreshold();
  }

  /**
   * The P99 of {@code deployment}'s successful attempts over the window: their time to the first
   * token when {@code streaming}, else to the whole answer; empty with fewer than {@code
   * minSamples}. What an adaptive attempt timeout is a multiple of.
   */
  public Optional<Duration> p99TimeToAnswer(
      Deployment deployment, boolean streaming, int minSamples) {
    long now = ticker.nanos();
    return Optional.ofNullable(
        monitor(deployment, now).p99TimeToAnswer(now, streaming, minSamples));
  }

  /** Records the time to the first token of a stream of {@code deployment}. */
  public void recordTimeToFirstToken(Deployment deployment, Duration timeToFirstToken) {
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    long now = ticker.nanos();
    monitor(deployment, now).recordTimeToFirstToken(now, timeToFirstToken);
  }

  /**
   * Why {@code deployment} should not be tried now ("circuit open until 00:00:30Z: 5 failures in a
   * row, last SERVER_ERROR", "provider openai cooling down until 01:00:00Z: QUOTA_EXHAUSTED 429"),
   * or empty when it may be. A half-open circuit whose probe slots are all taken is a reason too.
   * Only a hint: between this answer and the attempt, only {@link #tryAcquire} decides.
   */
  /**
   * Records the rate-limit budget a provider reported with an answer. When it is nearly spent (at
   * most 2 % of the window's limit, or one request), the deployment is put after the others until
   * the budget refills, so the next calls go elsewhere before it answers 429. A reset below zero
   * counts as zero, one beyond 30 days ({@code Cooldowns.MAX_LENGTH}) as 30 days. Cheap;
   * thread-safe.
   */
  public void recordRateLimits(Deployment deployment, RateLimits limits) {
    if (limits == null || !limits.isKnown()) {
      return;
    }
    if (!limits.isRunningDry(DRY_FRACTION)) {
      runningDry.remove(deployment.id());
      return;
    }
    Duration reset = limits.resetOfTheDryBudget(DRY_FRACTION);
    // A provider's reset may be centuries away or negative; cut like any cooldown so ticker time
    // stays sane.
    Duration hold =
        reset == null
            ? DRY_WITHOUT_RESET
            : Durations.clamp(reset, Duration.ZERO, Cooldowns.MAX_LENGTH);
    long now = ticker.nanos();
    long until = Durations.saturatedAdd(now, hold.toNanos());
    String what =
        limits.remainingRequests() >= 0
                && limits.isRunningDry(DRY_FRACTION)
                && limits.remainingTokens() != 0
            ? limits.remainingRequests() + " requests left"
            : limits.remainingTokens() + " tokens left";
    runningDry.put(
        deployment.id(),
        new RunningDry(
            until,
            "rate-limit budget nearly spent (" + what + ") until " + timeOfDay(at(until, now))));
  }

  /**
   * Why {@code deployment} should go after the others although it is available: its rate-limit
   * budget is nearly spent. Empty when it is not, or no longer.
   */
  public Optional<String> runningDryReason(Deployment deployment) {
    if (runningDry.isEmpty()) {
      return Optional.empty();
    }
    RunningDry dry = runningDry.get(deployment.id());
    if (dry == null) {
      return Optional.empty();
    }
    if (ticker.nanos() >= dry.untilNanos()) {
      runningDry.remove(deployment.id(), dry);
      return Optional.empty();
    }
    return Optional.of(dry.reason());
  }

  /**
   * Whether every deployment may be planned as it is, without asking about each: no circuit of any
   * deployment is open or half-open, and nothing cools down, runs dry or is demoted for a brownout.
   * One read of three counts, so that a plan over hundreds of deployments costs what one over two
   * does while all is well. When it says no, {@link #unavailableReason} and {@link
   * #runningDryReason} say who and why (a cooldown or a dry budget that has just ended may still
   * make it say no until they are asked).
   */
  public boolean allClear() {
    return circuitsNotClosed.get() == 0
        && cooldowns.isEmpty()
        && runningDry.isEmpty()
        && demoted.get() == 0;
  }

  /**
   * Why {@code deployment} cannot take an attempt now (cooldown, open circuit, probes busy); empty
   * if it can.
   */
  public Optional<String> unavailableReason(Deployment deployment) {
    long now = ticker.nanos();
    DeploymentMonitor monitor = monitor(deployment, now);
    Cooldowns.Cooldown cooldown = activeCooldown(deployment, now);
    if (cooldown != null) {
      String who = cooldown.target().provider() ? "provider " + cooldown.target().name() + " " : "";
      return Optional.of(
          who
              + "cooling down until "
              + timeOfDay(at(cooldown.untilNanos(), now))
              + ": "
              + cooldown.reason());
    }
    CircuitBreaker.Snapshot circuit = monitor.circuit().snapshot(now);
    if (circuit.state() == CircuitState.OPEN) {
      return Optional.of(
          "circuit open until "
              + timeOfDay(at(circuit.openUntilNanos(), now))
              + ": "
              + circuit.reason());
    }
    if (othersProbe(monitor, now)) {
      return Optional.of("circuit half-open, another engine of the fleet probes it");
    }
    if (circuit.state() == CircuitState.HALF_OPEN
        && circuit.probes() >= settings.circuit().halfOpenProbes()) {
      return Optional.of("circuit half-open, " + circuit.probes() + " probe(s) in flight");
    }
    return Optional.empty();
  }

  /**
   * Every deployment and provider out of plans now, with until when: active cooldowns and open
   * circuits. What a store keeps so that a restarted engine does not pay for them again.
   */
  public List<Hold> holds() {
    long now = ticker.nanos();
    Instant wallNow = ticker.now();
    List<Hold> holds = new ArrayList<>();
    for (Cooldowns.Cooldown cooldown : cooldowns.allActive(now)) {
      holds.add(
          new Hold(
              cooldown.target().name(),
              cooldown.target().provider(),
              wallAt(cooldown.untilNanos(), now, wallNow),
              cooldown.reason()));
    }
    List<DeploymentMonitor> seen = new ArrayList<>(monitors.values());
    seen.sort(Comparator.comparingLong(DeploymentMonitor::order));
    for (DeploymentMonitor monitor : seen) {
      CircuitBreaker.Snapshot circuit = monitor.circuit().snapshot(now);
      if (circuit.state() == CircuitState.OPEN) {
        holds.add(
            new Hold(
                monitor.deployment().id(),
                false,
                wallAt(circuit.openUntilNanos(), now, wallNow),
                "circuit open: " + circuit.reason()));
      }
    }
    return holds;
  }

  /**
   * Takes back a hold an earlier tracker reported (see {@link #holds()}): until {@link
   * Hold#until()}, its target is out of plans as by a cooldown, and it is probed back afterwards. A
   * hold already over is ignored; a longer hold already in force is kept; a hold more than 30 days
   * ahead (a clock or a store gone wrong) lasts 30 days.
   */
  public void restore(Hold hold) {
    restore(hold, "restored: ");
  }

  /**
   * Takes a hold another engine of the fleet reported through a shared store, as {@link
   * #restore(Hold)} does: what one replica learned keeps every replica away.
   */
  public void share(Hold hold) {
    restore(hold, "shared: ");
  }

  private void restore(Hold hold, String origin) {
    Objects.requireNonNull(hold, "hold");
    Duration left = Duration.between(ticker.now(), hold.until());
    if (left.isNegative() || left.isZero()) {
      return;
    }
    CooldownTarget target =
        hold.provider()
            ? CooldownTarget.provider(hold.target())
            : CooldownTarget.deployment(hold.target());
    cooldowns.start(target, ticker.nanos(), left, origin + hold.reason());
  }

  /** What is known about {@code deployment} now. */
  public DeploymentHealth health(Deployment deployment) {
    long now = ticker.nanos();
    return health(monitor(deployment, now), now);
  }

  /** What is known about every deployment seen so far, in the order first seen. */
  public List<DeploymentHealth> snapshot() {
    long now = ticker.nanos();
    List<DeploymentMonitor> seen = new ArrayList<>(monitors.values());
    seen.sort(Comparator.comparingLong(DeploymentMonitor::order));
    List<DeploymentHealth> all = new ArrayList<>(seen.size());
    for (DeploymentMonitor monitor : seen) {
      all.add(health(monitor, now));
    }
    return all;
  }

  private DeploymentHealth health(DeploymentMonitor monitor, long now) {
    Instant wallNow = ticker.now();
    Deployment deployment = monitor.deployment();
    Cooldowns.Cooldown cooldown = activeCooldown(deployment, now);
    CircuitBreaker.Snapshot circuit = monitor.circuit().snapshot(now);
    DeploymentMonitor.Stats stats = monitor.stats(now);
    return new DeploymentHealth(
        deployment,
        settings.window(),
        stats.calls(),
        stats.successes(),
        stats.failures(),
        stats.failuresByKind(),
        stats.errorRate(),
        stats.p50(),
        stats.p95(),
        stats.p99(),
        stats.ttftP50(),
        stats.ttftP95(),
        stats.lastSuccessNanos() == null ? null : wallAt(stats.lastSuccessNanos(), now, wallNow),
        stats.lastFailureNanos() == null ? null : wallAt(stats.lastFailureNanos(), now, wallNow),
        circuit.state(),
        circuit.state() == CircuitState.OPEN
            ? wallAt(circuit.openUntilNanos(), now, wallNow)
            : null,
        cooldown == null ? null : wallAt(cooldown.untilNanos(), now, wallNow),
        cooldown == null ? null : cooldown.reason());
  }

  private void startCooldown(
      Deployment deployment, Failure failure, ErrorKind.Impact impact, long now) {
    if (!settings.cooldowns().enabled()) {
      return;
    }
    switch (impact) {
      case RATE_LIMIT:
        Duration wait =
            Durations.clamp(
                failure.retryAfterHint().orElse(settings.cooldowns().rateLimit()),
                Duration.ZERO,
                settings.cooldowns().max());
        cooldowns.start(CooldownTarget.deployment(deployment.id()), now, wait, failure.toString());
        break;
      case MODEL_MISSING:
        cooldowns.start(
            CooldownTarget.deployment(deployment.id()),
            now,
            settings.cooldowns().modelNotFound(),
            failure.toString());
        break;
      case AUTH_LOCKOUT:
        cooldowns.start(
            CooldownTarget.provider(deployment.provider()),
            now,
            settings.cooldowns().auth(),
            failure.toString());
        break;
      case QUOTA_LOCKOUT:
        cooldowns.start(
            CooldownTarget.provider(deployment.provider()),
            now,
            settings.cooldowns().quota(),
            failure.toString());
        break;
      default:
        break; // the others leave the deployment in
    }
  }

  /** The later-ending of the deployment's and its provider's active cooldowns, or null. */
  private Cooldowns.Cooldown activeCooldown(Deployment deployment, long now) {
    if (cooldowns.isEmpty()) {
      return null;
    }
    Cooldowns.Cooldown own = cooldowns.active(CooldownTarget.deployment(deployment.id()), now);
    Cooldowns.Cooldown provider =
        cooldowns.active(CooldownTarget.provider(deployment.provider()), now);
    if (own == null) {
      return provider;
    }
    if (provider == null) {
      return own;
    }
    return provider.untilNanos() - own.untilNanos() > 0 ? provider : own;
  }

  /**
   * A cooldown ended: its deployment, or every known deployment of its provider, probes its way
   * back.
   */
  private void probeAfterCooldown(CooldownTarget target) {
    long now = ticker.nanos();
    for (DeploymentMonitor monitor : monitors.values()) {
      Deployment deployment = monitor.deployment();
      boolean covered =
          target.provider()
              ? deployment.provider().equals(target.name())
              : deployment.id().equals(target.name());
      if (covered) {
        monitor.circuit().probeAfterCooldown(now, "cooldown of " + target.name() + " ended");
      }
    }
  }

  private DeploymentMonitor monitor(Deployment deployment, long now) {
    Objects.requireNonNull(deployment, "deployment");
    DeploymentMonitor known = byValue.get(deployment);
    if (known != null) {
      return known;
    }
    DeploymentMonitor monitor = monitors.get(deployment.id());
    if (monitor == null) {
      DeploymentMonitor created =
          new DeploymentMonitor(
              deployment,
              nextOrder.getAndIncrement(),
              settings,
              listener,
              now,
              circuitsNotClosed,
              demoted);
      DeploymentMonitor raced = monitors.putIfAbsent(deployment.id(), created);
      monitor = raced != null ? raced : created;
    }
    byValue.putIfAbsent(deployment, monitor);
    return monitor;
  }

  private Instant at(long nanos, long now) {
    return wallAt(nanos, now, ticker.now());
  }

  private static Instant wallAt(long nanos, long now, Instant wallNow) {
    return wallNow.plusNanos(nanos - now);
  }

  private static String timeOfDay(Instant instant) {
    return TIME_OF_DAY.format(instant) + "Z";
  }
}
