package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code maxConcurrent} held in Redis for the fleet: engines on one Redis never have more calls in
 * flight at the upstream than the limit together; a dead replica's slots come back when their
 * leases end; with Redis killed, each engine keeps to its share without slowing a call.
 */
@Timeout(60)
class SharedSlotsTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final Duration OP_TIMEOUT = Duration.ofMillis(200);
  private static final String LIMITED = "alpha/a-model";
  private static final Duration UPSTREAM_TIME = Duration.ofMillis(100);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScheduledExecutorService upstreamThreads = Executors.newScheduledThreadPool(2);

  /** The upstream of every engine's alpha: counts the requests open on it at once. */
  private final AtomicInteger openAtUpstream = new AtomicInteger();

  private final AtomicInteger mostOpenAtUpstream = new AtomicInteger();
  private final AtomicInteger servedByUpstream = new AtomicInteger();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    upstreamThreads.shutdownNow();
  }

  private RedisStateStore store(int replicas, Duration lease) {
    RedisStateStore store =
        RedisStateStore.builder(REDIS.uri())
            .application("slots")
            .operationTimeout(OP_TIMEOUT)
            .replicas(replicas)
            .slotLease(lease)
            .build();
    open.add(store);
    return store;
  }

  /** A replica's connection to the slow upstream: each request is open for 100 ms. */
  private Provider alpha() {
    return new Provider() {
      @Override
      public String name() {
        return "alpha";
      }

      @Override
      public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
        mostOpenAtUpstream.accumulateAndGet(openAtUpstream.incrementAndGet(), Math::max);
        CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
        upstreamThreads.schedule(
            () -> {
              openAtUpstream.decrementAndGet();
              servedByUpstream.incrementAndGet();
              answer.complete(
                  ChatResponse.builder().text("from alpha").provider("alpha").model(model).build());
            },
            UPSTREAM_TIME.toMillis(),
            TimeUnit.MILLISECONDS);
        return answer;
      }
    };
  }

  private SelfHealingEngine engine(RedisStateStore store, int maxConcurrent, LimitPolicy policy) {
    Provider beta =
        new Provider() {
          @Override
          public String name() {
            return "beta";
          }

          @Override
          public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
            return CompletableFuture.completedFuture(
                ChatResponse.builder().text("from beta").provider("beta").model(model).build());
          }
        };
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(alpha(), "a-model")
            .provider(beta, "b-model")
            .stateStore(store)
            .retryPolicy(RetryPolicy.none())
            .limits(LIMITED, new DeploymentLimits(0, 0, maxConcurrent))
            .limitPolicy(policy)
            .deadline(Duration.ofSeconds(30))
            .build();
    open.add(engine);
    return engine;
  }

  @Test
  void threeEnginesWithMaxConcurrentTwoNeverHaveMoreThanTwoCallsAtTheUpstream() {
    List<SelfHealingEngine> engines = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      engines.add(engine(store(3, Duration.ofMinutes(10)), 2, LimitPolicy.WAIT));
    }

    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (SelfHealingEngine engine : engines) {
        calls.add(engine.callAsync(ChatRequest.of("q")));
      }
    }

    assertThat(calls).allSatisfy(call -> assertThat(call.join().provider()).isEqualTo("alpha"));
    assertThat(servedByUpstream).hasValue(12);
    // Each engine alone would have let 2 through: 6 at once.
    assertThat(mostOpenAtUpstream.get()).as("calls open at the upstream at once").isEqualTo(2);
    long until = Ticker.system().nanos() + Duration.ofSeconds(5).toNanos();
    while (REDIS.commands().exists("lifeline:{slots}:slots:" + LIMITED) > 0
        && Ticker.system().nanos() - until < 0) {
      Thread.onSpinWait();
    }
    assertThat(REDIS.commands().exists("lifeline:{slots}:slots:" + LIMITED))
        .as("every slot was given back")
        .isZero();
  }

  @Test
  void aDeadReplicasSlotComesBackWhenItsLeaseEnds() {
    SharedLimits dead = store(2, Duration.ofSeconds(1));
    SharedLimits alive = store(2, Duration.ofSeconds(1));
    long start = Ticker.system().nanos();

    assertThat(dead.tryEnter(LIMITED, "dead-replica:1", 1)).isZero();
    assertThat(alive.tryEnter(LIMITED, "alive:1", 1))
        .as("the fleet's one slot is taken")
        .isPositive();
    assertThat(REDIS.commands().pttl("lifeline:{slots}:slots:" + LIMITED))
        .isPositive()
        .isLessThanOrEqualTo(1_000);

    long entered;
    int tries = 0;
    do {
      tries++;
      entered = alive.tryEnter(LIMITED, "alive:" + tries, 1);
    } while (entered != 0 && Ticker.system().nanos() - start < Duration.ofSeconds(5).toNanos());

    assertThat(entered).as("the dead replica's lease ended").isZero();
    assertThat(Duration.ofNanos(Ticker.system().nanos() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(REDIS.commands().zrange("lifeline:{slots}:slots:" + LIMITED, 0, -1))
        .containsExactly("alive:" + tries);
  }

  @Test
  void withRedisKilledEachEngineKeepsToItsShareWithoutSlowingACall() throws Exception {
    SelfHealingEngine engine = engine(store(2, Duration.ofMinutes(10)), 4, LimitPolicy.NEXT_RUNG);
    assertThat(engine.call("hi").provider()).isEqualTo("alpha"); // connected, slot given back

    REDIS.kill();
    long start = Ticker.system().nanos();
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(engine.callAsync(ChatRequest.of("q")));
    }
    List<String> providers = new ArrayList<>();
    calls.forEach(call -> providers.add(call.join().provider()));

    // 4 calls in flight for 2 replicas: 2 each while Redis is away.
    assertThat(providers).containsExactlyInAnyOrder("alpha", "alpha", "beta");
    assertThat(Duration.ofNanos(Ticker.system().nanos() - start))
        .isLessThan(UPSTREAM_TIME.plus(OP_TIMEOUT));
    REDIS.start();
  }
}
