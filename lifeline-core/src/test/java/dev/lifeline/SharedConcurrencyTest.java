package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@code maxConcurrent} held by a shared store for the fleet: an attempt enters a slot of the
 * store's before it is sent and gives it back exactly once when it ends, however it ends; a full
 * fleet sends the call where the limit policy says; a store that cannot tell leaves the engine to
 * its share of the limit.
 */
class SharedConcurrencyTest {
  private static final String ALPHA = "alpha/a-model";

  private final VirtualClock clock = new VirtualClock();
  private final List<CompletableFuture<ChatResponse>> alphaSends = new ArrayList<>();
  private final FleetStore store = new FleetStore();

  /** A store whose slots the test sees: other replicas' leases are added by hand. */
  private static final class FleetStore implements StateStore, SharedLimits {
    final InMemoryStateStore state = new InMemoryStateStore();
    final Set<String> held = new LinkedHashSet<>();
    final List<String> entered = new ArrayList<>();
    final List<String> exited = new ArrayList<>();
    int asked;
    boolean unknown;
    int replicas = 1;

    @Override
    public synchronized long tryEnter(String deployment, String lease, int maxConcurrent) {
      asked++;
      if (unknown) {
        return UNKNOWN;
      }
      if (held.size() >= maxConcurrent) {
        return Duration.ofMillis(50).toNanos();
      }
      held.add(lease);
      entered.add(lease);
      return 0;
    }

    @Override
    public synchronized void exit(String deployment, String lease) {
      exited.add(lease);
      held.remove(lease);
    }

    @Override
    public long tryTake(String deployment, int requestsPerMinute, long tokensPerMinute, long t) {
      return 0;
    }

    @Override
    public void correct(String deployment, long tokens) {}

    @Override
    public int replicas() {
      return replicas;
    }

    @Override
    public Optional<String> get(String namespace, String key) {
      return state.get(namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
      state.put(namespace, key, value);
    }

    @Override
    public Map<String, String> all(String namespace) {
      return state.all(namespace);
    }

    @Override
    public void remove(String namespace, String key) {
      state.remove(namespace, key);
    }

    @Override
    public void clear(String namespace) {
      state.clear(namespace);
    }

    @Override
    public void watch(String namespace, BiConsumer<String, String> listener) {}

    @Override
    public void close() {}
  }

  private SelfHealingEngine engine(int maxConcurrent, LimitPolicy policy, RetryPolicy retry) {
    InProcessProvider alpha =
        InProcessProvider.of(
            "alpha",
            (request, model) -> {
              CompletableFuture<ChatResponse> sent = new CompletableFuture<>();
              alphaSends.add(sent);
              return sent;
            });
    return SelfHealingEngine.builder()
        .provider(alpha, "a-model")
        .provider(InProcessProvider.answering("beta"), "b-model")
        .stateStore(store)
        .limits(ALPHA, new DeploymentLimits(0, 0, maxConcurrent))
        .limitPolicy(policy)
        .retryPolicy(retry)
        .ticker(clock)
        .scheduler(clock)
        .deadline(Duration.ofSeconds(60))
        .build();
  }

  private CompletableFuture<ChatResponse> start(SelfHealingEngine engine) {
    CompletableFuture<ChatResponse> call = engine.callAsync(ChatRequest.of("q"));
    clock.advance(Duration.ofMillis(1));
    return call;
  }

  private static ChatResponse answer(String text) {
    return ChatResponse.builder().text(text).provider("alpha").model("a-model").build();
  }

  private Map<String, Integer> exitsPerLease() {
    Map<String, Integer> counts = new HashMap<>();
    store.exited.forEach(lease -> counts.merge(lease, 1, Integer::sum));
    return counts;
  }

  @Test
  void aFullFleetSendsTheCallToTheNextRungAndEverySlotIsGivenBackOnce() {
    SelfHealingEngine engine = engine(2, LimitPolicy.NEXT_RUNG, RetryPolicy.none());
    store.held.add("another-replica:1");

    CompletableFuture<ChatResponse> first = start(engine);
    CompletableFuture<ChatResponse> second = start(engine);

    assertThat(alphaSends).hasSize(1);
    assertThat(second.join().provider()).as("the fleet's 2 slots are taken").isEqualTo("beta");
    assertThat(second.join().trace().notes())
        .anySatisfy(note -> assertThat(note).contains("client-side limit: 2 calls in flight"));
    assertThat(store.entered).hasSize(1).first().asString().isNotEqualTo("another-replica:1");
    assertThat(store.exited).isEmpty();

    alphaSends.get(0).complete(answer("from alpha"));
    clock.advance(Duration.ofMillis(1));

    assertThat(first.join().provider()).isEqualTo("alpha");
    assertThat(store.exited).containsExactlyElementsOf(store.entered);
    assertThat(store.held).containsExactly("another-replica:1");
  }

  @Test
  void atAFullFleetAWaitingCallEntersWhenAnotherReplicaGivesASlotBack() {
    SelfHealingEngine engine = engine(1, LimitPolicy.WAIT, RetryPolicy.none());
    store.held.add("another-replica:1");

    CompletableFuture<ChatResponse> call = start(engine);
    clock.advance(Duration.ofMillis(500));
    assertThat(alphaSends).isEmpty();
    assertThat(store.asked).as("asked again every 50 ms").isGreaterThan(5);

    store.exit(ALPHA, "another-replica:1");
    clock.advance(Duration.ofMillis(60));
    assertThat(alphaSends).hasSize(1);
    alphaSends.get(0).complete(answer("from alpha"));
    clock.advance(Duration.ofMillis(1));

    assertThat(call.join().provider()).isEqualTo("alpha");
    assertThat(store.entered).hasSize(1);
    assertThat(exitsPerLease()).containsOnlyKeys(store.entered.get(0), "another-replica:1");
    assertThat(store.held).isEmpty();
  }

  @Test
  void aFailedAttemptAndACancelledCallGiveTheirSlotsBackExactlyOnce() {
    SelfHealingEngine engine =
        engine(4, LimitPolicy.NEXT_RUNG, RetryPolicy.builder().maxAttempts(1).build());

    CompletableFuture<ChatResponse> failing = start(engine);
    alphaSends.get(0).completeExceptionally(new IOException("connection reset"));
    clock.advance(Duration.ofMillis(1));
    assertThat(failing.join().provider()).as("failed over").isEqualTo("beta");

    CompletableFuture<ChatResponse> cancelled = start(engine);
    assertThat(alphaSends).hasSize(2);
    cancelled.cancel(true);
    clock.advance(Duration.ofSeconds(61)); // past the deadline, should anything still run

    assertThat(store.entered).hasSize(2).doesNotHaveDuplicates();
    assertThat(exitsPerLease())
        .containsOnlyKeys(store.entered)
        .allSatisfy((lease, exits) -> assertThat(exits).isEqualTo(1));
    assertThat(store.held).isEmpty();
  }

  @Test
  void whenTheStoreCannotTellTheEngineKeepsToItsShareAndAsksAgainAfterASecond() {
    store.unknown = true;
    store.replicas = 2;
    SelfHealingEngine engine = engine(4, LimitPolicy.NEXT_RUNG, RetryPolicy.none());

    List<String> providers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CompletableFuture<ChatResponse> call = start(engine);
      if (call.isDone()) {
        providers.add(call.join().provider());
      }
    }

    assertThat(alphaSends).as("4 / 2 replicas: a local share of 2").hasSize(2);
    assertThat(providers).containsExactly("beta");
    assertThat(store.asked).as("not asked again within a second").isEqualTo(1);
    assertThat(store.exited).as("no lease was taken").isEmpty();

    store.unknown = false;
    alphaSends.forEach(sent -> sent.complete(answer("from alpha")));
    clock.advance(Duration.ofSeconds(1));
    start(engine);
    assertThat(store.asked).isEqualTo(2);
    assertThat(store.entered).hasSize(1);
    assertThat(store.exited).isEmpty();
  }
}
