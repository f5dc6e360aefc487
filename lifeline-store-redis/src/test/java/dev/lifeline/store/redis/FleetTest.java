package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four engines, each with its own store and its own provider instances, as four replicas of one
 * service would be, on one real Redis; one virtual clock moves them all, and each store's refresher
 * polls as the clock passes its staleness period.
 */
@Timeout(60)
class FleetTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final int REPLICAS = 4;
  private static final Duration STALENESS = Duration.ofMillis(200);

  private final VirtualClock clock = new VirtualClock();

  /** What runs the stores' refreshers: moved by hand, one staleness period at a time. */
  private final VirtualClock refresher = new VirtualClock();

  private final List<AutoCloseable> open = new ArrayList<>();

  /** One replica: its engine, its store's write-behind queue, its "alpha" (failing) provider. */
  private record Replica(
      SelfHealingEngine engine,
      WriteBehindStateStore queue,
      ScriptedProvider alpha,
      VirtualClock clock) {
    ChatResponse call() {
      CompletableFuture<ChatResponse> answer =
          engine.callAsync(ChatRequest.of("summarise the incident report"));
      // The engine's waits run on virtual time: move it until the call is over.
      while (!answer.isDone()) {
        clock.runUntilIdle(Duration.ofMillis(100));
        Thread.yield();
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("the call did not end");
        }
      }
      queue.flush(Duration.ofSeconds(5)); // the write reaches Redis: what a real replica does soon
      return answer.join();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private List<Replica> fleet(Supplier<StateStore> stores, Supplier<Fault> alphaFault) {
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      WriteBehindStateStore queue = WriteBehindStateStore.wrap(stores.get());
      ScriptedProvider alpha = ScriptedProvider.named("alpha").always(alphaFault.get());
      ScriptedProvider beta = ScriptedProvider.named("beta");
      beta.script().answerText("the incident was a expired certificate");
      SelfHealingEngine engine =
          SelfHealingEngine.builder()
              .provider(alpha, "a-model")
              .provider(beta, "b-model")
              .stateStore(queue)
              // One attempt per deployment: every attempt a provider sees is one the fleet paid.
              .retryPolicy(RetryPolicy.none())
              .ticker(clock)
              .scheduler(clock)
              .build();
      open.add(queue);
      open.add(engine);
      replicas.add(new Replica(engine, queue, alpha, clock));
    }
    return replicas;
  }

  private RedisStateStore redisStore() {
    return RedisStateStore.builder(REDIS.uri())
        .application("fleet")
        .staleness(STALENESS)
        .ticker(clock)
        .scheduler(refresher)
        .build();
  }

  /** One staleness period passes for the refreshers: each polls Redis once. */
  private void stalenessPasses() {
    refresher.advance(STALENESS);
  }

  /**
   * Each replica calls in turn, one staleness period apart; returns alpha's attempts, fleet-wide.
   */
  private int playInTurn(List<Replica> replicas) {
    for (Replica replica : replicas) {
      ChatResponse answer = replica.call();
      assertThat(answer.provider()).isEqualTo("beta");
      stalenessPasses();
    }
    return replicas.stream().mapToInt(replica -> replica.alpha().callCount()).sum();
  }

  @Test
  void aRevokedKeyCostsTheSharedFleetOneAttemptAndAnUnsharedFleetOnePerReplica() {
    int shared = playInTurn(fleet(this::redisStore, Fault::unauthorized));
    int alone = playInTurn(fleet(InMemoryStateStore::new, Fault::unauthorized));

    assertThat(shared).as("401s the fleet paid with Redis").isEqualTo(1);
    assertThat(alone).as("401s the fleet paid without sharing").isEqualTo(REPLICAS);
  }

  @Test
  void a429CooldownLearnedByOneIsHonouredByAllWithinTheStalenessBoundAndEndsForAll() {
    List<Replica> replicas =
        fleet(this::redisStore, () -> Fault.rateLimited(Duration.ofSeconds(30)));
    replicas.get(0).call();
    stalenessPasses();

    for (Replica replica : replicas.subList(1, REPLICAS)) {
      assertThat(replica.call().trace().attemptCount()).isEqualTo(1);
      DeploymentHealth alpha = healthOf(replica, "alpha");
      assertThat(alpha.cooldownReason()).startsWith("shared: ").contains("RATE_LIMITED");
    }
    assertThat(replicas.stream().mapToInt(replica -> replica.alpha().callCount()).sum())
        .isEqualTo(1);

    clock.advance(Duration.ofSeconds(31)); // the provider's wait is over, for every replica
    replicas.forEach(replica -> replica.alpha().healthy().script().answerText("back"));
    // A cooldown ends in half-open probing, coordinated: the replicas ask for the probe lease, one
    // probes and shares its verdict, then every replica sends again.
    for (int round = 0; round < 2; round++) {
      replicas.forEach(Replica::call);
      stalenessPasses();
    }
    assertThat(replicas.stream().mapToInt(replica -> replica.alpha().callCount()).sum())
        .as("the 429 and the fleet's one probe")
        .isEqualTo(2);
    for (Replica replica : replicas) {
      ChatResponse answer = replica.call();
      assertThat(answer.provider()).as("%s", answer.trace()).isEqualTo("alpha");
    }
  }

  @Test
  void aCircuitOneReplicaOpensKeepsTheOthersAwayWithinTheStalenessBound() {
    List<Replica> replicas = fleet(this::redisStore, Fault::serverError);
    Replica first = replicas.get(0);
    first.call();
    for (int i = 0; i < 50 && healthOf(first, "alpha").circuitState() != CircuitState.OPEN; i++) {
      first.call();
    }
    assertThat(healthOf(first, "alpha").circuitState()).isEqualTo(CircuitState.OPEN);
    int paidByFirst = first.alpha().callCount();
    stalenessPasses();

    for (Replica replica : replicas.subList(1, REPLICAS)) {
      replica.call();
      assertThat(replica.alpha().callCount()).as("attempts a later replica sent").isZero();
    }
    assertThat(first.alpha().callCount()).isEqualTo(paidByFirst);
  }

  private static DeploymentHealth healthOf(Replica replica, String provider) {
    return replica.engine().health().stream()
        .filter(health -> health.deployment().provider().equals(provider))
        .findFirst()
        .orElseThrow();
  }
}
