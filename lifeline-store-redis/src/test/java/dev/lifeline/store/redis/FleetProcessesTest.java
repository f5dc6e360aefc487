package dev.lifeline.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Four replica JVMs on one Redis: a revoked key costs the fleet one attempt, not four. */
class FleetProcessesTest {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  @TempDir Path dir;

  private record Child(Process process, BufferedReader out, Writer in, Path errors) {
    String ask(String command) throws Exception {
      in.write(command + "\n");
      in.flush();
      String answer = out.readLine();
      assertThat(answer).as(() -> stderr(errors)).isNotNull();
      return answer;
    }
  }

  @Test
  @Timeout(90)
  void aRevokedKeyCostsFourReplicaProcessesOneAttemptInTotal() throws Exception {
    List<Child> children = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Path errors = dir.resolve("replica-" + i + ".txt");
        Process process =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path")
                        + java.io.File.pathSeparator
                        + System.getProperty("jdk.module.path", ""),
                    ReplicaProcess.class.getName(),
                    REDIS.uri())
                .redirectError(errors.toFile())
                .start();
        Child child =
            new Child(
                process,
                new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                errors);
        children.add(child);
      }
      for (Child child : children) {
        assertThat(child.out().readLine()).as(() -> stderr(child.errors())).isEqualTo("READY");
      }

      int attempts = 0;
      for (Child child : children) {
        String[] answer = child.ask("CALL").split(" ");
        assertThat(answer[0]).isEqualTo("beta");
        attempts += Integer.parseInt(answer[1]);
        // Every replica polls once: at most one staleness period later, as its refresher would.
        for (Child other : children) {
          assertThat(other.ask("SYNC")).isEqualTo("SYNCED");
        }
      }
      assertThat(attempts).as("401 attempts the four processes paid").isEqualTo(1);
    } finally {
      for (Child child : children) {
        child.in().write("QUIT\n");
        child.in().flush();
        if (!child.process().waitFor(20, TimeUnit.SECONDS)) {
          child.process().destroyForcibly();
        }
      }
    }
  }

  private static String stderr(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
