package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.testkit.Fault;
import dev.lifeline.time.VirtualClock;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store on a real Redis Cluster of three masters, joined by {@code redis-cli --cluster create}:
 * the store is given one node and the application's slot lives on another, so Lettuce must follow
 * the topology. Replicas share holds and playbook entries, the rate budgets' script counts across
 * them, and every key of the application sits in one hash slot, on one node.
 */
@Timeout(60)
class RedisMultiNodeClusterTest {
  @RegisterExtension static final RedisServer NODE_1 = RedisServer.clusterNode();
  @RegisterExtension static final RedisServer NODE_2 = RedisServer.clusterNode();
  @RegisterExtension static final RedisServer NODE_3 = RedisServer.clusterNode();

  private static final List<RedisServer> NODES = List.of(NODE_1, NODE_2, NODE_3);

  private final VirtualClock clock = new VirtualClock();
  private final VirtualClock refresher = new VirtualClock();

  @BeforeAll
  static void joinTheNodes() throws Exception {
    List<String> command = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
    NODES.forEach(node -> command.add("127.0.0.1:" + node.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Path output = Files.createTempFile("lifeline-cluster-create", ".log");
    try {
      Process create =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      assertThat(create.waitFor(30, TimeUnit.SECONDS)).as("redis-cli --cluster create").isTrue();
      assertThat(create.exitValue())
          .as("redis-cli --cluster create:\n%s", Files.readString(output, StandardCharsets.UTF_8))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
    // The nodes agree on the slots at once; each declares the cluster usable after gossip.
    for (RedisServer node : NODES) {
      for (int i = 0; i < 400 && !node.commands().clusterInfo().contains("cluster_state:ok"); i++) {
        Thread.sleep(25);
      }
      assertThat(node.commands().clusterInfo()).contains("cluster_state:ok");
    }
  }

  private RedisStateStore store(String application) {
    return RedisStateStore.builder(NODE_1.uri())
        .cluster()
        .application(application)
        // Discovering the topology takes a few round trips: generous on a loaded machine.
        .operationTimeout(Duration.ofSeconds(2))
        .ticker(clock)
        .scheduler(refresher)
        .build();
  }

  @Test
  void replicasShareHoldsPlaybookAndBudgetsAndTheApplicationsKeysShareOneSlot() {
    Partitions topology = ClusterPartitionParser.parse(NODE_1.commands().clusterNodes());
    String application = applicationNotOn(NODE_1, topology);
    int slot = slotOf(application);
    int owner = topology.getPartitionBySlot(slot).getUri().getPort();

    try (TestReplica a = TestReplica.on(store(application), Fault.unauthorized(), clock);
        TestReplica b = TestReplica.on(store(application), Fault.unauthorized(), clock)) {
      assertThat(a.call().provider()).isEqualTo("beta");
      assertThat(b.store().refreshNow()).isTrue();
      assertThat(b.call().provider()).isEqualTo("beta");
      assertThat(a.alphaAttempts() + b.alphaAttempts()).as("the fleet paid once").isEqualTo(1);

      // A replica started now reads the playbook entry A learned.
      try (TestReplica late = TestReplica.on(store(application), Fault.unauthorized(), clock)) {
        assertThat(late.engine().playbook().entries())
            .extracting(PlaybookEntry::signature)
            .anySatisfy(signature -> assertThat(signature.deployment()).contains("alpha"));
        assertThat(late.call().provider()).isEqualTo("beta");
        assertThat(late.alphaAttempts()).isZero();
      }

      // The budget's script runs on the slot's node, counting both replicas' takes.
      List<RateBudgets.Verdict> verdicts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        RateBudgets budgets = (i % 2 == 0 ? a : b).store().rateBudgets();
        verdicts.add(budgets.tryAcquire("beta/b-model", 5, Duration.ofMinutes(10), 1));
      }
      assertThat(verdicts).filteredOn(RateBudgets.Verdict.GRANTED::equals).hasSize(5);
      assertThat(verdicts).filteredOn(RateBudgets.Verdict.REFUSED::equals).hasSize(3);
      assertThat(a.store().degraded()).isFalse();
      assertThat(a.store().toString()).contains("cluster node 127.0.0.1:" + NODE_1.port());
    }

    for (RedisServer node : NODES) {
      List<String> keys = node.commands().keys("*");
      if (node.port() == owner) {
        assertThat(keys)
            .allMatch(key -> key.startsWith("lifeline:{" + application + "}:"))
            .anyMatch(key -> key.contains(":hold:"))
            .anyMatch(key -> key.contains(":pb:"))
            .anyMatch(key -> key.contains(":rate:"));
        assertThat(keys).allMatch(key -> node.commands().clusterKeyslot(key) == slot);
      } else {
        assertThat(keys).as("node %s holds none of the application's keys", node.port()).isEmpty();
      }
    }
  }

  /** An application name whose keys' slot another node than {@code seed} serves. */
  private static String applicationNotOn(RedisServer seed, Partitions topology) {
    for (int i = 0; ; i++) {
      String candidate = "checkout-" + i;
      if (topology.getPartitionBySlot(slotOf(candidate)).getUri().getPort() != seed.port()) {
        return candidate;
      }
    }
  }

  private static int slotOf(String application) {
    return NODE_1.commands().clusterKeyslot("lifeline:{" + application + "}:hold:x").intValue();
  }

  /** The redis-cli beside the redis-server the tests run, else the one on the PATH. */
  private static String redisCli() {
    Path beside = Path.of(RedisServer.binary()).resolveSibling("redis-cli");
    return Files.isExecutable(beside) ? beside.toString() : "redis-cli";
  }
}
