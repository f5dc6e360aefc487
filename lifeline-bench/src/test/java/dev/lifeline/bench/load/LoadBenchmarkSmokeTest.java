package dev.lifeline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load benchmark at a tiny size, with the server in its own process as in a real run: every
 * contender and mode yields sane figures, the files are written, and the server is gone after.
 */
class LoadBenchmarkSmokeTest {

  @TempDir Path out;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aTinyRunMeasuresEveryContenderInEveryModeAndStopsTheServer() throws Exception {
    LoadOptions options =
        LoadOptions.parse(
            "--calls",
            "50",
            "--concurrency",
            "4",
            "--concurrent-calls",
            "50",
            "--stream-calls",
            "10",
            "--chunks",
            "5",
            "--warmup",
            "10",
            "--rounds",
            "2",
            "--contenders",
            "bare-jdk,lifeline",
            "--out",
            out.toString());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    LoadReport report =
        new LoadBenchmark(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

    assertThat(report.results())
        .extracting(r -> r.mode() + "/" + r.contender())
        .containsExactly(
            "sequential/bare-jdk", "sequential/lifeline",
            "c4/bare-jdk", "c4/lifeline",
            "stream/bare-jdk", "stream/lifeline");
    for (ModeResult r : report.results()) {
      assertThat(r.errors()).as(r.contender() + " " + r.mode() + ": " + r.firstError()).isZero();
      assertThat(r.calls()).as(r.mode()).isEqualTo(r.mode().equals("stream") ? 10 : 50);
      assertThat(r.throughput()).isPositive();
      assertThat(r.p50Millis()).isPositive().isLessThanOrEqualTo(r.p95Millis());
      assertThat(r.p95Millis()).isLessThanOrEqualTo(r.p99Millis());
      assertThat(r.allocatedBytesPerCall()).isNotNegative();
      assertThat(r.peakThreads()).isGreaterThanOrEqualTo(r.concurrency());
      // Both rounds paired with the bare client's; the bare client against itself is 1.
      assertThat(r.ratios().rounds()).isEqualTo(2);
      assertThat(r.ratios().p50().known()).isTrue();
      if (r.contender().equals("bare-jdk")) {
        assertThat(r.ratios().throughput().median()).isEqualTo(1.0);
      }
      if (r.streaming()) {
        assertThat(r.firstDeltaP50Millis()).isPositive().isLessThanOrEqualTo(r.p99Millis());
      }
    }
    assertThat(ProcessHandle.of(report.serverPid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));

    List<Path> files = LoadBenchmark.write(report, out);
    assertThat(Files.readString(files.get(0)))
        .contains("\"contender\" : \"lifeline\"")
        .contains("\"ratios\" : {");
    assertThat(Files.readString(files.get(1)))
        .contains("| stream | lifeline |")
        .contains("bench/load.sh --calls 50 --concurrency 4 --concurrent-calls 50");
    assertThat(ReportTable.text(report).lines()).hasSize(1 + report.results().size());
  }

  @Test
  void badOptionsNameTheOptionAndItsRange() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> LoadOptions.parse("--concurrency", "0")))
        .hasMessageContaining("--concurrency must be >= 1, got 0");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> LoadOptions.parse("--contenders", "bare-jdk,httpie")))
        .hasMessageContaining("unknown contender 'httpie'");
  }
}
