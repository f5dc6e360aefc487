package dev.lifeline.store.redis;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica in its own JVM, for {@link SharedLimitsProcessesTest}: an engine on a Redis store
 * whose deployment {@code upstream/limited} has a requests-per-minute limit shared by the fleet,
 * and whose next rung {@code upstream/spare} takes what is over it ({@link LimitPolicy#NEXT_RUNG}).
 * It offers calls at a fixed rate, open loop, for a while, then prints {@code DONE <limited>
 * <spare> <failed> <failed at a limit> <redis failures> <window>=<count>...}: how many calls each
 * deployment answered, how many failed (and of those, at a client-side limit), how many Redis
 * commands failed, and how many attempts the limited deployment was sent in each window (by when
 * the attempt started).
 */
public final class LimitReplicaProcess {
  /** Calls each replica sends the spare deployment before the run. */
  static final int WARM_UP_CALLS = 5;

  private LimitReplicaProcess() {}

  /**
   * Arguments: the Redis URI, the upstream's base URL, the limit per minute, the limit window in
   * ms, the calls offered per second, how long to offer them in ms, and the epoch ms to start at.
   */
  public static void main(String[] args) throws Exception {
    String redis = args[0];
    String upstream = args[1];
    int perMinute = Integer.parseInt(args[2]);
    Duration window = Duration.ofMillis(Long.parseLong(args[3]));
    double perSecond = Double.parseDouble(args[4]);
    long lengthMillis = Long.parseLong(args[5]);
    long startAt = Long.parseLong(args[6]);
    try (RedisStateStore store =
            RedisStateStore.builder(redis)
                .application("shared-limits")
                .limitWindow(window)
                .replicas(4)
                // A loaded build machine must not turn into Redis outages: this run measures the
                // shared limit, not the fallback (SharedLimitsTest covers that).
                .operationTimeout(Duration.ofSeconds(2))
                .build();
        SelfHealingEngine engine =
            SelfHealingEngine.builder()
                .provider(
                    OpenAiProvider.openAi()
                        .name("upstream")
                        .baseUrl(upstream)
                        .apiKey(ApiKey.of("sk-test-upstream"))
                        .build(),
                    "limited",
                    "spare")
                .stateStore(store)
                .attemptTimeout(
                    AttemptTimeout.builder()
                        .firstToken(Duration.ofSeconds(60))
                        .adaptive(false)
                        .build())
                .deadline(Duration.ofSeconds(120))
                .limits("upstream/limited", new DeploymentLimits(perMinute, 0, 0))
                .limitPolicy(LimitPolicy.NEXT_RUNG)
                .build()) {
      // Warm the classes and the HTTP client up on the spare alone, so that the run's first
      // window is not sent late.
      try (SelfHealingEngine warm =
          SelfHealingEngine.builder()
              .provider(
                  OpenAiProvider.openAi()
                      .name("upstream")
                      .baseUrl(upstream)
                      .apiKey(ApiKey.of("sk-test-upstream"))
                      .build(),
                  "spare")
              .build()) {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
          warm.call("warm up " + i);
        }
      }
      System.out.println("READY");
      System.out.flush();
      Ticker clock = Ticker.system();
      long wait = startAt - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait); // a separate process: the test's clock is the wall clock
      }
      AtomicInteger limited = new AtomicInteger();
      AtomicInteger spare = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger limitFailures = new AtomicInteger();
      Map<Long, Integer> sent = new ConcurrentHashMap<>();
      List<CompletableFuture<?>> calls = new ArrayList<>();
      long begin = clock.nanos();
      long gap = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
      long count = (long) (lengthMillis / 1000.0 * perSecond);
      for (long i = 0; i < count; i++) {
        long due = begin + i * gap;
        long early = due - clock.nanos();
        if (early > 0) {
          TimeUnit.NANOSECONDS.sleep(early);
        }
        long submitted = System.currentTimeMillis();
        calls.add(
            engine
                .callAsync(ChatRequest.of("call " + i))
                .whenComplete(
                    (answer, error) -> {
                      if (error != null) {
                        if (String.valueOf(error.getMessage()).contains("client-side limit")) {
                          limitFailures.incrementAndGet();
                        }
                        if (failed.incrementAndGet() == 1) {
                          System.err.println("first failure: " + error);
                        }
                        return;
                      }
                      Attempt last = answer.trace().last().orElseThrow();
                      if (last.deployment().model().equals("limited")) {
                        limited.incrementAndGet();
                        // When the limiter let it go: the upstream's clock adds the machine's lag.
                        long at = submitted + last.start().toMillis();
                        sent.merge(at / window.toMillis(), 1, Integer::sum);
                      } else {
                        spare.incrementAndGet();
                      }
                    }));
      }
      for (CompletableFuture<?> call : calls) {
        try {
          call.join();
        } catch (RuntimeException e) {
          if (!(e.getCause() instanceof LifelineException)) {
            throw e;
          }
        }
      }
      StringBuilder windows = new StringBuilder();
      new TreeMap<>(sent)
          .forEach((n, taken) -> windows.append(' ').append(n).append('=').append(taken));
      System.out.println(
          "DONE "
              + limited
              + " "
              + spare
              + " "
              + failed
              + " "
              + limitFailures
              + " "
              + store.failedOperations()
              + windows);
      System.out.flush();
    }
  }
}
