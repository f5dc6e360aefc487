package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store on a real Redis Cluster of one node holding every slot: Lettuce's cluster client finds
 * the node by its topology, and the holds (MGET over an index, scripts) work, since an
 * application's keys share one hash slot.
 */
@Timeout(60)
class RedisClusterTest {
  @RegisterExtension static final RedisServer REDIS = RedisServer.clusterNode();

  @BeforeAll
  static void ownEverySlot() throws InterruptedException {
    REDIS.commands().clusterAddSlots(IntStream.range(0, 16384).toArray());
    // The node takes a moment to declare the cluster usable.
    for (int i = 0; i < 200 && !REDIS.commands().clusterInfo().contains("cluster_state:ok"); i++) {
      Thread.sleep(25);
    }
    assertThat(REDIS.commands().clusterInfo()).contains("cluster_state:ok");
  }

  @Test
  void holdsAndHashesGoThroughTheClusterClient() {
    VirtualClock clock = new VirtualClock();
    try (RedisStateStore store =
        RedisStateStore.builder(REDIS.uri())
            .cluster()
            .application("clustered")
            // Discovering the topology takes a few round trips: generous on a loaded machine.
            .operationTimeout(Duration.ofSeconds(2))
            .ticker(clock)
            .scheduler(clock)
            .build()) {
      String hold =
          "{\"target\":\"p1\",\"provider\":true,\"until\":"
              + clock.now().plus(Duration.ofSeconds(60)).toEpochMilli()
              + ",\"reason\":\"revoked\"}";
      store.put(RedisStateStore.HOLDS, "provider:p1", hold);
      store.put("notes", "k", "v");

      assertThat(store.all(RedisStateStore.HOLDS)).containsOnlyKeys("provider:p1");
      assertThat(store.get("notes", "k")).contains("v");
      assertThat(store.refreshNow()).isTrue();
      assertThat(store.degraded()).isFalse();
      assertThat(store.toString()).contains("cluster node");
    }
    assertThat(REDIS.commands().keys("*")).allMatch(key -> key.startsWith("lifeline:{clustered}:"));
  }
}
