package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.state.StateStore;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated shared store: one set of keys, writes seen by the other replicas late. */
class SharedStateHubTest {

  private final VirtualClock clock = new VirtualClock();
  private final SharedStateHub hub = new SharedStateHub(clock, Duration.ofSeconds(1));

  @Test
  void aWriteReachesTheOtherReplicasAfterTheStalenessAndNeverItsWriter() {
    StateStore a = hub.replica();
    StateStore b = hub.replica();
    List<String> seenByA = new ArrayList<>();
    List<String> seenByB = new ArrayList<>();
    a.watch("health", (key, value) -> seenByA.add(key + "=" + value));
    b.watch("health", (key, value) -> seenByB.add(key + "=" + value));

    a.put("health", "openai", "{\"until\":1}");
    clock.advance(Duration.ofMillis(999));
    assertThat(seenByB).isEmpty();
    clock.advance(Duration.ofMillis(1));

    assertThat(seenByB).containsExactly("openai={\"until\":1}");
    assertThat(seenByA).isEmpty();
    assertThat(b.get("health", "openai")).contains("{\"until\":1}");
    assertThat(b.all("other")).isEmpty();
  }
}
