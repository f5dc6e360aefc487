package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The one timer of an exchange enforces each limit at its own time, on a virtual clock: the
 * first-byte, idle and total timeouts fire when they pass and not before, whichever of them is the
 * shortest, and the timer is scheduled once for an exchange that ends in time.
 */
class ExchangeTimersTest {

  private final VirtualClock clock = new VirtualClock();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final AtomicInteger scheduled = new AtomicInteger();

  private ExchangeTimers timers(Duration firstByte, Duration idle, Duration total) {
    Timeouts timeouts =
        Timeouts.defaults().withFirstByte(firstByte).withIdle(idle).withTotal(total);
    Scheduler counting =
        (task, delay) -> {
          scheduled.incrementAndGet();
          return clock.schedule(task, delay);
        };
    return new ExchangeTimers(counting, clock, timeouts, result, true);
  }

  private String failure() {
    assertThat(result).isCompletedExceptionally();
    return result.handle((ok, error) -> ((ProviderException) error).failure().message()).join();
  }

  @Test
  void theFirstByteTimeoutFiresWhenNoHeadCameEvenWhenTheIdleTimeoutIsShorter() {
    ExchangeTimers timers =
        timers(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));
    timers.start();

    clock.advance(Duration.ofSeconds(59));
    assertThat(result).isNotDone();
    clock.advance(Duration.ofSeconds(1));

    assertThat(failure()).contains("first-byte timeout");
  }

  @Test
  void theIdleTimeoutCountsFromTheLastChunkNotFromTheFirstByteLimit() {
    ExchangeTimers timers =
        timers(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));
    timers.start();
    clock.advance(Duration.ofSeconds(10));
    timers.headArrived();
    clock.advance(Duration.ofSeconds(20));
    timers.activity(); // at 30 s

    clock.advance(Duration.ofSeconds(29));
    assertThat(result).isNotDone();
    clock.advance(Duration.ofSeconds(1)); // 30 s after the last chunk, before the first-byte limit

    assertThat(failure()).contains("idle timeout");
  }

  @Test
  void theIdleTimeoutIsNotLateWhenTheFirstByteLimitIsLongerThanIt() {
    ExchangeTimers timers =
        timers(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(10));
    timers.start();
    clock.advance(Duration.ofSeconds(4));
    timers.headArrived(); // then silence

    clock.advance(Duration.ofMillis(4_999));
    assertThat(result).isNotDone();
    clock.advance(Duration.ofMillis(1));

    assertThat(failure()).contains("idle timeout");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void theTotalTimeoutEndsAStreamThatNeverFallsSilent() {
    ExchangeTimers timers =
        timers(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(100));
    timers.start();
    timers.headArrived();
    for (int i = 0; i < 99; i++) {
      clock.advance(Duration.ofSeconds(1));
      timers.activity();
    }
    assertThat(result).isNotDone();
    clock.advance(Duration.ofSeconds(1));

    assertThat(failure()).contains("total timeout");
  }

  @Test
  void anExchangeThatEndsInTimeSchedulesOneTaskAndLeavesNoneBehind() {
    ExchangeTimers timers =
        timers(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));
    timers.start();
    timers.headArrived();
    timers.activity();
    result.complete("answer");
    timers.cancel();

    assertThat(scheduled).hasValue(1);
    assertThat(clock.pendingTasks()).isZero();
    clock.advance(Duration.ofMinutes(20));
    assertThat(result).isCompletedWithValue("answer");
  }
}
