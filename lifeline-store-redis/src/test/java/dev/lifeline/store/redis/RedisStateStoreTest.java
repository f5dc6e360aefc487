package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's own behaviour against a real Redis, one namespace kind at a time. */
class RedisStateStoreTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private final VirtualClock clock = new VirtualClock();
  private final ObjectMapper json = new ObjectMapper();

  private RedisStateStore store(String replica) {
    return RedisStateStore.builder(REDIS.uri())
        .application("app")
        .replica(replica)
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  private String hold(String target, Duration left, String reason) {
    return "{\"target\":\""
        + target
        + "\",\"provider\":true,\"until\":"
        + clock.now().plus(left).toEpochMilli()
        + ",\"reason\":\""
        + reason
        + "\"}";
  }

  @Test
  void aPlainNamespaceIsAHashWhereTheLastWriteWins() {
    try (RedisStateStore a = store("a");
        RedisStateStore b = store("b")) {
      a.put("notes", "k1", "v1");
      b.put("notes", "k1", "v2");
      a.put("notes", "k2", "v3");
      assertThat(a.all("notes")).isEqualTo(Map.of("k1", "v2", "k2", "v3"));
      b.remove("notes", "k2");
      assertThat(a.get("notes", "k2")).isEmpty();
      a.clear("notes");
      assertThat(b.all("notes")).isEmpty();
    }
  }

  @Test
  void aHoldLivesAsLongAsItsCooldownAndIsOnlyEverExtended() {
    try (RedisStateStore a = store("a");
        RedisStateStore b = store("b")) {
      a.put(RedisStateStore.HOLDS, "provider:p1", hold("p1", Duration.ofSeconds(60), "long"));
      b.put(RedisStateStore.HOLDS, "provider:p1", hold("p1", Duration.ofSeconds(5), "short"));

      String key = "lifeline:{app}:hold:provider:p1";
      assertThat(REDIS.commands().pttl(key)).isBetween(55_000L, 60_000L);
      assertThat(b.get(RedisStateStore.HOLDS, "provider:p1")).get().asString().contains("long");

      b.put(RedisStateStore.HOLDS, "provider:p1", hold("p1", Duration.ofSeconds(120), "longer"));
      assertThat(REDIS.commands().pttl(key)).isBetween(115_000L, 120_000L);
      assertThat(a.all(RedisStateStore.HOLDS)).containsOnlyKeys("provider:p1");
      assertThat(a.get(RedisStateStore.HOLDS, "provider:p1")).get().asString().contains("longer");

      // Ending a hold early is not shared: it ends by its time to live.
      a.remove(RedisStateStore.HOLDS, "provider:p1");
      assertThat(REDIS.commands().exists(key)).isEqualTo(1L);
      // A hold already over is not written at all.
      a.put(RedisStateStore.HOLDS, "provider:old", hold("old", Duration.ofSeconds(-1), "over"));
      assertThat(REDIS.commands().exists("lifeline:{app}:hold:provider:old")).isZero();
    }
  }

  @Test
  void aWatcherHearsOtherReplicasWithinOneStalenessPeriodButNotItself() {
    try (RedisStateStore a = store("a");
        RedisStateStore b = store("b")) {
      List<String> heardByA = new ArrayList<>();
      List<String> heardByB = new ArrayList<>();
      a.watch(RedisStateStore.HOLDS, (key, value) -> heardByA.add(key));
      b.watch(RedisStateStore.HOLDS, (key, value) -> heardByB.add(key));

      a.put(RedisStateStore.HOLDS, "provider:p1", hold("p1", Duration.ofMinutes(5), "401"));
      assertThat(heardByB).isEmpty(); // nothing polled yet: the watcher does not read on its own
      clock.advance(Duration.ofMillis(500)); // one staleness period: both refreshers poll

      assertThat(heardByB).containsExactly("provider:p1");
      assertThat(heardByA).isEmpty();
      clock.advance(Duration.ofMillis(500));
      assertThat(heardByB).as("told once, not every period").containsExactly("provider:p1");
    }
  }

  private static final String ENTRY =
      "{\"version\":1,\"deployment\":\"p1/m\",\"kind\":\"RATE_LIMITED\",\"code\":\"429\","
          + "\"shape\":\"any\",\"evidence\":%s,\"failures\":%d,\"firstSeen\":%d,\"lastSeen\":%d,"
          + "\"resolvers\":{\"p2/m\":%d},\"recoveries\":%d,\"recoveryAttempts\":0,"
          + "\"recoveryMillis\":0,\"wastedCost\":0.0}";

  /** 0.5 to the power of {@code millis} in half-lives of a rate limit (2 minutes). */
  private static double decay(long millis) {
    return Math.pow(0.5, millis / 120_000.0);
  }

  @Test
  void playbookEvidenceAddsAcrossReplicasAndARestartCountsNothingTwice() throws Exception {
    long t = clock.now().toEpochMilli();
    try (RedisStateStore a = store("a");
        RedisStateStore b = store("b")) {
      a.put("playbook", "e1", String.format(ENTRY, "3.0", 3, t + 1000, t + 5000, 2, 2));
      b.put("playbook", "e1", String.format(ENTRY, "2.0", 2, t + 500, t + 4000, 1, 1));
      JsonNode merged = json.readTree(a.get("playbook", "e1").orElseThrow());
      assertThat(merged.get("evidence").asDouble())
          .as("b's evidence, a second older, decayed to a's sighting")
          .isCloseTo(3 + 2 * decay(1000), within(1e-9));
      assertThat(merged.get("failures").asLong()).isEqualTo(5);
      assertThat(merged.get("firstSeen").asLong()).isEqualTo(t + 500);
      assertThat(merged.get("lastSeen").asLong()).isEqualTo(t + 5000);
      assertThat(merged.get("resolvers").get("p2/m").asLong()).isEqualTo(3);
    }
    // "a" restarts: it reads the merged entry and learns one more failure on top of it, as the
    // engine does: the merged evidence decayed to now, plus one.
    try (RedisStateStore restarted = store("a2")) {
      Map<String, String> all = restarted.all("playbook");
      JsonNode loaded = json.readTree(all.get("e1"));
      assertThat(loaded.get("failures").asLong()).isEqualTo(5);
      double evidence = loaded.get("evidence").asDouble() * decay(1000) + 1;
      restarted.put("playbook", "e1", String.format(ENTRY, evidence, 6, t + 500, t + 6000, 3, 3));
      JsonNode merged = json.readTree(restarted.get("playbook", "e1").orElseThrow());
      assertThat(merged.get("failures").asLong()).as("5 shared + 1 new").isEqualTo(6);
      assertThat(merged.get("evidence").asDouble()).isCloseTo(evidence, within(1e-9));
      restarted.remove("playbook", "e1");
      assertThat(restarted.all("playbook")).isEmpty();
    }
  }

  @Test
  void mergedEvidenceDecaysByTheHalfLifeOfItsKindAndAQuietEntryExpires() throws Exception {
    long t = clock.now().toEpochMilli();
    try (RedisStateStore a = store("a");
        RedisStateStore b = store("b")) {
      // a saw it 8 times; b once, two half-lives (4 minutes) later.
      a.put("playbook", "e2", String.format(ENTRY, "8.0", 8, t, t, 0, 0));
      clock.advance(Duration.ofMinutes(4));
      b.put("playbook", "e2", String.format(ENTRY, "1.0", 1, t + 240_000, t + 240_000, 0, 0));

      JsonNode merged = json.readTree(b.get("playbook", "e2").orElseThrow());
      assertThat(merged.get("evidence").asDouble()).isCloseTo(8 * 0.25 + 1, within(1e-9));
      assertThat(merged.get("lastSeen").asLong()).isEqualTo(t + 240_000);

      // a reads the merged entry (as after a restart under the same name) and sees it once more
      // a half-life later: the fleet's evidence is the merged one decayed, plus one.
      a.get("playbook", "e2");
      double seen = 3.0 * 0.5 + 1;
      a.put("playbook", "e2", String.format(ENTRY, seen, 10, t, t + 360_000, 0, 0));
      JsonNode again = json.readTree(b.get("playbook", "e2").orElseThrow());
      assertThat(again.get("evidence").asDouble()).isCloseTo(seen, within(1e-9));
      assertThat(again.get("failures").asLong()).isEqualTo(10);

      // 20 half-lives after the last sighting (40 minutes), the entry is gone from Redis.
      // The clock is 4 minutes in; the last sighting at 6.
      assertThat(REDIS.commands().pttl("lifeline:{app}:pb:e2"))
          .isCloseTo(Duration.ofMinutes(40 + 6 - 4).toMillis(), within(2_000L));
    }
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> RedisStateStore.builder(REDIS.uri()).application("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application");
    assertThatThrownBy(() -> RedisStateStore.builder(REDIS.uri()).staleness(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("staleness");
    assertThatThrownBy(
            () -> RedisStateStore.builder(REDIS.uri()).operationTimeout(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operationTimeout");
    assertThatThrownBy(() -> RedisStateStore.builder("http://user:hunter2@host").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri")
        .hasMessageNotContaining("hunter2");
  }
}
