package dev.lifeline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import dev.lifeline.store.redis.RedisStateStore;
import dev.lifeline.time.VirtualClock;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Each {@code lifeline.store.*} property of the Redis store reaches the store the starter builds,
 * seen in what the store does against a real Redis; a value the store refuses stops the context
 * naming the property and its range.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStorePropertiesTest {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();

  private static final String ENTRY =
      "{\"version\":1,\"deployment\":\"p1/m\",\"kind\":\"RATE_LIMITED\",\"code\":\"429\","
          + "\"shape\":\"any\",\"evidence\":1.0,\"failures\":1,\"firstSeen\":%d,\"lastSeen\":%d,"
          + "\"resolvers\":{},\"recoveries\":0,\"recoveryAttempts\":0,"
          + "\"recoveryMillis\":0,\"wastedCost\":0.0}";

  private static ApplicationContextRunner runner() {
    return StarterRunner.create()
        .withPropertyValues(
            "lifeline.providers[0].type=openai",
            "lifeline.providers[0].base-url=http://127.0.0.1:9/v1",
            "lifeline.providers[0].api-key=sk-x",
            "lifeline.providers[0].models=gpt-4o",
            "lifeline.store.type=redis",
            "lifeline.store.uri=" + redis.uri());
  }

  private static RedisStateStore store(AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    return (RedisStateStore) context.getBean(StateStore.class);
  }

  @Test
  void replicasSetTheFleetsShareOfTheLimits() {
    runner().run(context -> assertThat(store(context).replicas()).isEqualTo(1));
    runner()
        .withPropertyValues("lifeline.store.replicas=3")
        .run(context -> assertThat(store(context).replicas()).isEqualTo(3));
  }

  @Test
  void applicationReplicaAndTheEnginesHalfLivesShapeThePlaybookShare() {
    VirtualClock clock = new VirtualClock();
    runner()
        .withPropertyValues(
            "lifeline.store.application=shop",
            "lifeline.store.replica=pod-a",
            "lifeline.learning.half-lives.rate-limited=1m")
        .withBean(VirtualClock.class, () -> clock)
        .run(
            context -> {
              long now = clock.now().toEpochMilli();
              store(context).put("playbook", "e1", String.format(ENTRY, now, now));

              String key = "lifeline:{shop}:pb:e1";
              assertThat(redis.commands().hkeys(key)).containsExactly("pod-a");
              // Kept 20 half-lives after its last sighting on the engine's clock: 20 x 1 min, where
              // the default half-life of a rate limit (2 min) would keep it 40 min.
              assertThat(redis.commands().pttl(key))
                  .isBetween(Duration.ofMinutes(19).toMillis(), Duration.ofMinutes(20).toMillis());
            });
  }

  @Test
  void probeLeaseIsHowLongTheFleetsProbeIsHeld() {
    runner()
        .withPropertyValues("lifeline.store.probe-lease=42s")
        .run(
            context -> {
              RedisStateStore store = store(context);
              assertThat(store.mayProbe("p1/m")).isFalse(); // asks Redis at the next refresh
              store.refreshNow();
              assertThat(store.mayProbe("p1/m")).isTrue();
              assertThat(redis.commands().pttl("lifeline:{default}:probe:p1/m"))
                  .isBetween(41_000L, 42_000L);
            });
  }

  @Test
  void limitWindowIsWhatTheFleetsLimitsAreCountedOver() {
    runner()
        .withPropertyValues("lifeline.store.limit-window=5s")
        .run(
            context -> {
              assertThat(store(context).tryTake("p1/m", 600, 0, 1)).isZero();
              List<String> counters = redis.commands().keys("lifeline:{default}:limit:p1/m:r:*");
              assertThat(counters).hasSize(1);
              // A window's counter lives two windows.
              assertThat(redis.commands().pttl(counters.get(0))).isBetween(9_000L, 10_000L);
            });
  }

  @Test
  void slotLeaseIsHowLongASlotOfCallsInFlightIsHeld() {
    runner()
        .withPropertyValues("lifeline.store.slot-lease=90s")
        .run(
            context -> {
              assertThat(store(context).tryEnter("p1/m", "lease-1", 5)).isZero();
              assertThat(redis.commands().pttl("lifeline:{default}:slots:p1/m"))
                  .isBetween(89_000L, 90_000L);
            });
  }

  @Test
  void operationTimeoutIsHowLongTheStoreWaitsForRedis() {
    runner()
        .withPropertyValues("lifeline.store.operation-timeout=5s")
        .run(
            context -> {
              RedisStateStore store = store(context);
              assertThat(store.get("notes", "k")).isEmpty(); // connected
              // Redis holds every command for 600 ms: over the default 200 ms, within 5 s.
              redis.commands().clientPause(600);
              assertThat(store.get("notes", "k")).isEmpty();
              assertThat(store.failedOperations()).isZero();
            });
  }

  @Test
  void stalenessIsTheRefreshersPeriodOnTheEnginesScheduler() {
    VirtualClock clock = new VirtualClock();
    runner()
        .withPropertyValues("lifeline.store.staleness=3s")
        .withBean(VirtualClock.class, () -> clock)
        .run(
            context -> {
              List<String> heard = new CopyOnWriteArrayList<>();
              store(context).watch("notes", (key, value) -> heard.add(key + "=" + value));
              redis.commands().hset("lifeline:{default}:ns:notes", "k", "from another replica");

              clock.advance(Duration.ofMillis(2_999));
              assertThat(heard).isEmpty();
              clock.advance(Duration.ofMillis(1));
              assertThat(heard).containsExactly("k=from another replica");
            });
  }

  @Test
  void clusterMakesTheStoreSpeakRedisCluster(CapturedOutput output) {
    runner()
        .withPropertyValues("lifeline.store.cluster=false")
        .run(context -> assertThat(store(context).get("notes", "k")).isEmpty());
    runner()
        .withPropertyValues("lifeline.store.cluster=true")
        .run(
            context -> {
              // A standalone Redis refuses the cluster client's first question.
              RedisStateStore store = store(context);
              assertThat(catchThrowable(() -> store.get("notes", "k")))
                  .isInstanceOf(StateStoreException.class);
              assertThat(store.degraded()).isTrue();
            });
    assertThat(output.getAll()).contains("Redis at cluster node 127.0.0.1:");
  }

  @Test
  void trustedCertificatesAreReadAtStartup(@TempDir Path dir) throws URISyntaxException {
    Path pem = Path.of(RedisStorePropertiesTest.class.getResource("/redis-ca.pem").toURI());
    runner()
        .withPropertyValues("lifeline.store.trusted-certificates=" + pem)
        .run(context -> assertThat(store(context)).isNotNull());
    runner()
        .withPropertyValues("lifeline.store.trusted-certificates=" + dir.resolve("missing.pem"))
        .run(
            context -> {
              LifelinePropertyException failure = propertyFailure(context);
              assertThat(failure.property()).isEqualTo("lifeline.store.trusted-certificates");
              assertThat(failure.problem()).contains("readable file of PEM certificates");
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lifeline.store.operation-timeout | 0s    | (0, PT10S]",
        "lifeline.store.staleness         | 2m    | (0, PT1M]",
        "lifeline.store.probe-lease       | -1s   | (0, PT10M]",
        "lifeline.store.limit-window      | 50ms  | [PT0.1S, PT1M]",
        "lifeline.store.slot-lease        | 500ms | [PT1S, PT1H]",
        "lifeline.store.replicas          | 0     | [1, 10000]",
        "lifeline.store.replica           | pod a | 1 to 64 letters, digits",
        "lifeline.store.application       | a/b   | 1 to 64 letters, digits",
        "lifeline.learning.half-lives.rate-limited | 0s | must be positive",
      })
  void aValueTheStoreRefusesStopsTheContextNamingTheProperty(
      String property, String value, String range) {
    runner()
        .withPropertyValues(property + "=" + value)
        .run(
            context -> {
              LifelinePropertyException failure = propertyFailure(context);
              assertThat(failure.property()).isEqualTo(property);
              assertThat(failure.problem()).contains(range);
              FailureAnalysis analysis =
                  new LifelineFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription()).contains("'" + property + "'").contains(range);
            });
  }

  private static LifelinePropertyException propertyFailure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
      if (cause instanceof LifelinePropertyException failure) {
        return failure;
      }
    }
    throw new AssertionError("no LifelinePropertyException in", context.getStartupFailure());
  }
}
