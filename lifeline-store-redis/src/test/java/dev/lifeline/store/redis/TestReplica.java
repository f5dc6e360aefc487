package dev.lifeline.store.redis;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;

/**
 * One replica of a service in a test: an engine on its own store (through the engine's write-behind
 * queue, as in production), with a provider "alpha" that always fails one way and a provider "beta"
 * that answers. One attempt per deployment, so every attempt alpha sees is one the fleet paid.
 */
final class TestReplica implements AutoCloseable {
  private final RedisStateStore store;
  private final WriteBehindStateStore queue;
  private final ScriptedProvider alpha;
  private final SelfHealingEngine engine;

  private TestReplica(RedisStateStore store, Fault alphaFault, VirtualClock clock) {
    this.store = store;
    this.queue = WriteBehindStateStore.wrap(store);
    this.alpha = ScriptedProvider.named("alpha").always(alphaFault);
    ScriptedProvider beta = ScriptedProvider.named("beta");
    beta.script().answerText("fine");
    this.engine =
        SelfHealingEngine.builder()
            .provider(alpha, "a-model")
            .provider(beta, "b-model")
            .stateStore(queue)
            .retryPolicy(RetryPolicy.none())
            .ticker(clock)
            .scheduler(clock)
            .build();
  }

  /** A replica on {@code store} (closed with it), whose alpha always answers {@code alphaFault}. */
  static TestReplica on(RedisStateStore store, Fault alphaFault, VirtualClock clock) {
    return new TestReplica(store, alphaFault, clock);
  }

  /** One call; returns once the engine's writes have been handed to the store. */
  ChatResponse call() {
    ChatResponse answer = engine.call("status?");
    queue.flush(Duration.ofSeconds(5));
    return answer;
  }

  /** The attempts alpha has seen from this replica. */
  int alphaAttempts() {
    return alpha.callCount();
  }

  SelfHealingEngine engine() {
    return engine;
  }

  RedisStateStore store() {
    return store;
  }

  @Override
  public void close() {
    engine.close();
    queue.close();
  }
}
