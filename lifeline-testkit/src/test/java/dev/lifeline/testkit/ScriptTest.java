package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripts: sequences, steady faults, seeded mixes, outages, per-model scope, runtime changes. */
class ScriptTest {

  private static final VirtualClock CLOCK = new VirtualClock();
  private static FakeLlmServer server;
  private final TestClient client = new TestClient();

  @BeforeAll
  static void start() {
    server =
        FakeLlmServer.builder(WireFormat.OPENAI).name("scripted").ticker(CLOCK).build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  @Test
  void queuedFaultsPlayOnceEachInOrderThenTheSteadyBehaviour() {
    server.enqueue(Fault.rateLimited(), Fault.serverError());

    assertThat(statuses("gpt-4o", 3)).containsExactly(429, 500, 200);

    server.enqueue(Fault.badGateway()).always(Fault.overloaded());
    assertThat(server.script().pending()).isEqualTo(1);
    assertThat(statuses("gpt-4o", 3)).containsExactly(502, 503, 503);

    server.healthy();
    assertThat(statuses("gpt-4o", 1)).containsExactly(200);
  }

  @Test
  void theModelsScriptComesBeforeTheServers() {
    server.model("gpt-4o-mini").enqueue(Fault.overloaded());
    server.enqueue(Fault.serverError());

    assertThat(statuses("gpt-4o-mini", 1)).containsExactly(503);
    assertThat(statuses("gpt-4o", 1)).containsExactly(500);
    assertThat(statuses("gpt-4o-mini", 1)).containsExactly(200);

    server.model("gpt-4o").always(Fault.modelNotFound());
    assertThat(statuses("gpt-4o", 2)).containsExactly(404, 404);
    assertThat(statuses("gpt-4o-mini", 1)).containsExactly(200);
  }

  @Test
  void anOutageEndsWhenItsTimeIsUpOnTheServersTicker() {
    server.enqueue(Fault.rateLimited());
    server.outage(Fault.status(503), Duration.ofMinutes(10));

    assertThat(statuses("gpt-4o", 2)).containsExactly(503, 503);
    CLOCK.advance(Duration.ofMinutes(9));
    assertThat(statuses("gpt-4o", 1)).containsExactly(503);
    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(statuses("gpt-4o", 2))
        .as("the queue resumes after the outage")
        .containsExactly(429, 200);
  }

  @Test
  void aMixIsReproducibleFromItsSeed() {
    FaultMix mix =
        FaultMix.builder(42)
            .add(0.6, Fault.healthy())
            .add(0.3, Fault.rateLimited(Duration.ZERO))
            .add(0.1, Fault.serverError())
            .build();

    server.mix(mix);
    List<Integer> first = statuses("gpt-4o", 30);
    server.mix(mix);
    List<Integer> second = statuses("gpt-4o", 30);

    assertThat(second).isEqualTo(first);
    assertThat(first).contains(200, 429);
    assertThat(first).containsOnly(200, 429, 500);
  }

  @Test
  void aMixFollowsItsWeights() {
    Script script = new Script(CLOCK);
    Fault rare = Fault.serverError();
    script.mix(FaultMix.builder(7).add(9, Fault.healthy()).add(1, rare).build());

    int rareCount = 0;
    for (int i = 0; i < 10_000; i++) {
      if (script.next() == rare) {
        rareCount++;
      }
    }

    assertThat(rareCount).isBetween(900, 1100);
  }

  @Test
  void concurrentRequestsConsumeEachQueuedFaultExactlyOnce() throws Exception {
    Fault[] faults = new Fault[40];
    java.util.Arrays.fill(faults, Fault.serverError());
    server.enqueue(faults);
    Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        done.add(
            pool.submit(
                () ->
                    counts
                        .computeIfAbsent(
                            client.chat(server, "gpt-4o", "hi", false).statusCode(),
                            k -> new AtomicInteger())
                        .incrementAndGet()));
      }
      for (Future<?> future : done) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(counts.get(500)).hasValue(40);
    assertThat(counts.get(200)).hasValue(60);
    assertThat(server.requestCount()).isEqualTo(100);
  }

  @Test
  void scriptsChangeWhileTheServerRuns() {
    assertThat(statuses("gpt-4o", 1)).containsExactly(200);
    server.always(Fault.unauthorized());
    assertThat(statuses("gpt-4o", 1)).containsExactly(401);
    server.always(Fault.quotaExhausted());
    assertThat(statuses("gpt-4o", 1)).containsExactly(429);
    server.healthy();
    assertThat(statuses("gpt-4o", 1)).containsExactly(200);
  }

  @Test
  void resetForgetsScriptsButKeepsModelScriptHandlesWorking() {
    Script mini = server.model("gpt-4o-mini").answerText("custom").always(Fault.overloaded());

    server.reset();
    assertThat(statuses("gpt-4o-mini", 1)).containsExactly(200);
    mini.always(Fault.serverError());

    assertThat(statuses("gpt-4o-mini", 1)).containsExactly(500);
    assertThat(server.model("gpt-4o-mini")).isSameAs(mini);
  }

  @Test
  void scriptsValidateWhatTheyAreGiven() {
    Script script = server.script();

    assertThatThrownBy(() -> script.toolCall("f", "[1, 2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> script.jsonAnswer("{oops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valid JSON");
    assertThatThrownBy(() -> script.outage(Fault.serverError(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> script.enqueue((Fault) null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringShowsWhatIsScripted() {
    server
        .enqueue(Fault.rateLimited(Duration.ofSeconds(2)), Fault.cutStream(3))
        .always(Fault.hang());

    assertThat(server.script().toString())
        .isEqualTo("Script[queue [rateLimited(PT2S), cutStream(3)], always hang()]");
  }

  private List<Integer> statuses(String model, int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(client.chat(server, model, "hi", false).statusCode());
    }
    return statuses;
  }
}
