package dev.lifeline.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's parameters, from {@code --name value} arguments; see {@link #USAGE}.
 *
 * @param calls sequential calls per contender
 * @param concurrency the concurrent modes' caller counts
 * @param duration how long each concurrent mode runs per contender
 * @param concurrentCalls calls per contender in each concurrent mode instead of a duration, or 0
 * @param streamCalls sequential streamed calls per contender, or 0 for no streaming mode
 * @param chunks deltas in each streamed answer
 * @param warmup calls per contender before each mode, at that mode's concurrency
 * @param firstWarmup calls per contender before the first mode instead, where the JIT still has the
 *     whole path to compile; at least {@code warmup}
 * @param rounds each mode is split into this many rounds, the contenders' order rotated each round
 * @param contenders contender names, see {@link Contenders#NAMES}
 * @param out the folder for the JSON and Markdown results, or null for none
 */
public record LoadOptions(
    long calls,
    List<Integer> concurrency,
    Duration duration,
    long concurrentCalls,
    long streamCalls,
    int chunks,
    long warmup,
    long firstWarmup,
    int rounds,
    List<String> contenders,
    Path out) {

  /** The options and their defaults. */
  public static final String USAGE =
      """
      Options (defaults in brackets):
        --calls N             sequential calls per contender [2000]
        --concurrency A,B     concurrent modes' caller threads; none for no concurrent mode [16,64]
        --duration SECONDS    time per contender in each concurrent mode [10]
        --concurrent-calls N  run each concurrent mode for N calls instead of a duration [0: use --duration]
        --stream-calls N      sequential streamed calls per contender; 0 skips streaming [500]
        --chunks N            deltas per streamed answer [20]
        --warmup N            calls per contender before each mode [500]
        --first-warmup N      calls per contender before the first mode, so that it measures
                              compiled code, not the JIT at work [as --warmup]
        --rounds N            rounds per mode, contenders rotated between rounds; each ratio
                              to bare-jdk is the median of the rounds' ratios [2]
        --contenders A,B      any of bare-jdk,lifeline,langchain4j,openai-java [all]
        --out DIR             folder for load-<date>T<hhmm>.json and .md [none: stdout only]
      """;

  /** Checks the ranges and copies the lists. */
  public LoadOptions {
    positive("calls", calls);
    for (int c : concurrency) {
      positive("concurrency", c);
    }
    concurrency = List.copyOf(concurrency);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be > 0, got " + duration);
    }
    nonNegative("concurrent-calls", concurrentCalls);
    nonNegative("stream-calls", streamCalls);
    positive("chunks", chunks);
    nonNegative("warmup", warmup);
    if (firstWarmup < warmup) {
      throw new IllegalArgumentException(
          "--first-warmup must be >= --warmup (" + warmup + "), got " + firstWarmup);
    }
    positive("rounds", rounds);
    if (contenders.isEmpty()) {
      throw new IllegalArgumentException("--contenders needs at least one name");
    }
    for (String name : contenders) {
      if (!Contenders.NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown contender '" + name + "'; allowed: " + String.join(",", Contenders.NAMES));
      }
    }
    contenders = List.copyOf(contenders);
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the option that is unknown, lacks a value or is out of
   *     range
   */
  public static LoadOptions parse(String... args) {
    long calls = 2000;
    List<Integer> concurrency = List.of(16, 64);
    Duration duration = Duration.ofSeconds(10);
    long concurrentCalls = 0;
    long streamCalls = 500;
    int chunks = 20;
    long warmup = 500;
    long firstWarmup = -1;
    int rounds = 2;
    List<String> contenders = Contenders.NAMES;
    Path out = null;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
      }
      String value = args[i + 1];
      switch (name) {
        case "--calls" -> calls = number(name, value);
        case "--concurrency" ->
            concurrency =
                value.equals("none")
                    ? List.of()
                    : Arrays.stream(value.split(",")).map(v -> (int) number(name, v)).toList();
        case "--duration" -> duration = Duration.ofMillis(Math.round(1000 * decimal(name, value)));
        case "--concurrent-calls" -> concurrentCalls = number(name, value);
        case "--stream-calls" -> streamCalls = number(name, value);
        case "--chunks" -> chunks = (int) number(name, value);
        case "--warmup" -> warmup = number(name, value);
        case "--first-warmup" -> firstWarmup = number(name, value);
        case "--rounds" -> rounds = (int) number(name, value);
        case "--contenders" -> contenders = List.of(value.split(","));
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    return new LoadOptions(
        calls,
        concurrency,
        duration,
        concurrentCalls,
        streamCalls,
        chunks,
        warmup,
        firstWarmup < 0 ? warmup : firstWarmup,
        rounds,
        contenders,
        out);
  }

  /** The modes these options ask for, in the order they run. */
  public List<LoadMode> modes() {
    List<LoadMode> modes = new ArrayList<>();
    modes.add(new LoadMode("sequential", 1, calls, duration, false));
    for (int c : concurrency) {
      modes.add(new LoadMode("c" + c, c, concurrentCalls, duration, false));
    }
    if (streamCalls > 0) {
      modes.add(new LoadMode("stream", 1, streamCalls, duration, true));
    }
    return modes;
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
    }
  }

  private static double decimal(String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
    }
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " must be >= 1, got " + value);
    }
  }

  private static void nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("--" + name + " must be >= 0, got " + value);
    }
  }
}
