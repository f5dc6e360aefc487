package dev.lifeline.cli;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.config.ConfigException;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.time.Ticker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline top}: a live view of an engine while calls flow through it: each deployment's
 * state, circuit, cooldown, error rate and P95, and the latest decisions, redrawn in place. With
 * {@code --demo} the calls go to the demo's fake fleet, put through rate limits and outages in
 * turn; with {@code --config} to the configured providers, at {@code --rate} calls a second.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = {
      "A live view of the engine: per-deployment health, circuits, cooldowns, recent decisions.",
      "With --demo: the demo's fake fleet on loopback, under rate limits and outages in turn."
          + " With --config F: the configured providers, sent --prompt at --rate calls a second"
          + " (0: none; real calls cost money). Type q and Enter, or Ctrl-C, to quit."
    })
final class TopCommand implements java.util.concurrent.Callable<Integer> {

  @Spec CommandSpec spec;

  static final class Source {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        required = true,
        description = "The configuration file (YAML or JSON) of the engine to watch.")
    Path config;

    @Option(names = "--demo", required = true, description = "Watch the demo's fake fleet.")
    boolean demo;
  }

  @ArgGroup(multiplicity = "1")
  Source source;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "Calls a second (default: 8 with --demo, 0 with --config).")
  Double rate;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "What each call asks (default: ${DEFAULT-VALUE}).")
  String prompt = "Say hello in three words.";

  @Option(
      names = "--interval",
      paramLabel = "MS",
      description = "Milliseconds between frames (default: ${DEFAULT-VALUE}).")
  long intervalMillis = 500;

  @Option(
      names = "--spell",
      paramLabel = "S",
      description = "Seconds each trouble of --demo lasts (default: ${DEFAULT-VALUE}).")
  long spellSeconds = 6;

  @Option(
      names = "--frames",
      paramLabel = "N",
      description = "Stop after N frames (default: run until q).")
  long frames = Long.MAX_VALUE;

  @Option(
      names = "--width",
      paramLabel = "COLUMNS",
      description = "Width of the view (default: ${DEFAULT-VALUE}).")
  int width = 110;

  @Option(names = "--no-color", description = "Plain text, without ANSI colours.")
  boolean noColor;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (intervalMillis < 50 || spellSeconds < 1 || frames < 1 || (rate != null && rate < 0)) {
      err.println(
          "lifeline top: --interval must be >= 50, --spell >= 1, --frames >= 1, --rate >= 0");
      err.flush();
      return 2;
    }
    Ticker ticker = Ticker.system();
    TopFeed feed = new TopFeed(ticker, 12);
    DemoFleet fleet = source.demo ? new DemoFleet() : null;
    SelfHealingEngine engine;
    try {
      SelfHealingEngine.Builder builder =
          fleet != null
              ? fleet.engine()
              : SelfHealingEngine.builderFromConfig(source.config, System::getenv);
      engine = builder.listener(feed).build();
    } catch (ConfigException e) {
      err.println("lifeline top: " + e.getMessage());
      err.flush();
      return 2;
    }
    double callsPerSecond = rate != null ? rate : fleet != null ? 8 : 0;
    String title =
        fleet != null
            ? "demo fleet: openai[gpt-4o → gpt-4o-mini] → anthropic → deepseek"
            : source.config.toString();
    // The demo's first spell is calm, so its note holds from the first frame on.
    AtomicReference<String> note =
        new AtomicReference<>(
            fleet != null
                ? DemoWeather.spell(0).note()
                : callsPerSecond == 0 ? "no calls sent: pass --rate to send some" : "");
    CountDownLatch quit = new CountDownLatch(1);
    ScheduledExecutorService timers =
        Executors.newScheduledThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "lifeline-top");
              thread.setDaemon(true);
              return thread;
            });
    try {
      if (fleet != null) {
        AtomicLong spell = new AtomicLong();
        ScheduledFuture<?> unused =
            timers.scheduleAtFixedRate(
                () -> {
                  DemoWeather.Spell now = DemoWeather.spell(spell.getAndIncrement());
                  fleet.reset();
                  now.setup().accept(fleet);
                  note.set(now.note());
                },
                0,
                spellSeconds,
                TimeUnit.SECONDS);
      }
      if (callsPerSecond > 0) {
        long period = Math.max(1, Math.round(1_000_000 / callsPerSecond));
        ChatRequest request = ChatRequest.of(prompt);
        ScheduledFuture<?> unused =
            timers.scheduleAtFixedRate(
                () -> engine.callAsync(request).exceptionally(error -> null),
                0,
                period,
                TimeUnit.MICROSECONDS);
      }
      watchForQuit(quit);
      TopScreen screen = new TopScreen(width, !noColor);
      for (long frame = 0; frame < frames; frame++) {
        String text =
            screen.render(
                new TopScreen.Frame(
                    title,
                    note.get(),
                    ticker.now(),
                    fleetHealth(engine),
                    feed.answered(),
                    feed.failed(),
                    feed.attempts(),
                    feed.events()));
        // Home and clear, then the frame: redrawn in place in a terminal.
        out.print(noColor ? text + "\n" : "\u001b[H\u001b[2J" + text);
        out.flush();
        if (frame + 1 < frames && quit.await(intervalMillis, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } finally {
      timers.shutdownNow();
      engine.close();
      if (fleet != null) {
        fleet.close();
      }
    }
    return 0;
  }

  /**
   * Every deployment's health in cascade order; one not called yet shows with no calls and a closed
   * circuit, so the view lists the whole fleet from its first frame.
   */
  static List<DeploymentHealth> fleetHealth(SelfHealingEngine engine) {
    Map<String, DeploymentHealth> known = new HashMap<>();
    for (DeploymentHealth health : engine.health()) {
      known.put(health.deployment().id(), health);
    }
    List<DeploymentHealth> fleet = new ArrayList<>();
    for (Deployment deployment : engine.deployments()) {
      DeploymentHealth health = known.get(deployment.id());
      fleet.add(health != null ? health : DeploymentHealth.unseen(deployment));
    }
    return fleet;
  }

  /** Counts {@code quit} down when a line starting with q is typed. */
  private static void watchForQuit(CountDownLatch quit) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.strip().startsWith("q")) {
                    quit.countDown();
                    return;
                  }
                }
              } catch (java.io.IOException e) {
                // No terminal to read from: quit with Ctrl-C or --frames.
              }
            },
            "lifeline-top-keys");
    reader.setDaemon(true);
    reader.start();
  }
}
