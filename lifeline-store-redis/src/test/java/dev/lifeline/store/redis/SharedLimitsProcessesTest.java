package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.RecordedRequest;
import dev.lifeline.testkit.WireFormat;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four replica JVMs on one Redis share a deployment's requests-per-minute limit while offering
 * twice of it together: the upstream never receives more than the limit in a window (within 2%),
 * and every call over it went to the next rung, none lost.
 *
 * <p>Scaled down in time, so that the default build stays short: the 600 a minute over 4
 * replicas offering 1,200 a minute becomes 3,000 a minute counted over 6 s windows (300 per 6 s),
 * the 4 replicas offering 600 per 6 s, for 4 windows. Set {@code -Dlifeline.limits.window=60000}
 * and {@code -Dlifeline.limits.perMinute=600} to play the issue's own figures (about 4 minutes).
 */
@Timeout(300)
class SharedLimitsProcessesTest {
  private static final Logger LOG = LoggerFactory.getLogger(SharedLimitsProcessesTest.class);

  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  @TempDir Path dir;

  @Test
  void fourReplicaProcessesOfferingTwiceASharedLimitSendTheUpstreamNoMore() throws Exception {
    long window = Long.getLong("lifeline.limits.window", 6_000);
    int perMinute = Integer.getInteger("lifeline.limits.perMinute", 1_200);
    int perWindow = (int) Math.round((double) perMinute * window / 60_000);
    double offeredPerSecondEach = 2.0 * perWindow / 4 / (window / 1000.0);
    int windows = 4;

    try (FakeLlmServer upstream = FakeLlmServer.start(WireFormat.OPENAI)) {
      List<Process> children = new ArrayList<>();
      List<BufferedReader> outputs = new ArrayList<>();
      List<Path> errors = new ArrayList<>();
      try {
        // The run starts on a window's edge, a few seconds on, when every JVM is up.
        long startAt = (System.currentTimeMillis() / window + 1) * window;
        while (startAt - System.currentTimeMillis() < 8_000) {
          startAt += window;
        }
        for (int i = 0; i < 4; i++) {
          Path stderr = dir.resolve("replica-" + i + ".txt");
          errors.add(stderr);
          Process process =
              new ProcessBuilder(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path")
                          + File.pathSeparator
                          + System.getProperty("jdk.module.path", ""),
                      LimitReplicaProcess.class.getName(),
                      REDIS.uri(),
                      upstream.baseUrl(),
                      Integer.toString(perMinute),
                      Long.toString(window),
                      Double.toString(offeredPerSecondEach),
                      Long.toString(windows * window),
                      Long.toString(startAt))
                  .redirectError(stderr.toFile())
                  .start();
          children.add(process);
          outputs.add(
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 4; i++) {
          assertThat(outputs.get(i).readLine()).as(stderr(errors.get(i))).isEqualTo("READY");
        }
        long answeredLimited = 0;
        long answeredSpare = 0;
        long failed = 0;
        long limitFailures = 0;
        long redisFailures = 0;
        Map<Long, Integer> sentPerWindow = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
          String done = outputs.get(i).readLine();
          assertThat(done).as(stderr(errors.get(i))).startsWith("DONE ");
          String[] parts = done.split(" ");
          answeredLimited += Long.parseLong(parts[1]);
          answeredSpare += Long.parseLong(parts[2]);
          failed += Long.parseLong(parts[3]);
          limitFailures += Long.parseLong(parts[4]);
          redisFailures += Long.parseLong(parts[5]);
          for (int p = 6; p < parts.length; p++) {
            String[] count = parts[p].split("=");
            sentPerWindow.merge(Long.parseLong(count[0]), Integer.parseInt(count[1]), Integer::sum);
          }
        }
        Map<Long, Integer> receivedPerWindow = new TreeMap<>();
        for (RecordedRequest request : upstream.requestsFor("limited")) {
          receivedPerWindow.merge(request.receivedAt().toEpochMilli() / window, 1, Integer::sum);
        }
        long offered = Math.round(offeredPerSecondEach * windows * window / 1000.0) * 4;
        LOG.info(
            "shared limit {} per {} ms, {} offered by 4 replica processes: sent {} and received {}"
                + " per window; {} answered by the limited deployment, {} by the next rung, {}"
                + " failed; {} Redis commands failed",
            perWindow,
            window,
            offered,
            sentPerWindow.values(),
            receivedPerWindow.values(),
            answeredLimited,
            answeredSpare,
            failed,
            redisFailures);
        // A call over the limit goes to the next rung; a busy build machine may still cut the odd
        // loopback connection, which fails a call with a typed error (retries are off).
        assertThat(limitFailures).as("calls failed at the limit").isZero();
        assertThat(failed)
            .as(() -> "calls failed; " + stderr(errors.get(0)))
            .isLessThan(offered / 50);
        assertThat(answeredLimited + answeredSpare + failed)
            .as("every call ended")
            .isEqualTo(offered);
        int tolerated = perWindow * 102 / 100;
        assertThat(sentPerWindow.values())
            .as("attempts the limiter let go to the limited deployment in each window")
            .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(tolerated))
            .anySatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(perWindow * 9 / 10));
        // What arrives is what was sent, each late by the machine's lag: a loaded machine moves a
        // few across a window's edge, never adds any, so the run as a whole is held to the limit
        // of the windows it spanned.
        assertThat(upstream.requestsFor("limited"))
            .as("requests the upstream received over the whole run")
            .hasSize((int) answeredLimited)
            .hasSizeLessThanOrEqualTo(sentPerWindow.size() * tolerated);
        assertThat(answeredSpare)
            .as("the calls over the limit went to the next rung")
            .isEqualTo(upstream.requestsFor("spare").size() - 4 * LimitReplicaProcess.WARM_UP_CALLS)
            .isGreaterThanOrEqualTo(offered - failed - (long) sentPerWindow.size() * tolerated);
      } finally {
        for (Process child : children) {
          if (!child.waitFor(20, TimeUnit.SECONDS)) {
            child.destroyForcibly();
          }
        }
      }
    }
  }

  private static String stderr(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
