package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code lifeline top} in a real terminal: the CLI runs in its own JVM inside a detached tmux
 * session, and the test reads the screen tmux shows. The frame is redrawn in place (one frame on
 * screen, not a scroll of them), and the screen is kept in {@code target/top-tmux.txt} (plain) and
 * {@code target/top-tmux.ansi} (with colours). Skipped where tmux is not installed.
 */
class TopInTerminalTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void redrawsOneFrameInPlaceInATerminal() throws Exception {
    assumeTrue(onPath("tmux"), "tmux is not installed");
    String session = "lifeline-top-test-" + ProcessHandle.current().pid();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LifelineCommand.class.getName(),
            "top",
            "--demo",
            "--interval",
            "200",
            "--frames",
            "600",
            "--width",
            "100");
    run("tmux", "new-session", "-d", "-s", session, "-x", "104", "-y", "30", shell(command));
    try {
      String screen = "";
      long giveUp = System.nanoTime() + PATIENCE.toNanos();
      // Polls the other process's screen: the wait is for its JVM to start, not for an effect
      // of time inside Lifeline.
      while (System.nanoTime() < giveUp) {
        screen = run("tmux", "capture-pane", "-p", "-t", session);
        if (screen.contains("deepseek/deepseek-chat") && !screen.contains("calls 0 ")) {
          break;
        }
        Thread.sleep(200);
      }
      String coloured = run("tmux", "capture-pane", "-p", "-e", "-t", session);
      Files.writeString(Path.of("target", "top-tmux.txt"), screen);
      Files.writeString(Path.of("target", "top-tmux.ansi"), coloured);

      assertThat(screen)
          .contains("lifeline top · demo fleet")
          .contains("DEPLOYMENT", "RECENT DECISIONS")
          .contains(
              "openai/gpt-4o ", "anthropic/claude-sonnet-4-20250514", "deepseek/deepseek-chat")
          .doesNotContain("calls 0 ");
      assertThat(screen.split("lifeline top · ", -1)).as("one frame on screen").hasSize(2);
      assertThat(coloured).contains("\u001b[");
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }

  private static String shell(List<String> command) {
    StringBuilder line = new StringBuilder("exec");
    for (String word : command) {
      line.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    return line.toString();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s ends", List.of(command)).isTrue();
    return new String(output, StandardCharsets.UTF_8);
  }
}
