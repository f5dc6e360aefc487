package dev.lifeline.cli;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.ProviderType;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.trace.Attempt;
import dev.lifeline.trace.CallTrace;
import dev.lifeline.trace.EngineListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline demo}: the cascade against a simulated fleet with scripted failures, offline, with no
 * configuration. Time is virtual, so minutes of backoff and outage play out at once, and each attempt
 * is printed with the simulated time it happened at.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the cascade against a simulated provider fleet (OpenAI, Anthropic, DeepSeek) through",
      "rate limits, overloads, an outage, a revoked key, an oversized prompt and a total outage,",
      "and prints what happened at each attempt and why. Offline; time is simulated."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--seed", description = "Seed for backoff jitter (default: ${DEFAULT-VALUE}).")
  long seed = 7;

  private record Scene(String title, Consumer<Fleet> setup, ChatRequest request) {}

  private record Outcome(String title, boolean answered, int attempts, Duration elapsed, String by) {}

  /** The simulated providers. */
  private static final class Fleet {
    final SimulatedProvider openai;
    final SimulatedProvider anthropic;
    final SimulatedProvider deepseek;

    Fleet(VirtualClock clock) {
      openai = new SimulatedProvider("openai", ProviderType.OPENAI, clock, Map.of("gpt-4o", 128_000, "gpt-4o-mini", 128_000), Duration.ofMillis(850));
      anthropic = new SimulatedProvider("anthropic", ProviderType.ANTHROPIC, clock, Map.of("claude-sonnet-4-20250514", 200_000), Duration.ofMillis(1_100));
      deepseek = new SimulatedProvider("deepseek", ProviderType.DEEPSEEK, clock, Map.of("deepseek-chat", 64_000), Duration.ofMillis(1_400));
    }

    void healAll() {
      openai.heal();
      anthropic.heal();
      deepseek.heal();
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    VirtualClock clock = new VirtualClock();
    Fleet fleet = new Fleet(clock);
    List<String> lines = new ArrayList<>();
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(ProviderLadder.of(fleet.openai).model("gpt-4o", 128_000).model("gpt-4o-mini", 128_000))
            .provider(ProviderLadder.of(fleet.anthropic).model("claude-sonnet-4-20250514", 200_000))
            .provider(ProviderLadder.of(fleet.deepseek).model("deepseek-chat", 64_000))
            .retryPolicy(RetryPolicy.defaults())
            .deadline(Duration.ofSeconds(60))
            .ticker(clock)
            .scheduler(clock)
            .random(new SplittableRandom(seed))
            .listener(new EngineListener() {
              @Override
              public void onAttempt(Attempt attempt) {
                lines.add(describe(attempt));
              }
            })
            .build();

    out.println("Lifeline demo: one engine, three simulated providers, seven situations.");
    out.println("Ladder: openai[gpt-4o → gpt-4o-mini] → anthropic[claude-sonnet-4] → deepseek[deepseek-chat]");
    out.println("Time is simulated: waits and outages play out instantly.");
    List<Outcome> outcomes = new ArrayList<>();
    int number = 1;
    for (Scene scene : scenes()) {
      fleet.healAll();
      scene.setup().accept(fleet);
      out.println();
      out.printf("── %d. %s%n", number++, scene.title());
      lines.clear();
      long start = clock.nanos();
      CompletableFuture<ChatResponse> call = engine.callAsync(scene.request());
      clock.runUntilIdle(Duration.ofHours(1));
      lines.forEach(line -> out.println("   " + line));
      Duration elapsed = Duration.ofNanos(clock.nanos() - start);
      try {
        ChatResponse response = call.join();
        out.printf("   ✔ answered by %s/%s after %d attempt(s), %.1f s: %s%n",
            response.provider(), response.model(), response.trace().attemptCount(), seconds(elapsed), response.text());
        outcomes.add(new Outcome(scene.title(), true, response.trace().attemptCount(), elapsed, response.provider() + "/" + response.model()));
      } catch (CompletionException e) {
        LifelineException error = (LifelineException) e.getCause();
        CallTrace trace = error.trace();
        out.printf("   ✘ %s after %d attempt(s), %.1f s: %s%n",
            error.getClass().getSimpleName(), trace.attemptCount(), seconds(elapsed), error.getMessage());
        outcomes.add(new Outcome(scene.title(), false, trace.attemptCount(), elapsed, "—"));
      }
    }
    printSummary(out, outcomes);
    out.flush();
    return 0;
  }

  private static List<Scene> scenes() {
    ChatRequest refund = ChatRequest.of("Process this customer refund request: order #1042 arrived damaged.");
    Map<String, String> json = Map.of("content-type", "application/json");
    return List.of(
        new Scene("All healthy", fleet -> {}, refund),
        new Scene(
            "gpt-4o rate-limited once: 429 with Retry-After: 2",
            fleet -> {
              int[] calls = {0};
              fleet.openai.set("gpt-4o", request -> calls[0]++ == 0
                  ? SimulatedProvider.Reply.http(429, Map.of("retry-after", "2", "x-ratelimit-remaining-requests", "0"),
                      "{\"error\":{\"message\":\"Rate limit reached for gpt-4o in organization org-demo on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 2s.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
                      Duration.ofMillis(90))
                  : SimulatedProvider.Reply.ok(Duration.ofMillis(850)));
            },
            refund),
        new Scene(
            "gpt-4o overloaded: 503 on every try",
            fleet -> fleet.openai.set("gpt-4o", request -> SimulatedProvider.Reply.http(503, json,
                "{\"error\":{\"message\":\"The engine is currently overloaded, please try again later.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
                Duration.ofMillis(300))),
            refund),
        new Scene(
            "OpenAI outage: Cloudflare 502 pages from every model",
            fleet -> fleet.openai.setAll(request -> SimulatedProvider.Reply.http(502, Map.of("content-type", "text/html"),
                "<html><head><title>api.openai.com | 502: Bad gateway</title></head><body>Bad gateway Error code 502</body></html>",
                Duration.ofMillis(200))),
            refund),
        new Scene(
            "OpenAI key revoked: 401",
            fleet -> fleet.openai.setAll(request -> SimulatedProvider.Reply.http(401, json,
                "{\"error\":{\"message\":\"Incorrect API key provided: sk-demo***************1234.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}",
                Duration.ofMillis(60))),
            refund),
        new Scene(
            "A 150k-token contract: too long for gpt-4o's 128k window",
            fleet -> {},
            ChatRequest.of("Summarise this contract: " + "clause ".repeat(86_000))),
        new Scene(
            "Everything down: 500 / 529 / 503 from every provider",
            fleet -> {
              fleet.openai.setAll(request -> SimulatedProvider.Reply.http(500, json,
                  "{\"error\":{\"message\":\"The server had an error processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
                  Duration.ofMillis(400)));
              fleet.anthropic.setAll(request -> SimulatedProvider.Reply.http(529, json,
                  "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Duration.ofMillis(250)));
              fleet.deepseek.setAll(request -> SimulatedProvider.Reply.http(503, json,
                  "{\"error\":{\"message\":\"Server Overloaded\",\"type\":\"server_error\"}}", Duration.ofMillis(500)));
            },
            refund));
  }

  private static String describe(Attempt attempt) {
    String outcome =
        attempt.failure() == null
            ? (attempt.succeeded() ? "OK" : "abandoned")
            : attempt.failure().kind() + (attempt.failure().status() == 0 ? "" : " (" + attempt.failure().status() + ")");
    return String.format("t=%5.1fs  #%d %-34s wait %5.2fs  %-30s → %s%s",
        seconds(attempt.start()), attempt.number(), attempt.deployment().id(), seconds(attempt.waitBefore()), outcome,
        attempt.decision(), attempt.reason().isEmpty() ? "" : "  [" + attempt.reason() + "]");
  }

  private static void printSummary(PrintWriter out, List<Outcome> outcomes) {
    out.println();
    out.println("Summary");
    out.printf("  %-58s %-9s %8s %9s  %s%n", "situation", "outcome", "attempts", "time (s)", "answered by");
    int answered = 0;
    int attempts = 0;
    for (Outcome outcome : outcomes) {
      answered += outcome.answered() ? 1 : 0;
      attempts += outcome.attempts();
      out.printf("  %-58s %-9s %8d %9.1f  %s%n", outcome.title(), outcome.answered() ? "answered" : "failed",
          outcome.attempts(), seconds(outcome.elapsed()), outcome.by());
    }
    out.printf("  %d of %d calls answered, %d attempts in all; the one that failed says why, with every attempt.%n",
        answered, outcomes.size(), attempts);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
