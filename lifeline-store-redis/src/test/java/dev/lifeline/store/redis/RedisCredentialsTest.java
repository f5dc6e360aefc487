package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.state.StateStoreException;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ACL credentials against a real Redis, and what the store makes of URIs: the password is used, and
 * never shown in a message, a store's name or an error about a bad URI.
 */
@Timeout(60)
class RedisCredentialsTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final String PASSWORD = "pw-7f3a-never-logged";

  private RedisStateStore store(String userInfo) {
    return RedisStateStore.builder("redis://" + userInfo + "@127.0.0.1:" + REDIS.port())
        .application("acl")
        .operationTimeout(Duration.ofMillis(500))
        .build();
  }

  @Test
  void anAclUserWithItsPasswordReadsAndWritesOnlyTheStoresKeys() {
    // A user that may touch Lifeline's keys only: the store's commands run as this user.
    REDIS
        .commands()
        .aclSetuser(
            "lifeline-app",
            AclSetuserArgs.Builder.on()
                .addPassword(PASSWORD)
                .keyPattern("lifeline:*")
                .allCommands());

    try (RedisStateStore store = store("lifeline-app:" + PASSWORD)) {
      store.put("notes", "k", "v");
      assertThat(store.get("notes", "k")).contains("v");
      assertThat(store.degraded()).isFalse();
    }
    assertThat(REDIS.commands().keys("*")).allMatch(key -> key.startsWith("lifeline:{acl}:"));
  }

  @Test
  void aWrongPasswordDegradesTheStoreAndNoMessageShowsIt() {
    REDIS
        .commands()
        .aclSetuser(
            "lifeline",
            AclSetuserArgs.Builder.on().addPassword("the-right-one").allKeys().allCommands());

    try (RedisStateStore store = store("lifeline:" + PASSWORD)) {
      assertThatThrownBy(() -> store.put("notes", "k", "v"))
          .isInstanceOf(StateStoreException.class)
          .satisfies(e -> assertThat(messages(e)).doesNotContain(PASSWORD));
      assertThat(store.degraded()).isTrue();
      assertThat(store.toString())
          .isEqualTo("RedisStateStore[127.0.0.1:" + REDIS.port() + ", degraded]");
    }
    assertThat(REDIS.commands().keys("*")).isEmpty();
  }

  @Test
  void storesNameRedisByHostPortOrSentinelMasterNeverByCredentials() {
    assertThat(RedisLink.describe(RedisURI.create("rediss://lifeline:" + PASSWORD + "@cache:6380")))
        .isEqualTo("cache:6380");
    assertThat(
            RedisLink.describe(
                RedisURI.create(
                    "redis-sentinel://lifeline:" + PASSWORD + "@s1:26379?sentinelMasterId=main")))
        .isEqualTo("sentinel master main");
    assertThat(RedisURI.create("rediss://lifeline:" + PASSWORD + "@cache:6380").isSsl()).isTrue();

    // Nothing listens on port 1: the store connects lazily, so building it does not fail.
    try (RedisStateStore tls =
            RedisStateStore.builder("rediss://lifeline:" + PASSWORD + "@127.0.0.1:1").build();
        RedisStateStore cluster =
            RedisStateStore.builder("redis://lifeline:" + PASSWORD + "@127.0.0.1:1")
                .cluster()
                .build()) {
      assertThat(tls.toString()).isEqualTo("RedisStateStore[127.0.0.1:1]");
      assertThat(cluster.toString()).isEqualTo("RedisStateStore[cluster node 127.0.0.1:1]");
    }
  }

  @Test
  void aUriThatIsNotOneIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> RedisStateStore.builder("http://lifeline:" + PASSWORD + "@x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("uri must be a Redis URI")
        .satisfies(e -> assertThat(messages(e)).doesNotContain(PASSWORD));
  }

  /** Every message in {@code error}'s chain of causes. */
  private static String messages(Throwable error) {
    StringBuilder all = new StringBuilder();
    for (Throwable e = error; e != null; e = e.getCause()) {
      all.append(e).append('\n');
    }
    return all.toString();
  }
}
