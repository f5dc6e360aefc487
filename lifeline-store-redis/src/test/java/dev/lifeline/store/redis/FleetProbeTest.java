package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.state.StateStore;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Half-open probing across a fleet: four engines on one real Redis, one virtual clock. When the
 * open period of a circuit one replica opened ends, exactly one probe reaches the failing provider,
 * fleet-wide, per half-open period; with the probe lease hidden from the engines (the same shared
 * holds, no coordination), every replica sends its own, and so it does when Redis is down or too
 * slow to answer within the operation timeout.
 */
@Timeout(60)
class FleetProbeTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final int REPLICAS = 4;
  private static final Duration STALENESS = Duration.ofMillis(200);
  private static final Duration OPEN = Duration.ofSeconds(30); // the circuit's default

  private final VirtualClock clock = new VirtualClock();
  private final VirtualClock refresher = new VirtualClock();
  private final List<AutoCloseable> open = new ArrayList<>();

  private record Replica(
      SelfHealingEngine engine, WriteBehindStateStore queue, ScriptedProvider alpha) {}

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void oneProbePerHalfOpenPeriodReachesAFailingProviderFleetWide() {
    List<Replica> replicas = fleet(store -> store);
    openAlphaOn(replicas.get(0));

    for (int period = 1; period <= 3; period++) {
      int before = alphaAttempts(replicas);
      clock.advance(OPEN.plusSeconds(1));
      playRounds(replicas, 5);
      assertThat(alphaAttempts(replicas) - before)
          .as("probes the fleet sent in half-open period %d", period)
          .isEqualTo(1);
    }
  }

  @Test
  void withoutTheLeaseEveryReplicaProbes() {
    List<Replica> replicas = fleet(Uncoordinated::new);
    openAlphaOn(replicas.get(0));

    int before = alphaAttempts(replicas);
    clock.advance(OPEN.plusSeconds(1));
    playRounds(replicas, 5);

    assertThat(alphaAttempts(replicas) - before).isEqualTo(REPLICAS);
  }

  @Test
  void aProbeThatSucceedsLetsEveryReplicaSendAgainWithinTwoStalenessPeriods() {
    List<Replica> replicas = fleet(store -> store);
    openAlphaOn(replicas.get(0));
    replicas.forEach(replica -> replica.alpha().healthy().script().answerText("back"));
    int before = alphaAttempts(replicas);
    clock.advance(OPEN.plusSeconds(1));

    playRounds(replicas, 2); // asked, then one replica probes and closes its circuit
    assertThat(alphaAttempts(replicas) - before).isEqualTo(1);
    stalenessPasses(); // the others read the verdict

    for (Replica replica : replicas) {
      assertThat(call(replica).provider()).isEqualTo("alpha");
    }
    for (Replica replica : replicas) {
      assertThat(healthOf(replica).circuitState()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void withRedisKilledEachReplicaProbesOnItsOwnAndEveryCallIsAnswered() throws Exception {
    List<Replica> replicas = fleet(store -> store);
    openAlphaOn(replicas.get(0));
    REDIS.kill();

    int before = alphaAttempts(replicas);
    clock.advance(OPEN.plusSeconds(1));
    playRounds(replicas, 2);

    assertThat(alphaAttempts(replicas) - before)
        .as("one probe per replica, as without sharing")
        .isEqualTo(REPLICAS);
  }

  @Test
  void withRedisTooSlowToAnswerEachReplicaProbesOnItsOwn() {
    List<Replica> replicas = fleet(store -> store);
    openAlphaOn(replicas.get(0));
    // Every client of this Redis waits 2 s for an answer: ten times the operation timeout.
    REDIS.commands().clientPause(2_000);

    int before = alphaAttempts(replicas);
    clock.advance(OPEN.plusSeconds(1));
    playRounds(replicas, 2);

    assertThat(alphaAttempts(replicas) - before)
        .as("one probe per replica, as without sharing")
        .isEqualTo(REPLICAS);
  }

  /** Replica 0 fails on alpha until its circuit opens; the others learn of it. */
  private void openAlphaOn(Replica first) {
    call(first);
    for (int i = 0; i < 50 && healthOf(first).circuitState() != CircuitState.OPEN; i++) {
      call(first);
    }
    assertThat(healthOf(first).circuitState()).isEqualTo(CircuitState.OPEN);
    stalenessPasses();
  }

  /** Each replica calls once, then one staleness period passes; {@code rounds} times. */
  private void playRounds(List<Replica> replicas, int rounds) {
    for (int round = 0; round < rounds; round++) {
      for (Replica replica : replicas) {
        assertThat(call(replica).text()).isNotBlank();
      }
      stalenessPasses();
    }
  }

  private void stalenessPasses() {
    refresher.advance(STALENESS);
  }

  private ChatResponse call(Replica replica) {
    CompletableFuture<ChatResponse> answer =
        replica.engine().callAsync(ChatRequest.of("summarise the incident report"));
    while (!answer.isDone()) {
      clock.runUntilIdle(Duration.ofMillis(100));
      Thread.yield();
    }
    replica.queue().flush(Duration.ofSeconds(5));
    return answer.join();
  }

  private static int alphaAttempts(List<Replica> replicas) {
    return replicas.stream().mapToInt(replica -> replica.alpha().callCount()).sum();
  }

  private static DeploymentHealth healthOf(Replica replica) {
    return replica.engine().health().stream()
        .filter(health -> health.deployment().provider().equals("alpha"))
        .findFirst()
        .orElseThrow();
  }

  private List<Replica> fleet(Function<RedisStateStore, StateStore> expose) {
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      RedisStateStore redis =
          RedisStateStore.builder(REDIS.uri())
              .application("probes")
              .replica("replica-" + i)
              .staleness(STALENESS)
              .ticker(clock)
              .scheduler(refresher)
              .build();
      WriteBehindStateStore queue = WriteBehindStateStore.wrap(expose.apply(redis));
      ScriptedProvider alpha = ScriptedProvider.named("alpha").always(Fault.serverError());
      ScriptedProvider beta = ScriptedProvider.named("beta");
      beta.script().answerText("the incident was an expired certificate");
      SelfHealingEngine engine =
          SelfHealingEngine.builder()
              .provider(alpha, "a-model")
              .provider(beta, "b-model")
              .stateStore(queue)
              .retryPolicy(RetryPolicy.none())
              .ticker(clock)
              .scheduler(clock)
              .build();
      open.add(queue);
      open.add(engine);
      replicas.add(new Replica(engine, queue, alpha));
    }
    return replicas;
  }

  /** The Redis store as a plain {@link StateStore}: shared holds, no probe lease. */
  private record Uncoordinated(RedisStateStore store) implements StateStore {
    @Override
    public Optional<String> get(String namespace, String key) {
      return store.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
      store.put(namespace, key, value);
    }

    @Override
    public Map<String, String> all(String namespace) {
      return store.all(namespace);
    }

    @Override
    public void remove(String namespace, String key) {
      store.remove(namespace, key);
    }

    @Override
    public void clear(String namespace) {
      store.clear(namespace);
    }

    @Override
    public void watch(String namespace, BiConsumer<String, String> listener) {
      store.watch(namespace, listener);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
