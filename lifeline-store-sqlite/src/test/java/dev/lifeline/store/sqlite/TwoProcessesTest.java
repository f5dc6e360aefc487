package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs write to one file at the same time; SQLite's file locks and the busy timeout lose
 * nothing.
 */
class TwoProcessesTest {

  static final String NAMESPACE = "shared";
  private static final int KEYS_PER_PROCESS = 500;

  @TempDir Path dir;

  static String value(String prefix, int i) {
    return "{\"writer\":\"" + prefix + "\",\"i\":" + i + "}";
  }

  @Test
  @Timeout(60)
  void twoJvmsWritingAtOnceLoseNoKey() throws Exception {
    Path file = dir.resolve("state.db");
    Path childErrors = dir.resolve("child-stderr.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")
                    + java.io.File.pathSeparator
                    + System.getProperty("jdk.module.path", ""),
                SecondProcessWriter.class.getName(),
                file.toString(),
                "child-",
                Integer.toString(KEYS_PER_PROCESS))
            .redirectError(childErrors.toFile())
            .start();
    try (SqliteStateStore store = SqliteStateStore.open(file);
        BufferedReader childOut =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
      assertThat(childOut.readLine()).as(() -> stderr(childErrors)).isEqualTo("READY");
      childIn.write("GO\n");
      childIn.flush();
      for (int i = 0; i < KEYS_PER_PROCESS; i++) {
        store.put(NAMESPACE, "parent-" + i, value("parent-", i));
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child finished").isTrue();
      assertThat(child.exitValue()).as(() -> stderr(childErrors)).isZero();
      assertThat(childOut.readLine()).isEqualTo("DONE");

      Map<String, String> all = store.all(NAMESPACE);
      assertThat(all).hasSize(2 * KEYS_PER_PROCESS);
      for (int i = 0; i < KEYS_PER_PROCESS; i++) {
        assertThat(all.get("parent-" + i)).isEqualTo(value("parent-", i));
        assertThat(all.get("child-" + i)).isEqualTo(value("child-", i));
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static String stderr(Path file) {
    try {
      return "child stderr:\n" + Files.readString(file);
    } catch (Exception e) {
      return "child stderr unreadable: " + e;
    }
  }
}
