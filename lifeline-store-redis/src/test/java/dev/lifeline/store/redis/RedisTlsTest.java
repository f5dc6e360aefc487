package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.testkit.Fault;
import dev.lifeline.time.VirtualClock;
import io.lettuce.core.AclSetuserArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store over TLS ({@code rediss://}, an ACL user) to a real {@code redis-server} whose
 * certificate a throwaway authority signed: trusting that authority, two replicas share a hold;
 * trusting another, the store degrades, calls go on, and the one warning names no secret.
 */
@Timeout(60)
class RedisTlsTest {
  @RegisterExtension static final TlsRedisServer REDIS = new TlsRedisServer();

  private static final String PASSWORD = "tls-pw-5c1e-never-logged";

  private final VirtualClock clock = new VirtualClock();
  private final VirtualClock refresher = new VirtualClock();

  @BeforeEach
  void user() {
    REDIS
        .plain()
        .commands()
        .aclSetuser(
            "lifeline",
            AclSetuserArgs.Builder.on()
                .addPassword(PASSWORD)
                .keyPattern("lifeline:*")
                .allCommands());
  }

  private RedisStateStore store(Path trusted) {
    return RedisStateStore.builder(REDIS.tlsUri("lifeline:" + PASSWORD))
        .application("tls")
        .trustedCertificates(trusted)
        // A TLS handshake on a busy two-core machine: generous, it bounds failures only.
        .operationTimeout(Duration.ofSeconds(2))
        .ticker(clock)
        .scheduler(refresher)
        .build();
  }

  @Test
  void aHoldOneReplicaLearnsOverTlsKeepsTheOtherAway() {
    Path authority = REDIS.certificates().authority();
    try (TestReplica a = TestReplica.on(store(authority), Fault.unauthorized(), clock);
        TestReplica b = TestReplica.on(store(authority), Fault.unauthorized(), clock)) {
      assertThat(a.call().provider()).isEqualTo("beta");
      assertThat(a.alphaAttempts()).isEqualTo(1);
      assertThat(b.store().refreshNow()).as("B reads Redis over TLS").isTrue();

      ChatResponse fromB = b.call();
      assertThat(fromB.provider()).isEqualTo("beta");
      assertThat(b.alphaAttempts()).as("B skips the key A found revoked").isZero();
      assertThat(a.store().degraded()).isFalse();
      assertThat(b.store().degraded()).isFalse();
    }
    assertThat(REDIS.plain().commands().keys("*"))
        .contains("lifeline:{tls}:hold:provider:alpha")
        .allMatch(key -> key.startsWith("lifeline:{tls}:"));
  }

  @Test
  void aServerCertificateFromAnotherAuthorityDegradesTheStoreAndCallsGoOn() {
    try (LogLines log = LogLines.capture();
        TestReplica replica =
            TestReplica.on(
                store(REDIS.certificates().strangerAuthority()), Fault.unauthorized(), clock)) {
      for (int i = 0; i < 3; i++) {
        assertThat(replica.call().provider()).isEqualTo("beta");
      }
      assertThat(replica.alphaAttempts()).as("the hold is kept locally").isEqualTo(1);
      assertThat(replica.store().refreshNow()).isFalse();
      assertThat(replica.store().degraded()).isTrue();
      assertThat(replica.store().outages()).isEqualTo(1);

      List<String> warnings = log.storeWarnings();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("127.0.0.1:" + REDIS.tlsPort(), "unreachable");
      assertThat(log.lines()).noneMatch(line -> line.contains(PASSWORD));
    }
    assertThat(REDIS.plain().commands().keys("*")).isEmpty();
  }

  @Test
  void trustedCertificatesThatCannotBeReadAreRefusedByName() {
    Path missing = REDIS.certificates().authority().resolveSibling("missing.crt");
    assertThatThrownBy(
            () -> RedisStateStore.builder("rediss://h:6380").trustedCertificates(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trustedCertificates must be a readable file");
    Path key = REDIS.certificates().serverKey(); // PEM, but a key, not a certificate
    assertThatThrownBy(() -> RedisStateStore.builder("rediss://h:6380").trustedCertificates(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trustedCertificates must");
  }
}
