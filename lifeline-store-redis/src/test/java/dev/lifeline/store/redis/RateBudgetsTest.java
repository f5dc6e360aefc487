package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.store.redis.RateBudgets.Verdict;
import dev.lifeline.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A budget four replicas share is never overspent, and a missing Redis answers at once. */
class RateBudgetsTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  @Test
  void fourReplicasOfferingTwiceTheBudgetAreGrantedExactlyTheBudget() throws Exception {
    List<RedisStateStore> stores = new ArrayList<>();
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> granted = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        RedisStateStore store =
            RedisStateStore.builder(REDIS.uri())
                .application("rates")
                .operationTimeout(Duration.ofSeconds(2))
                .build();
        stores.add(store);
        RateBudgets budgets = store.rateBudgets();
        Callable<Integer> offer =
            () -> {
              int count = 0;
              for (int call = 0; call < 300; call++) {
                // A day's window: the test cannot straddle two windows.
                if (budgets.tryAcquire("openai/gpt-4o", 600, Duration.ofDays(1), 1)
                    == Verdict.GRANTED) {
                  count++;
                }
              }
              return count;
            };
        granted.add(replicas.submit(offer));
      }
      int total = 0;
      for (Future<Integer> replica : granted) {
        total += replica.get();
      }
      assertThat(total).isEqualTo(600);
      assertThat(REDIS.commands().keys("lifeline:{rates}:rate:*"))
          .allSatisfy(key -> assertThat(REDIS.commands().pttl(key)).isPositive());
    } finally {
      replicas.shutdownNow();
      stores.forEach(RedisStateStore::close);
    }
  }

  @Test
  void withoutRedisTheVerdictIsUnknownWithinTheTimeout() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (RedisStateStore store =
        RedisStateStore.builder("redis://127.0.0.1:" + closedPort)
            .operationTimeout(Duration.ofMillis(100))
            .build()) {
      long start = Ticker.system().nanos();
      assertThat(store.rateBudgets().tryAcquire("x", 10, Duration.ofSeconds(1), 1))
          .isEqualTo(Verdict.UNKNOWN);
      assertThat(Duration.ofNanos(Ticker.system().nanos() - start))
          .isLessThan(Duration.ofSeconds(1));
      assertThatThrownBy(() -> store.rateBudgets().tryAcquire("x", 10, Duration.ofSeconds(1), 11))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cost");
    }
  }
}
