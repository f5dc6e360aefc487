package dev.lifeline.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

  @Test
  void runsDueTasksInTimeOrderAsTimeAdvances() {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T00:00:00Z"));
    List<String> ran = new ArrayList<>();
    clock.schedule(() -> ran.add("b@2s:" + clock.elapsed().toSeconds()), Duration.ofSeconds(2));
    clock.schedule(() -> ran.add("a@1s:" + clock.elapsed().toSeconds()), Duration.ofSeconds(1));
    clock.schedule(() -> ran.add("c@5s"), Duration.ofSeconds(5));

    clock.advance(Duration.ofSeconds(3));

    assertThat(ran).containsExactly("a@1s:1", "b@2s:2");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-11-26T00:00:03Z"));
    assertThat(clock.pendingTasks()).isEqualTo(1);
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    VirtualClock clock = new VirtualClock();
    List<Long> ran = new ArrayList<>();
    clock.schedule(
        () -> {
          ran.add(clock.elapsed().toMillis());
          clock.schedule(() -> ran.add(clock.elapsed().toMillis()), Duration.ofMillis(500));
        },
        Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(2));

    assertThat(ran).containsExactly(1000L, 1500L);
  }

  @Test
  void aCancelledTaskNeverRuns() {
    VirtualClock clock = new VirtualClock();
    List<String> ran = new ArrayList<>();
    Future<?> task = clock.schedule(() -> ran.add("x"), Duration.ofSeconds(1));

    assertThat(task.cancel(false)).isTrue();
    clock.advance(Duration.ofSeconds(5));

    assertThat(ran).isEmpty();
    assertThat(task.isCancelled()).isTrue();
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void runUntilIdleStopsAtTheLimit() {
    VirtualClock clock = new VirtualClock();
    clock.schedule(() -> {}, Duration.ofHours(3));

    Duration passed = clock.runUntilIdle(Duration.ofHours(1));

    assertThat(passed).isZero();
    assertThat(clock.pendingTasks()).isEqualTo(1);
    assertThat(clock.runUntilIdle(Duration.ofHours(5))).isEqualTo(Duration.ofHours(3));
  }
}
