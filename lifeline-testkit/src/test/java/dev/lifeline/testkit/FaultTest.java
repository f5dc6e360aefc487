package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fault, FaultMix and Latency as values: validation, composition, descriptions, draws. */
class FaultTest {

  @Test
  void factoriesRejectNonsenseWithTheValueInTheMessage() {
    assertThatThrownBy(() -> Fault.rateLimited(Duration.ofSeconds(-3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAfter")
        .hasMessageContaining("PT-3S");
    assertThatThrownBy(() -> Fault.status(200)).hasMessageContaining("400..599 but was 200");
    assertThatThrownBy(() -> Fault.status(600, "", Map.of()))
        .hasMessageContaining("200..599 but was 600");
    assertThatThrownBy(() -> Fault.cutStream(-1))
        .hasMessageContaining("afterChunks must be >= 0 but was -1");
    assertThatThrownBy(() -> Fault.slowStream(Duration.ofMillis(-1)))
        .hasMessageContaining("perChunk");
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-5))).hasMessageContaining("delay");
  }

  @Test
  void rawHeadersAreCopied() {
    Map<String, String> headers = new HashMap<>(Map.of("x-a", "1"));
    Fault fault = Fault.status(503, "{}", headers);
    headers.put("x-b", "2");

    assertThat(((Fault.Raw) fault).headers()).containsOnlyKeys("x-a");
  }

  @Test
  void withLatencyKeepsTheFaultAndAddsTheWait() {
    Fault fault = Fault.midStreamError(2).withLatency(Duration.ofMillis(30));

    assertThat(fault)
        .isInstanceOfSatisfying(
            Fault.MidStreamError.class, error -> assertThat(error.afterChunks()).isEqualTo(2));
    assertThat(fault.latency().draw()).isEqualTo(Duration.ofMillis(30));
    assertThat(Fault.midStreamError(2).latency()).isSameAs(Latency.none());
  }

  @Test
  void theFactoriesMakeTheRecordsAUserCanSwitchOver() {
    assertThat(Fault.rateLimited(Duration.ofSeconds(3)))
        .isEqualTo(
            new Fault.ProviderError(
                ErrorCase.RATE_LIMITED, 429, Duration.ofSeconds(3), Latency.none()));
    assertThat(Fault.overloaded()).isInstanceOf(Fault.ProviderError.class);
    assertThat(Fault.status(418, "teapot", Map.of()))
        .isEqualTo(new Fault.Raw(418, "teapot", Map.of(), Latency.none()));
    assertThat(Fault.cutStream(4)).isEqualTo(new Fault.CutStream(4, Latency.none()));
    assertThat(Fault.hang()).isInstanceOf(Fault.Hang.class);
    assertThat(Fault.healthy()).isEqualTo(new Fault.Healthy(Latency.none()));
    assertThatThrownBy(() -> new Fault.ProviderError(ErrorCase.BY_STATUS, 0, null, Latency.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BY_STATUS needs a status");
    assertThatThrownBy(
            () -> new Fault.ProviderError(ErrorCase.OVERLOADED, 302, null, Latency.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status must be 0 or in 400..599 but was 302");
    assertThatThrownBy(
            () -> new Fault.ProviderError(ErrorCase.RATE_LIMITED, 429, null, Latency.none()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("retryAfter");
  }

  @Test
  void describesItself() {
    assertThat(
            List.of(
                Fault.healthy(),
                Fault.rateLimited(Duration.ofMillis(500)),
                Fault.overloaded(),
                Fault.status(503),
                Fault.status(418, "teapot", Map.of()),
                Fault.stallStream(3),
                Fault.slowStream(Duration.ofMillis(20)),
                Fault.resetConnection(),
                Fault.serverError().withLatency(Duration.ofMillis(5))))
        .extracting(Fault::toString)
        .containsExactly(
            "healthy()",
            "rateLimited(PT0.5S)",
            "overloaded()",
            "status(503)",
            "status(418, raw body)",
            "stallStream(3)",
            "slowStream(PT0.02S)",
            "resetConnection()",
            "serverError() after fixed(PT0.005S)");
  }

  @Test
  void aMixNeedsPositiveWeightsAndAFault() {
    assertThatThrownBy(() -> FaultMix.builder(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one fault");
    assertThatThrownBy(() -> FaultMix.builder(1).add(0, Fault.healthy()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight must be finite and > 0 but was 0.0");
    assertThatThrownBy(() -> FaultMix.builder(1).add(Double.NaN, Fault.healthy()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMixPicksByCumulativeWeight() {
    Fault a = Fault.healthy();
    Fault b = Fault.serverError();
    FaultMix mix = FaultMix.builder(3).add(3, a).add(1, b).build();

    assertThat(mix.pick(0.0)).isSameAs(a);
    assertThat(mix.pick(0.74)).isSameAs(a);
    assertThat(mix.pick(0.75)).isSameAs(b);
    assertThat(mix.pick(0.999)).isSameAs(b);
    assertThat(mix.seed()).isEqualTo(3);
    assertThat(mix.toString()).isEqualTo("FaultMix[seed 3, 0.750 healthy(), 0.250 serverError()]");
  }

  @Test
  void uniformLatencyStaysInItsBoundsAndRepeatsWithItsSeed() {
    Latency first = Latency.uniform(Duration.ofMillis(10), Duration.ofMillis(20), 99);
    Latency second = Latency.uniform(Duration.ofMillis(10), Duration.ofMillis(20), 99);

    for (int i = 0; i < 1_000; i++) {
      Duration draw = first.draw();
      assertThat(draw).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
      assertThat(second.draw()).isEqualTo(draw);
    }
    assertThatThrownBy(() -> Latency.uniform(Duration.ofMillis(5), Duration.ofMillis(4), 1))
        .hasMessageContaining("max must be at least min (PT0.005S) but was PT0.004S");
  }

  @Test
  void logNormalLatencyCentresOnItsMedianAndIsCapped() {
    Latency latency = Latency.logNormal(Duration.ofMillis(100), 0.5, 7);
    long below = 0;
    for (int i = 0; i < 10_000; i++) {
      Duration draw = latency.draw();
      assertThat(draw)
          .isLessThanOrEqualTo(Duration.ofMillis(100L * Latency.LOG_NORMAL_CAP_IN_MEDIANS));
      if (draw.compareTo(Duration.ofMillis(100)) < 0) {
        below++;
      }
    }
    assertThat(below).isBetween(4_700L, 5_300L);
    assertThat(Latency.logNormal(Duration.ofMillis(1), 50, 1).draw())
        .isLessThanOrEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> Latency.logNormal(Duration.ofMillis(1), -1, 1))
        .hasMessageContaining("sigma");
  }
}
