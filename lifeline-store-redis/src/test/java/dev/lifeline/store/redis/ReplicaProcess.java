package dev.lifeline.store.redis;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.ScriptedProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One replica in its own JVM, for {@link FleetProcessesTest}: an engine whose "alpha" answers 401,
 * whose "beta" answers, on a Redis store. Reads commands on stdin, one a line: {@code CALL} makes a
 * call and prints alpha's attempts so far; {@code SYNC} polls Redis once and prints {@code SYNCED};
 * {@code QUIT} ends.
 */
public final class ReplicaProcess {
  private ReplicaProcess() {}

  /** Arguments: the Redis URI. */
  public static void main(String[] args) throws Exception {
    ScriptedProvider alpha = ScriptedProvider.named("alpha").always(Fault.unauthorized());
    ScriptedProvider beta = ScriptedProvider.named("beta");
    beta.script().answerText("ok");
    try (RedisStateStore store =
            RedisStateStore.builder(args[0])
                .application("processes")
                .staleness(Duration.ofMillis(100))
                .build();
        WriteBehindStateStore queue = WriteBehindStateStore.wrap(store);
        SelfHealingEngine engine =
            SelfHealingEngine.builder()
                .provider(alpha, "a-model")
                .provider(beta, "b-model")
                .stateStore(queue)
                .retryPolicy(RetryPolicy.none())
                .build()) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("READY");
      System.out.flush();
      String line;
      while ((line = in.readLine()) != null && !line.equals("QUIT")) {
        if (line.equals("CALL")) {
          String provider = engine.call("status?").provider();
          queue.flush(Duration.ofSeconds(5));
          System.out.println(provider + " " + alpha.callCount());
        } else if (line.equals("SYNC")) {
          System.out.println(store.refreshNow() ? "SYNCED" : "DOWN");
        }
        System.out.flush();
      }
    }
  }
}
