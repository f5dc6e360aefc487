package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fleet counters: the shared store decides while it answers; when it cannot, this engine keeps to
 * its share of the limit on its own counters, which already hold what the store granted it, and
 * leaves the store alone for a second.
 */
class FleetLimitCountersTest {

  private final VirtualClock clock = new VirtualClock();

  /** A store whose next answers the test sets; it records what it was asked. */
  private static final class FakeShared implements SharedLimits {
    long answer;
    int replicas = 1;
    boolean throwing;
    final List<String> asked = new ArrayList<>();
    final List<Long> corrections = new ArrayList<>();

    @Override
    public long tryTake(String deployment, int requestsPerMinute, long tokensPerMinute, long t) {
      asked.add(deployment + " " + requestsPerMinute + " " + tokensPerMinute + " " + t);
      if (throwing) {
        throw new IllegalStateException("store bug");
      }
      return answer;
    }

    @Override
    public void correct(String deployment, long tokens) {
      corrections.add(tokens);
    }

    @Override
    public int replicas() {
      return replicas;
    }
  }

  @Test
  void whileTheStoreAnswersItDecidesAndWhatItGrantedIsRecordedHere() {
    FakeShared shared = new FakeShared();
    LimitCounters counters = LimitCounters.fleet(shared, clock);

    for (int i = 0; i < 5; i++) {
      assertThat(counters.tryTake("a/m", 3, 1_000, 100)).isZero(); // over 3: the store allows it
    }
    shared.answer = Duration.ofSeconds(7).toNanos();
    assertThat(counters.tryTake("a/m", 300, 0, 100)).isEqualTo(shared.answer);

    assertThat(shared.asked).hasSize(6).first().isEqualTo("a/m 3 1000 100");
    assertThat(counters.used("a/m")).containsExactly(5, 500);
    counters.correct("a/m", -40);
    assertThat(shared.corrections).containsExactly(-40L);
    assertThat(counters.used("a/m")).containsExactly(5, 460);
  }

  @Test
  void whenTheStoreCannotTellThisEngineKeepsToItsShareCountingWhatItAlreadyTook() {
    FakeShared shared = new FakeShared();
    shared.replicas = 4;
    LimitCounters counters = LimitCounters.fleet(shared, clock);
    // The store granted 2 while it answered: 2 of this engine's share of 12 / 4 = 3 are gone.
    assertThat(counters.tryTake("a/m", 12, 0, 0)).isZero();
    assertThat(counters.tryTake("a/m", 12, 0, 0)).isZero();

    shared.answer = SharedLimits.UNKNOWN;
    assertThat(counters.tryTake("a/m", 12, 0, 0)).as("the third of three").isZero();
    long wait = counters.tryTake("a/m", 12, 0, 0);

    assertThat(Duration.ofNanos(wait)).isEqualTo(Duration.ofMinutes(1));
    assertThat(shared.asked).as("asked once, then left alone").hasSize(3);
  }

  @Test
  void theStoreIsAskedAgainOneSecondAfterItFailed() {
    FakeShared shared = new FakeShared();
    LimitCounters counters = LimitCounters.fleet(shared, clock);
    shared.throwing = true;
    assertThat(counters.tryTake("a/m", 100, 0, 0)).isZero(); // on this engine's own counters
    shared.throwing = false;
    clock.advance(FleetLimitCounters.RETRY_STORE_AFTER.minusMillis(1));
    assertThat(counters.tryTake("a/m", 100, 0, 0)).isZero();
    assertThat(shared.asked).hasSize(1);

    clock.advance(Duration.ofMillis(1));
    shared.answer = 5;
    assertThat(counters.tryTake("a/m", 100, 0, 0)).isEqualTo(5);
    assertThat(shared.asked).hasSize(2);
  }

  @Test
  void aShareNeverFallsToZero() {
    FakeShared shared = new FakeShared();
    shared.replicas = 10;
    shared.answer = SharedLimits.UNKNOWN;
    LimitCounters counters = LimitCounters.fleet(shared, clock);
    assertThat(counters.tryTake("a/m", 3, 5, 1)).isZero();
    assertThat(counters.tryTake("a/m", 3, 5, 1)).isPositive();
  }
}
