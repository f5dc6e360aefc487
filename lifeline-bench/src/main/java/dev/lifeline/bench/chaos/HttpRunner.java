package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.FaultMix;
import dev.lifeline.testkit.Latency;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Plays a scenario over real HTTP: the testkit's fake servers on loopback (Anthropic's wire format
 * for provider "anthropic", OpenAI's for the others), the real adapters, real threads and sockets.
 *
 * <p>Real time cannot be sped up as far as virtual time: a loopback round trip costs about a
 * millisecond, which must stay small in scenario time. So the runner plays a <em>window</em> of the
 * scenario ({@link #DEFAULT_REAL_SPAN} of real time per strategy at {@link #SPEED}× speed, five
 * minutes of scenario time from just before the first fault begins), on {@link ScaledTime} shared
 * by the strategies, the engine and the adapters (so backoffs, Retry-After, breakers and timeouts
 * keep their scenario values). At each fault boundary the servers' scripts switch to that phase's
 * mix of faults.
 *
 * <p>Bounded: at most {@link #MAX_REQUESTS} requests. Differences from the virtual-time runner,
 * each a limit of the fake servers: context windows are not enforced by the servers (the engine
 * still routes oversized prompts by them), bad JSON is a malformed body rather than a well-formed
 * answer with broken JSON, and the oracle reads the timeline but not the servers' random draws, so
 * it can miss.
 */
public final class HttpRunner {

  /** Default request count: enough to see the shape, few enough for loopback in seconds. */
  public static final int DEFAULT_REQUESTS = 200;

  /** The bound on request count. */
  public static final int MAX_REQUESTS = 300;

  /** How long each strategy's run takes in real time, by default. */
  public static final Duration DEFAULT_REAL_SPAN = Duration.ofSeconds(5);

  /** Scenario seconds per real second: a 1 ms loopback round trip is 50 ms of scenario time. */
  public static final double SPEED = 50;

  /** A timeout shorter than this in real time would fire on a GC pause. */
  static final Duration MIN_REAL_TIMEOUT = Duration.ofMillis(80);

  /** How far before the first fault the window starts, as a share of the window. */
  private static final double LEAD = 0.1;

  private HttpRunner() {}

  /** Runs every strategy with the default real span per strategy. */
  public static Comparison run(
      Scenario scenario, int requests, long seed, List<Strategy> strategies, ProgressBar progress) {
    return run(scenario, requests, seed, strategies, progress, DEFAULT_REAL_SPAN);
  }

  /**
   * Runs every strategy, one after the other, each over {@code realSpan} of real time.
   *
   * @throws IllegalArgumentException if {@code requests} is not between 1 and {@link #MAX_REQUESTS}
   */
  public static Comparison run(
      Scenario scenario,
      int requests,
      long seed,
      List<Strategy> strategies,
      ProgressBar progress,
      Duration realSpan) {
    return run(scenario, requests, seed, strategies, progress, realSpan, SPEED);
  }

  /**
   * Runs every strategy, one after the other, each over {@code realSpan} of real time, with
   * scenario time running {@code speedUp} times faster: a slower speed-up is less sensitive to a
   * loaded machine.
   *
   * @throws IllegalArgumentException if {@code requests} is not between 1 and {@link #MAX_REQUESTS}
   */
  public static Comparison run(
      Scenario scenario,
      int requests,
      long seed,
      List<Strategy> strategies,
      ProgressBar progress,
      Duration realSpan,
      double speedUp) {
    if (requests < 1 || requests > MAX_REQUESTS) {
      throw new IllegalArgumentException(
          "requests must be between 1 and " + MAX_REQUESTS + ", was " + requests);
    }
    Scenario played = window(scenario, Duration.ofNanos((long) (realSpan.toNanos() * speedUp)));
    RequestStream stream = RequestStream.generate(played, requests, seed);
    FaultTimeline timeline = new FaultTimeline(played);
    double speed = Math.max(1, (double) played.duration().toNanos() / realSpan.toNanos());
    FakeFleet.Builder builder = FakeFleet.builder();
    scenario.deployments().stream()
        .map(DeploymentSpec::provider)
        .distinct()
        .forEach(
            name -> {
              if (name.equals("anthropic")) {
                builder.anthropic(name);
              } else {
                builder.openAi(name);
              }
            });
    List<StrategyResult> results = new ArrayList<>();
    try (FakeFleet fleet = builder.build()) {
      fleet.start();
      for (Strategy strategy : strategies) {
        fleet.reset();
        results.add(runOne(strategy, timeline, stream, seed, speed, fleet, progress));
      }
    }
    return new Comparison(played, requests, seed, "http", results);
  }

  /**
   * The part of {@code scenario} that is {@code length} long and starts a little before its first
   * fault, with the faults moved to the window's time (a flapping fault keeps its phase).
   */
  static Scenario window(Scenario scenario, Duration length) {
    if (length.compareTo(scenario.duration()) >= 0) {
      return scenario;
    }
    long firstFault =
        scenario.faults().stream().mapToLong(f -> f.start().toNanos()).min().orElse(0);
    long from =
        Math.max(
            0,
            Math.min(
                firstFault - (long) (length.toNanos() * LEAD),
                scenario.duration().minus(length).toNanos()));
    Duration shift = Duration.ofNanos(from);
    List<FaultProcess> faults = new ArrayList<>();
    for (FaultProcess fault : scenario.faults()) {
      if (fault.end().compareTo(shift) <= 0
          || fault.start().compareTo(shift.plus(length)) >= 0
          // The fake servers answer whole: stream cuts are played in virtual time only.
          || fault instanceof FaultProcess.StreamCut) {
        continue;
      }
      Duration start = fault.start().minus(shift);
      Duration end = fault.end().minus(shift);
      faults.add(moved(fault, start, end));
    }
    String description =
        scenario.description()
            + " [over HTTP: "
            + ComparisonTable.human(length.toMillis())
            + " from "
            + ComparisonTable.human(from / 1e6)
            + "]";
    return new Scenario(
        scenario.name(),
        description,
        length,
        scenario.timeout(),
        scenario.deployments(),
        scenario.workload(),
        faults);
  }

  private static StrategyResult runOne(
      Strategy strategy,
      FaultTimeline timeline,
      RequestStream stream,
      long seed,
      double speed,
      FakeFleet servers,
      ProgressBar progress) {
    Scenario scenario = timeline.scenario();
    ScaledTime time = new ScaledTime(speed);
    CallLedger ledger = new CallLedger(stream.size(), scenario.deployments().size());
    Duration timeout =
        scenario.timeout().compareTo(Duration.ofNanos((long) (MIN_REAL_TIMEOUT.toNanos() * speed)))
                >= 0
            ? scenario.timeout()
            : Duration.ofNanos((long) (MIN_REAL_TIMEOUT.toNanos() * speed));
    Timeouts timeouts =
        Timeouts.defaults()
            .withConnect(timeout)
            .withFirstByte(timeout)
            .withIdle(timeout)
            .withTotal(timeout.multipliedBy(2));
    List<ProviderLadder> ladders =
        VirtualFleet.ladders(
            scenario,
            name -> {
              Map<String, Integer> models = new LinkedHashMap<>();
              for (int d = 0; d < scenario.deployments().size(); d++) {
                if (scenario.deployments().get(d).provider().equals(name)) {
                  models.put(scenario.deployments().get(d).model(), d);
                }
              }
              return new MeteredProvider(
                  adapter(servers.server(name), timeouts, time),
                  models,
                  scenario,
                  stream,
                  ledger,
                  time);
            });
    List<Future<?>> phases = schedulePhases(timeline, servers, time, seed);
    Fleet fleet = new HttpFleet(scenario, ladders, time, seed, timeline, ledger);
    Strategy.Caller caller = strategy.open(fleet);
    Metrics metrics = new Metrics(stream);
    CountDownLatch done = new CountDownLatch(stream.size());
    for (SimRequest request : stream.requests()) {
      time.schedule(
          () -> {
            CompletableFuture<ChatResponse> call;
            try {
              call = caller.call(request);
            } catch (RuntimeException e) {
              call = CompletableFuture.failedFuture(e);
            }
            call.whenComplete(
                (answer, error) -> {
                  metrics.finished(
                      request.index(), time.nanos(), answer == null ? null : answer.requestId());
                  progress.advance();
                  done.countDown();
                });
          },
          Duration.ofNanos(request.arrivalNanos()));
    }
    try {
      Duration real =
          time.real(scenario.duration()).plus(time.real(VirtualTimeRunner.DRAIN)).plusSeconds(5);
      done.await(real.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      phases.forEach(phase -> phase.cancel(false));
    }
    return metrics.summarise(strategy.name(), scenario, ledger, time.nanos());
  }

  private static FaultProcess moved(FaultProcess fault, Duration start, Duration end) {
    if (fault instanceof FaultProcess.Outage o) {
      return new FaultProcess.Outage(o.target(), start, end, o.status(), o.hangShare());
    }
    if (fault instanceof FaultProcess.RateLimitStorm r) {
      return new FaultProcess.RateLimitStorm(r.target(), start, end, r.rate(), r.retryAfter());
    }
    if (fault instanceof FaultProcess.Brownout b) {
      return new FaultProcess.Brownout(b.target(), start, end, b.factor());
    }
    if (fault instanceof FaultProcess.Flapping f) {
      return new FaultProcess.Flapping(f.target(), start, end, f.period(), f.downFraction());
    }
    if (fault instanceof FaultProcess.SilentFailures s) {
      return new FaultProcess.SilentFailures(s.target(), start, end, s.rate(), s.answer());
    }
    FaultProcess.RevokedKey k = (FaultProcess.RevokedKey) fault;
    return new FaultProcess.RevokedKey(k.target(), start, end);
  }

  /** The real adapter for a fake server, on scaled time (its timeouts too). */
  private static Provider adapter(FakeLlmServer server, Timeouts timeouts, ScaledTime time) {
    ApiKey key = ApiKey.of("sk-chaos-" + server.name() + "-000000000000000000");
    if (server.name().equals("anthropic")) {
      return AnthropicProvider.builder()
          .name(server.name())
          .baseUrl(server.baseUrl())
          .apiKey(key)
          .timeouts(timeouts)
          .scheduler(time)
          .build();
    }
    return OpenAiProvider.openAi()
        .name(server.name())
        .baseUrl(server.baseUrl())
        .apiKey(key)
        .timeouts(timeouts)
        .scheduler(time)
        .build();
  }

  /**
   * Switches every model's script at each boundary of the timeline: starts, ends, flapping edges.
   */
  private static List<Future<?>> schedulePhases(
      FaultTimeline timeline, FakeFleet servers, ScaledTime time, long seed) {
    Scenario scenario = timeline.scenario();
    TreeSet<Long> boundaries = new TreeSet<>();
    boundaries.add(0L);
    for (FaultProcess fault : scenario.faults()) {
      boundaries.add(fault.start().toNanos());
      boundaries.add(Math.min(fault.end().toNanos(), scenario.duration().toNanos()));
      if (fault instanceof FaultProcess.Flapping f) {
        for (long t = f.start().toNanos(); t < f.end().toNanos(); t += f.period().toNanos()) {
          boundaries.add(t);
          boundaries.add(t + (long) (f.period().toNanos() * f.downFraction()));
        }
      }
    }
    List<Future<?>> phases = new ArrayList<>();
    for (long at : boundaries) {
      Runnable apply =
          () -> {
            for (int d = 0; d < scenario.deployments().size(); d++) {
              DeploymentSpec spec = scenario.deployments().get(d);
              servers
                  .server(spec.provider())
                  .model(spec.model())
                  .mix(mix(timeline, d, at, time, seed));
            }
          };
      if (at == 0) {
        apply.run();
      } else {
        phases.add(time.schedule(apply, Duration.ofNanos(at)));
      }
    }
    return phases;
  }

  /**
   * What deployment {@code d} does from {@code at} on, as a weighted mix of the testkit's faults.
   */
  private static FaultMix mix(FaultTimeline timeline, int d, long at, ScaledTime time, long seed) {
    DeploymentSpec spec = timeline.scenario().deployments().get(d);
    long mid = at + 1; // boundaries are inclusive starts
    Latency answer =
        Latency.logNormal(
            time.real(spec.latency().p50())
                .multipliedBy(Math.max(1, Math.round(timeline.slowdown(d, mid)))),
            spec.latency().sigma(),
            seed + d);
    Latency error = Latency.fixed(time.real(spec.ttft()));
    FaultMix.Builder mix = FaultMix.builder(seed * 31 + d);
    double left = 1;
    for (FaultProcess fault : timeline.faultsOf(d)) {
      if (!fault.activeAt(mid)) {
        continue;
      }
      if (fault instanceof FaultProcess.RevokedKey) {
        return FaultMix.builder(seed).add(1, Fault.unauthorized().withLatency(error)).build();
      }
      if (fault instanceof FaultProcess.Outage o) {
        FaultMix.Builder down = FaultMix.builder(seed * 31 + d);
        if (o.hangShare() > 0) {
          down.add(o.hangShare(), Fault.hang());
        }
        if (o.hangShare() < 1) {
          Fault status =
              switch (o.status()) {
                case 503, 529 -> Fault.overloaded();
                case 502 -> Fault.badGateway();
                default -> Fault.serverError();
              };
          down.add(1 - o.hangShare(), status.withLatency(error));
        }
        return down.build();
      }
      if (fault instanceof FaultProcess.Flapping f && f.downAt(mid)) {
        return FaultMix.builder(seed).add(1, Fault.overloaded().withLatency(error)).build();
      }
      if (fault instanceof FaultProcess.RateLimitStorm s && s.rate() > 0 && left > 0) {
        double share = left * s.rate();
        mix.add(share, Fault.rateLimited(s.retryAfter()).withLatency(error));
        left -= share;
      }
      if (fault instanceof FaultProcess.SilentFailures s && s.rate() > 0 && left > 0) {
        double share = left * s.rate();
        Fault silent =
            switch (s.answer()) {
              case REFUSAL -> Fault.refusal();
              case EMPTY -> Fault.emptyAnswer();
              case BAD_JSON -> Fault.malformedJson();
            };
        mix.add(share, silent.withLatency(error));
        left -= share;
      }
    }
    if (left > 0) {
      mix.add(left, Fault.healthy().withLatency(answer));
    }
    return mix.build();
  }

  /** The fleet a strategy sees over HTTP. */
  private record HttpFleet(
      Scenario scenario,
      List<ProviderLadder> ladders,
      ScaledTime time,
      long seed,
      FaultTimeline timeline,
      CallLedger ledger)
      implements Fleet {

    @Override
    public Ticker ticker() {
      return time;
    }

    @Override
    public Scheduler scheduler() {
      return time;
    }

    @Override
    public int clairvoyantPick(SimRequest request) {
      return timeline.oraclePick(
          time.nanos(),
          request,
          d ->
              FaultTimeline.callRandom(
                  seed, request.index(), d, ledger.ordinal(request.index(), d)));
    }
  }
}
