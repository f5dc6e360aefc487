package dev.lifeline.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The loopback load benchmark: starts {@link FakeOpenAiServerMain} in its own process, builds every
 * contender against it in this JVM, and for each mode warms every contender up, then runs it in
 * rounds, rotating the contenders' order between rounds so that drift (other work on the machine,
 * the JIT, GC) spreads over all of them. Ratios to the bare client are the medians of each round's
 * ratio ({@link PairedRatios}), so many short rounds make them robust to a machine whose load
 * drifts. Prints the table, and writes {@code load-<date>.json} and {@code .md} under {@code
 * --out}. The server is stopped at the end, also when the run fails.
 */
public final class LoadBenchmark {

  /** Generous: the server exits by itself this long after it starts. */
  private static final int SERVER_LIFETIME_SECONDS = 3600;

  private final LoadOptions options;
  private final PrintStream log;

  /** A benchmark with {@code options} that reports progress to {@code log}. */
  public LoadBenchmark(LoadOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Runs with the options in {@code args} ({@code --help} lists them). */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(LoadOptions.USAGE);
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LoadReport report = new LoadBenchmark(options, System.err).run();
    System.out.print(ReportTable.text(report));
    System.out.println("allocation: " + LoadReport.ALLOCATION_METHOD);
    if (options.out() != null) {
      for (Path written : write(report, options.out())) {
        System.out.println("wrote " + written);
      }
    }
    // The peers' clients keep non-daemon threads alive (OkHttp's pool); nothing is left to do.
    System.exit(0);
  }

  /** Runs every mode against every contender; the server is gone when this returns. */
  public LoadReport run() throws InterruptedException {
    String startedAt = Instant.now().atOffset(ZoneOffset.UTC).toString();
    List<ModeResult> results = new ArrayList<>();
    long pid;
    try (LoadRunner runner = new LoadRunner();
        ServerProcess server = ServerProcess.start(options.chunks(), SERVER_LIFETIME_SECONDS)) {
      pid = server.handle().pid();
      log.println("fake server pid " + pid + " at " + server.baseUrl());
      List<Contender> contenders = new ArrayList<>();
      try {
        for (String name : options.contenders()) {
          contenders.add(Contenders.create(name, server.baseUrl()));
        }
        long warmup = options.firstWarmup();
        for (LoadMode mode : options.modes()) {
          results.addAll(runMode(runner, contenders, mode, warmup));
          warmup = options.warmup();
        }
      } finally {
        contenders.forEach(Contender::close);
      }
    }
    return new LoadReport(
        startedAt,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.version"),
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", ")),
        options,
        pid,
        results);
  }

  private List<ModeResult> runMode(
      LoadRunner runner, List<Contender> contenders, LoadMode mode, long warmupCalls)
      throws InterruptedException {
    List<Contender> inMode =
        mode.streaming() ? contenders.stream().filter(Contender::streams).toList() : contenders;
    Map<String, List<Sample>> rounds = new LinkedHashMap<>();
    for (Contender contender : inMode) {
      rounds.put(contender.name(), new ArrayList<>());
      if (warmupCalls > 0) {
        LoadMode warmup =
            new LoadMode(
                "warmup", mode.concurrency(), warmupCalls, mode.duration(), mode.streaming());
        Sample warm = runner.run(contender, warmup);
        if (warm.errors > 0) {
          log.println("warm-up of " + contender.name() + " failed: " + warm.firstError);
        }
      }
    }
    LoadMode slice = mode.slice(options.rounds());
    for (int round = 0; round < options.rounds(); round++) {
      for (int i = 0; i < inMode.size(); i++) {
        Contender contender = inMode.get((i + round) % inMode.size());
        log.printf(
            "%s round %d/%d: %s%n", mode.name(), round + 1, options.rounds(), contender.name());
        System.gc();
        rounds.get(contender.name()).add(runner.run(contender, slice));
      }
    }
    List<Sample> baseline = rounds.get(Contenders.BASELINE);
    List<ModeResult> rows = new ArrayList<>();
    rounds.forEach(
        (name, slices) -> {
          Sample whole = new Sample();
          slices.forEach(whole::add);
          PairedRatios ratios = baseline == null ? null : PairedRatios.of(baseline, slices);
          rows.add(ModeResult.of(name, mode, whole, ratios));
        });
    return rows;
  }

  /** Writes {@code load-<date>T<hhmm>.json} and {@code .md} into {@code folder}. */
  static List<Path> write(LoadReport report, Path folder) {
    // 2026-12-07T03:01:02Z -> 2026-12-07T0301: runs on one day do not overwrite each other.
    String date = report.startedAt().substring(0, 16).replace(":", "");
    Path json = folder.resolve("load-" + date + ".json");
    Path markdown = folder.resolve("load-" + date + ".md");
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    LoadOptions options = report.options();
    ObjectNode tree =
        mapper
            .createObjectNode()
            .put("startedAt", report.startedAt())
            .put("cores", report.cores())
            .put("java", report.java())
            .put("gc", report.gc())
            .put("server", "FakeOpenAiServerMain in its own JVM, loopback HTTP/1.1")
            .put("allocationMethod", LoadReport.ALLOCATION_METHOD);
    ObjectNode given = tree.putObject("options");
    given.put("calls", options.calls());
    given.set("concurrency", mapper.valueToTree(options.concurrency()));
    given.put("durationSeconds", options.duration().toMillis() / 1000.0);
    given.put("concurrentCalls", options.concurrentCalls());
    given.put("streamCalls", options.streamCalls());
    given.put("chunks", options.chunks());
    given.put("warmup", options.warmup());
    given.put("firstWarmup", options.firstWarmup());
    given.put("rounds", options.rounds());
    given.set("contenders", mapper.valueToTree(options.contenders()));
    tree.set("results", mapper.valueToTree(report.results()));
    try {
      Files.createDirectories(folder);
      Files.writeString(json, mapper.writeValueAsString(tree) + "\n", StandardCharsets.UTF_8);
      Files.writeString(markdown, markdown(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing the results to " + folder, e);
    }
    return List.of(json, markdown);
  }

  private static String markdown(LoadReport report) {
    return "# Loopback load benchmark, "
        + report.startedAt()
        + "\n\n"
        + report.cores()
        + " cores, Java "
        + report.java()
        + " ("
        + report.gc()
        + ")"
        + "; fake OpenAI server in its own process on loopback. Latency in ms per call; ratios"
        + " against bare-jdk in the same mode: the median over the "
        + report.options().rounds()
        + " rounds of each round's ratio (the range: the lowest and highest of them). Allocation: "
        + LoadReport.ALLOCATION_METHOD
        + ".\n\nCommand: `bench/load.sh "
        + commandLine(report.options())
        + "`\n\n"
        + ReportTable.markdown(report);
  }

  /** The options as the arguments that would repeat the run. */
  static String commandLine(LoadOptions options) {
    return "--calls "
        + options.calls()
        + " --concurrency "
        + options.concurrency().stream().map(String::valueOf).collect(Collectors.joining(","))
        + (options.concurrentCalls() > 0
            ? " --concurrent-calls " + options.concurrentCalls()
            : " --duration " + options.duration().toMillis() / 1000.0)
        + " --stream-calls "
        + options.streamCalls()
        + " --chunks "
        + options.chunks()
        + " --warmup "
        + options.warmup()
        + (options.firstWarmup() != options.warmup()
            ? " --first-warmup " + options.firstWarmup()
            : "")
        + " --rounds "
        + options.rounds()
        + " --contenders "
        + String.join(",", options.contenders());
  }
}
