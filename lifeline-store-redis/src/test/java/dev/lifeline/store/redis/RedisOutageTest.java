package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.state.StateStoreException;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis killed in the middle of a run and started again, empty: no call fails or waits on it, each
 * store counts the outage once, and what a replica learned meanwhile reaches the others once Redis
 * is back.
 */
@Timeout(60)
class RedisOutageTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final Duration STALENESS = Duration.ofMillis(200);
  private static final Duration OP_TIMEOUT = Duration.ofMillis(200);

  private final VirtualClock clock = new VirtualClock();
  private final VirtualClock refresher = new VirtualClock();

  private RedisStateStore store() {
    return RedisStateStore.builder(REDIS.uri())
        .application("outage")
        .operationTimeout(OP_TIMEOUT)
        .staleness(STALENESS)
        .ticker(clock)
        .scheduler(refresher)
        .build();
  }

  private SelfHealingEngine engine(WriteBehindStateStore queue, ScriptedProvider alpha) {
    ScriptedProvider beta = ScriptedProvider.named("beta");
    beta.script().answerText("fine");
    return SelfHealingEngine.builder()
        .provider(alpha, "a-model")
        .provider(beta, "b-model")
        .stateStore(queue)
        .retryPolicy(RetryPolicy.none())
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  @Test
  void aKilledRedisCostsNoCallAndWhatWasLearnedMeanwhileReachesTheFleetWhenItReturns()
      throws Exception {
    try (RedisStateStore storeA = store();
        RedisStateStore storeB = store();
        WriteBehindStateStore queueA = WriteBehindStateStore.wrap(storeA);
        WriteBehindStateStore queueB = WriteBehindStateStore.wrap(storeB)) {
      ScriptedProvider alphaA = ScriptedProvider.named("alpha").always(Fault.unauthorized());
      ScriptedProvider alphaB = ScriptedProvider.named("alpha").always(Fault.unauthorized());
      try (SelfHealingEngine a = engine(queueA, alphaA);
          SelfHealingEngine b = engine(queueB, alphaB)) {
        assertThat(storeA.refreshNow()).isTrue();
        assertThat(storeB.refreshNow()).isTrue();

        REDIS.kill();

        // Replica A learns of the revoked key while Redis is down; its calls do not notice.
        for (int i = 0; i < 3; i++) {
          ChatResponse answer = a.call("status?");
          assertThat(answer.provider()).isEqualTo("beta");
        }
        assertThat(queueA.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(alphaA.callCount()).isEqualTo(1);
        assertThat(storeA.degraded()).isTrue();

        // A Redis command fails within its timeout, never later.
        long start = Ticker.system().nanos();
        assertThatThrownBy(() -> storeA.get("notes", "k")).isInstanceOf(StateStoreException.class);
        assertThat(Duration.ofNanos(Ticker.system().nanos() - start))
            .isLessThan(OP_TIMEOUT.multipliedBy(3));
        for (int i = 0; i < 5; i++) {
          refresher.advance(STALENESS); // the refreshers keep failing, quietly
        }
        assertThat(storeA.outages()).as("one outage, logged once").isEqualTo(1);
        assertThat(storeA.failedOperations()).isGreaterThan(3);

        REDIS.start(); // empty: nothing was saved
        // Waiting for Lettuce to reconnect to the new process: the store resynchronises then.
        for (int i = 0; i < 200 && !storeA.refreshNow(); i++) {
          Thread.sleep(25);
        }
        assertThat(storeA.degraded()).isFalse();
        for (int i = 0; i < 200 && !storeB.refreshNow(); i++) {
          Thread.sleep(25);
        }

        ChatResponse fromB = b.call("status?");
        assertThat(fromB.provider()).isEqualTo("beta");
        assertThat(alphaB.callCount()).as("B skips the key A found revoked").isZero();
      }
    }
  }
}
