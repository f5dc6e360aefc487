package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 calls in flight at once through one engine and one real adapter: the library's own threads
 * stay a handful (before the per-engine runtime, the JDK client's default executor grew to
 * hundreds). The server is a child process ({@link DelayedAnswerServer}) that holds every request
 * until all are in.
 */
class InFlightCallsTest {

  private static final int CALLS = 10_000;
  private static final int PROVIDERS = 1;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void tenThousandCallsInFlightUseAHandfulOfLibraryThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss256k",
                "-cp",
                System.getProperty("java.class.path"),
                DelayedAnswerServer.class.getName(),
                String.valueOf(CALLS))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Writer control = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8)) {
      String portLine = out.readLine();
      assertThat(portLine).startsWith("port ");
      OpenAiProvider provider =
          OpenAiProvider.builder()
              .name("delayed")
              .baseUrl("http://127.0.0.1:" + portLine.substring(5).strip() + "/v1")
              .timeouts(
                  Timeouts.defaults()
                      .withConnect(Duration.ofSeconds(60))
                      .withFirstByte(Duration.ofSeconds(120))
                      .withIdle(Duration.ofSeconds(120))
                      .withTotal(Duration.ofSeconds(130)))
              .build();
      try (SelfHealingEngine engine =
          SelfHealingEngine.builder()
              .provider(provider, "m")
              .deadline(Duration.ofSeconds(140))
              .build()) {
        long heapBefore = usedHeapAfterGc();
        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
          calls.add(engine.callAsync(ChatRequest.of("What is the capital of France? #" + i)));
        }
        assertThat(out.readLine())
            .as("every request reached the server")
            .isEqualTo("held " + CALLS);
        long heapInFlight = usedHeapAfterGc();
        List<String> library = libraryThreads(before);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
            "in flight: %d calls, library threads %d %s (cores %d), heap %.1f KiB per call in flight%n",
            CALLS, library.size(), library, cores, (heapInFlight - heapBefore) / 1024.0 / CALLS);
        assertThat(library.size()).isLessThanOrEqualTo(cores + 4 + PROVIDERS);

        control.write("release\n");
        control.flush();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertThat(calls)
            .allMatch(call -> call.join().text().equals("Paris is the capital of France."));
      }
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /**
   * Threads of the library started by this test: its workers and timer, and the HTTP clients'
   * selectors.
   */
  private static List<String> libraryThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread) || thread.getName().equals("lifeline-scheduler"))
        .map(Thread::getName)
        .filter(
            name ->
                name.startsWith("lifeline-")
                    || (name.startsWith("HttpClient-") && name.endsWith("SelectorManager")))
        .sorted()
        .collect(Collectors.toList());
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc(); // measurement only (reported, not asserted): settle the heap before reading it
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
