package dev.lifeline.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps "time is injected" true: no main source of core outside {@code dev.lifeline.time} reads a
 * clock of its own; every read goes through a {@link Ticker}, so a {@link VirtualClock} controls
 * all of it.
 */
class NoClockReadsOutsideTimeTest {

  /** Direct clock reads, also as method references. */
  private static final Pattern CLOCK_READ =
      Pattern.compile(
          "Instant\\s*(\\.\\s*now\\s*\\(|::\\s*now)"
              + "|System\\s*(\\.\\s*(currentTimeMillis|nanoTime)\\s*\\(|::\\s*(currentTimeMillis|nanoTime))"
              + "|Clock\\s*\\.\\s*system(UTC|DefaultZone)?\\s*\\("
              + "|(LocalDateTime|ZonedDateTime|OffsetDateTime|LocalDate|LocalTime)\\s*\\.\\s*now\\s*\\(");

  private static final Path MAIN = Path.of("src/main/java");
  private static final Path TIME = MAIN.resolve("dev/lifeline/time");

  @Test
  void noMainSourceOutsideTimeReadsAClock() throws IOException {
    assertThat(MAIN.resolve("dev/lifeline/SelfHealingEngine.java"))
        .as("run from the lifeline-core module")
        .exists();
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(TIME))
              .flatMap(NoClockReadsOutsideTimeTest::clockReads)
              .collect(Collectors.toList());
    }
    assertThat(offenders)
        .as("clock reads outside dev.lifeline.time; use the injected Ticker")
        .isEmpty();
  }

  @Test
  void thePatternCatchesEveryFormOfClockRead() {
    assertThat(
            List.of(
                "x = java.time.Instant.now();",
                "Supplier<Instant> s = Instant::now;",
                "long t = System.nanoTime();",
                "long t = System.currentTimeMillis();",
                "Clock c = Clock.systemUTC();",
                "LocalDateTime.now()"))
        .allMatch(line -> CLOCK_READ.matcher(line).find());
    assertThat(CLOCK_READ.matcher("ticker.now(); RateLimitHeaders.parse(response, now)").find())
        .isFalse();
  }

  private static Stream<String> clockReads(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Stream.Builder<String> found = Stream.builder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      boolean comment = line.startsWith("*") || line.startsWith("//") || line.startsWith("/*");
      if (!comment && CLOCK_READ.matcher(line).find()) {
        found.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line);
      }
    }
    return found.build();
  }
}
