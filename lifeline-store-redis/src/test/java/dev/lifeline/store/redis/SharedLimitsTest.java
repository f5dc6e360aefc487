package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.NoDeploymentAvailableException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client-side limits shared through Redis: they hold for every replica together, a call past them
 * goes where the limit policy says, and a Redis that is down or stalled costs a call at most the
 * operation timeout, the engine keeping to its share on its own counters meanwhile.
 */
@Timeout(60)
class SharedLimitsTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final Duration OP_TIMEOUT = Duration.ofMillis(200);
  private static final String LIMITED = "alpha/a-model";

  private final List<AutoCloseable> open = new ArrayList<>();

  private RedisStateStore store(int replicas) {
    RedisStateStore store =
        RedisStateStore.builder(REDIS.uri())
            .application("limits")
            .operationTimeout(OP_TIMEOUT)
            .replicas(replicas)
            .build();
    open.add(store);
    return store;
  }

  /** An engine whose alpha allows {@code perMinute} requests; past it, beta or a typed error. */
  private SelfHealingEngine engine(
      RedisStateStore store, ScriptedProvider alpha, int perMinute, boolean withBeta) {
    SelfHealingEngine.Builder builder =
        SelfHealingEngine.builder()
            .provider(alpha, "a-model")
            .stateStore(store)
            .retryPolicy(RetryPolicy.none())
            .limits(LIMITED, new DeploymentLimits(perMinute, 0, 0))
            .limitPolicy(LimitPolicy.NEXT_RUNG);
    if (withBeta) {
      ScriptedProvider beta = ScriptedProvider.named("beta");
      beta.script().answerText("from beta");
      builder.provider(beta, "b-model");
    }
    SelfHealingEngine engine = builder.build();
    open.add(engine);
    return engine;
  }

  private static ScriptedProvider alpha() {
    ScriptedProvider alpha = ScriptedProvider.named("alpha");
    alpha.script().answerText("from alpha");
    return alpha;
  }

  @org.junit.jupiter.api.AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void fourReplicasOfferingTwiceTheLimitAreGrantedTheLimit() throws Exception {
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> granted = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SharedLimits limits = store(4);
        Callable<Integer> offer =
            () -> {
              int count = 0;
              for (int call = 0; call < 300; call++) {
                if (limits.tryTake("openai/gpt-4o", 600, 0, 0) == 0) {
                  count++;
                }
              }
              return count;
            };
        granted.add(replicas.submit(offer));
      }
      int total = 0;
      for (Future<Integer> replica : granted) {
        total += replica.get();
      }
      // Exactly 600 unless the minute turned during the run: the last minute's takes then still
      // weigh on the new one, less the share of it that has passed (a few at most).
      assertThat(total).isBetween(600, 612);
      assertThat(REDIS.commands().keys("lifeline:{limits}:limit:*"))
          .isNotEmpty()
          .allSatisfy(key -> assertThat(REDIS.commands().pttl(key)).isPositive());
    } finally {
      replicas.shutdownNow();
    }
  }

  @Test
  void tokensAndTheirCorrectionsAreCountedForTheFleet() {
    SharedLimits a = store(2);
    SharedLimits b = store(2);
    assertThat(a.tryTake("openai/gpt-4o", 0, 1_000, 700)).isZero();
    long wait = b.tryTake("openai/gpt-4o", 0, 1_000, 400);
    assertThat(Duration.ofNanos(wait)).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    a.correct("openai/gpt-4o", -500); // the answer used 200 tokens, not 700
    assertThat(a.tryTake("openai/gpt-4o", 0, 1_000, 100)).isZero(); // sends the correction
    assertThat(b.tryTake("openai/gpt-4o", 0, 1_000, 400)).isZero();
    assertThat(b.tryTake("openai/gpt-4o", 0, 1_000, 400)).isPositive();
  }

  @Test
  void aCallPastTheFleetsLimitGoesToTheNextRungOrFailsTyped() {
    ScriptedProvider alphaA = alpha();
    ScriptedProvider alphaB = alpha();
    SelfHealingEngine a = engine(store(2), alphaA, 3, true);
    SelfHealingEngine b = engine(store(2), alphaB, 3, true);
    SelfHealingEngine alone = engine(store(2), alpha(), 3, false);

    for (int i = 0; i < 3; i++) {
      assertThat(a.call("hi").provider()).isEqualTo("alpha");
    }
    ChatResponse fromB = b.call("hi");

    assertThat(fromB.provider()).as("A took the fleet's 3").isEqualTo("beta");
    assertThat(alphaB.callCount()).isZero();
    assertThat(fromB.trace().notes())
        .anySatisfy(note -> assertThat(note).contains("client-side limit"));
    assertThatThrownBy(() -> alone.call("hi"))
        .isInstanceOf(NoDeploymentAvailableException.class)
        .hasMessageContaining("client-side limit");
  }

  @Test
  void withRedisKilledTheLimiterKeepsToItsShareWithoutSlowingACall() throws Exception {
    ScriptedProvider alphaA = alpha();
    RedisStateStore store = store(2);
    SelfHealingEngine a = engine(store, alphaA, 4, true);
    assertThat(a.call("hi").provider()).isEqualTo("alpha"); // granted by Redis, recorded here

    REDIS.kill();
    List<String> providers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long start = Ticker.system().nanos();
      providers.add(a.call("hi").provider());
      assertThat(Duration.ofNanos(Ticker.system().nanos() - start)).isLessThan(OP_TIMEOUT);
    }

    // The local share is 4 / 2 = 2 a minute, and the call Redis granted was one of them.
    assertThat(providers).containsExactly("alpha", "beta", "beta", "beta");
    assertThat(store.degraded()).isTrue();
    REDIS.start();
  }

  @Test
  void aStalledRedisCostsOneCallAtMostTheTimeoutThenNoneForASecond() {
    SelfHealingEngine a = engine(store(1), alpha(), 1_000, true);
    assertThat(a.call("hi").provider()).isEqualTo("alpha");

    REDIS.commands().clientPause(1_500);
    long slowest = 0;
    long total = 0;
    for (int i = 0; i < 5; i++) {
      long start = Ticker.system().nanos();
      assertThat(a.call("hi").provider()).isEqualTo("alpha");
      long took = Ticker.system().nanos() - start;
      slowest = Math.max(slowest, took);
      total += took;
    }

    assertThat(Duration.ofNanos(slowest)).isLessThan(OP_TIMEOUT.plusMillis(150));
    assertThat(Duration.ofNanos(total - slowest))
        .as("the other calls did not ask the stalled Redis")
        .isLessThan(OP_TIMEOUT);
  }
}
