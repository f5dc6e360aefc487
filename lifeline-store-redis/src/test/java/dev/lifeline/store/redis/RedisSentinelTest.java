package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.testkit.Fault;
import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store through a real Redis Sentinel ({@code redis-sentinel://...?sentinelMasterId=m}): two
 * replicas share a hold on the master the sentinel names; the master is killed, the sentinel
 * promotes the replica, and the stores resume on it within a bounded time while no call fails or
 * waits on Redis.
 */
@Timeout(60)
class RedisSentinelTest {
  @RegisterExtension static final RedisSentinel REDIS = new RedisSentinel();

  /** Generous: it bounds failures only, and a call's time on a busy two-core machine. */
  private static final Duration OP_TIMEOUT = Duration.ofSeconds(2);

  /** Down-after (1 s), election and promotion, and Lettuce's reconnect backoff (at most 1 s). */
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);

  private static final String HOLD = "lifeline:{sentinel}:hold:provider:alpha";

  private final VirtualClock clock = new VirtualClock();
  private final VirtualClock refresher = new VirtualClock();

  private RedisStateStore store() {
    return RedisStateStore.builder(REDIS.uri())
        .application("sentinel")
        .operationTimeout(OP_TIMEOUT)
        .ticker(clock)
        .scheduler(refresher)
        .build();
  }

  @Test
  void replicasShareHoldsThroughTheSentinelAndResumeOnThePromotedReplicaAfterAFailover()
      throws Exception {
    try (LogLines log = LogLines.capture();
        TestReplica a = TestReplica.on(store(), Fault.unauthorized(), clock);
        TestReplica b = TestReplica.on(store(), Fault.unauthorized(), clock)) {
      assertThat(a.call().provider()).isEqualTo("beta");
      assertThat(b.store().refreshNow()).isTrue();
      assertThat(b.call().provider()).isEqualTo("beta");
      assertThat(b.alphaAttempts()).as("B skips the key A found revoked").isZero();
      assertThat(a.store().toString()).isEqualTo("RedisStateStore[sentinel master m]");
      assertThat(REDIS.master().commands().exists(HOLD)).isEqualTo(1);

      // The replica has the hold and the sentinel could promote it: then the master dies.
      assertThat(REDIS.master().commands().waitForReplication(1, 5_000)).isEqualTo(1);
      for (int i = 0; i < 200 && !REDIS.replicaReady(); i++) {
        Thread.sleep(50);
      }
      assertThat(REDIS.replicaReady()).isTrue();
      long start = Ticker.system().nanos();
      REDIS.master().kill();

      int callsMeanwhile = 0;
      while (true) {
        boolean aBack = a.store().refreshNow();
        boolean bBack = b.store().refreshNow(); // both poll, every round
        if (aBack && bBack) {
          break;
        }
        assertThat(Duration.ofNanos(Ticker.system().nanos() - start))
            .as("the stores resume on the promoted replica")
            .isLessThan(FAILOVER_BOUND);
        for (TestReplica replica : List.of(a, b)) {
          long callStart = Ticker.system().nanos();
          ChatResponse answer = replica.engine().call("status?");
          assertThat(answer.provider()).isEqualTo("beta");
          assertThat(Duration.ofNanos(Ticker.system().nanos() - callStart))
              .as("a call does not wait on Redis")
              .isLessThan(OP_TIMEOUT);
        }
        callsMeanwhile += 2;
        Thread.sleep(50); // the sentinel's failover is real time: poll, do not spin
      }
      assertThat(callsMeanwhile).as("the failover took a while; calls went on").isPositive();
      assertThat(REDIS.masterPortNow()).isEqualTo(REDIS.replica().port());
      assertThat(REDIS.replica().commands().info("replication")).contains("role:master");
      assertThat(REDIS.replica().commands().exists(HOLD)).isEqualTo(1);
      assertThat(a.alphaAttempts() + b.alphaAttempts()).as("the fleet paid once").isEqualTo(1);

      // Writes land on the new master; a replica started now reads the hold through the sentinel.
      a.store().put("notes", "after", "failover");
      assertThat(REDIS.replica().commands().hget("lifeline:{sentinel}:ns:notes", "after"))
          .isEqualTo("failover");
      try (TestReplica late = TestReplica.on(store(), Fault.unauthorized(), clock)) {
        assertThat(late.store().refreshNow()).isTrue();
        assertThat(late.call().provider()).isEqualTo("beta");
        assertThat(late.alphaAttempts()).isZero();
      }

      assertThat(log.storeWarnings())
          .as("one outage warning per store, naming the sentinel master")
          .hasSize(2)
          .allMatch(line -> line.contains("Redis at sentinel master m is unreachable"));
    }
  }
}
