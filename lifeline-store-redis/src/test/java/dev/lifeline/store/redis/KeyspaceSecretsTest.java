package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import dev.lifeline.time.VirtualClock;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After a run that learned holds and playbook entries and took shared limits, no Redis key or value
 * holds a secret.
 */
class KeyspaceSecretsTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final String API_KEY = "sk-proj-TOPSECRETkey0123456789abcdef";
  private static final String PROMPT = "PROMPT-MARKER the merger closes on friday";
  private static final String ANSWER = "ANSWER-MARKER the merger is confidential";

  @Test
  void theWholeKeyspaceHoldsNoApiKeyPromptOrAnswer() {
    VirtualClock clock = new VirtualClock();
    ScriptedProvider revoked =
        ScriptedProvider.builder("alpha").apiKey(API_KEY).build().always(Fault.unauthorized());
    ScriptedProvider limited =
        ScriptedProvider.builder("gamma").apiKey(API_KEY).build().always(Fault.rateLimited());
    ScriptedProvider beta = ScriptedProvider.builder("beta").apiKey(API_KEY).build();
    beta.script().answerText(ANSWER);
    try (RedisStateStore store =
            RedisStateStore.builder(REDIS.uri().replace("redis://", "redis://default:pw@"))
                .application("secrets")
                .ticker(clock)
                .scheduler(clock)
                .build();
        WriteBehindStateStore queue = WriteBehindStateStore.wrap(store);
        SelfHealingEngine engine =
            SelfHealingEngine.builder()
                .provider(revoked, "a-model")
                .provider(limited, "g-model")
                .provider(beta, "b-model")
                .stateStore(queue)
                .retryPolicy(RetryPolicy.none())
                // Shared limit counters are written too: their keys name the deployment only.
                .limits("beta/b-model", new DeploymentLimits(1_000, 1_000_000, 10))
                .ticker(clock)
                .scheduler(clock)
                .build()) {
      assertThat(engine.call(ChatRequest.of(PROMPT)).text()).isEqualTo(ANSWER);
      // A slot of calls in flight held as a call of another replica would: its lease id is there.
      assertThat(store.tryEnter("beta/b-model", "replica-b:1", 10)).isZero();
      assertThat(queue.flush(Duration.ofSeconds(5))).isTrue();
    }

    List<String> everything = keyspace(REDIS.commands());
    assertThat(everything).as("holds and playbook entries were written").hasSizeGreaterThan(3);
    assertThat(everything)
        .as("the shared limits' request and token counters were written")
        .anySatisfy(text -> assertThat(text).startsWith("lifeline:{secrets}:limit:beta/b-model:r:"))
        .anySatisfy(
            text -> assertThat(text).startsWith("lifeline:{secrets}:limit:beta/b-model:t:"));
    assertThat(everything)
        .as("the shared slots of calls in flight were written")
        .contains("lifeline:{secrets}:slots:beta/b-model", "replica-b:1");
    assertThat(everything)
        .allSatisfy(
            text ->
                assertThat(text)
                    .doesNotContain("TOPSECRET")
                    .doesNotContain("0123456789abcdef")
                    .doesNotContain("PROMPT-MARKER")
                    .doesNotContain("merger")
                    .doesNotContain("ANSWER-MARKER"));
  }

  /** Every key, and every value of every key, by SCAN over the whole keyspace. */
  private static List<String> keyspace(RedisCommands<String, String> redis) {
    List<String> texts = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(100));
      for (String key : page.getKeys()) {
        texts.add(key);
        switch (redis.type(key)) {
          case "string" -> texts.add(redis.get(key));
          case "hash" -> redis.hgetall(key).forEach((field, value) -> texts.add(field + value));
          case "set" -> texts.addAll(redis.smembers(key));
          case "zset" -> texts.addAll(redis.zrange(key, 0, -1));
          default -> texts.add("unexpected type of " + key);
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    return texts;
  }
}
