package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.CallOptions;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hedged stream over real HTTP, on each wire format: a primary that sends nothing for 20 s, a
 * backup that streams at once. The caller hears the backup's answer alone, long before the
 * primary's headers would come, and the primary's exchange is cancelled and traced as the loser.
 */
class HedgedStreamOverHttpTest {

  private static final String PRIMARY = "The primary's late answer, which nobody should see.";
  private static final String BACKUP = "Your refund for order 1042 is on its way.";

  /** Long limits: only the hedge may end the primary's wait. */
  private static final Timeouts PATIENT =
      Timeouts.defaults().withFirstByte(Duration.ofSeconds(60)).withTotal(Duration.ofSeconds(60));

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aStreamWithoutItsFirstDeltaIsHedgedAndOnlyTheBackupsTextReachesTheCaller(WireFormat format) {
    try (FakeLlmServer primary = FakeLlmServer.builder(format).name("primary").build().start();
        FakeLlmServer backup = FakeLlmServer.builder(format).name("backup").build().start();
        SelfHealingEngine engine =
            SelfHealingEngine.builder()
                .provider(
                    ProviderLadder.of(Adapters.adapterFor(primary, "key-primary-1111", PATIENT))
                        .models(Adapters.model(format)))
                .provider(
                    ProviderLadder.of(Adapters.adapterFor(backup, "key-backup-2222", PATIENT))
                        .models(Adapters.model(format)))
                .build()) {
      primary.script().answerText(PRIMARY);
      backup.script().answerText(BACKUP);
      CallOptions hedged =
          CallOptions.defaults()
              .withHedging(HedgePolicy.after(Duration.ofMillis(200)).withBudget(0.5));
      // Two quick streams earn the hedge (half a hedge each); the third hangs before its headers.
      for (int i = 0; i < 2; i++) {
        assertThat(engine.stream(ChatRequest.of("warm"), hedged, delta -> {}).join().provider())
            .isEqualTo("primary");
      }
      primary.enqueue(Fault.latency(Duration.ofSeconds(20)));

      StringBuilder heard = new StringBuilder();
      ChatResponse answer =
          engine.stream(ChatRequest.of("Where is my refund?"), hedged, heard::append).join();

      assertThat(heard.toString()).isEqualTo(BACKUP);
      assertThat(answer.text()).isEqualTo(BACKUP);
      assertThat(answer.provider()).isEqualTo("backup");
      // Answered by the backup, not after the primary's 20 s.
      assertThat(answer.trace().elapsed()).isLessThan(Duration.ofSeconds(10));
      assertThat(answer.trace().attempts())
          .satisfiesExactly(
              loser -> {
                assertThat(loser.deployment().provider()).isEqualTo("primary");
                assertThat(loser.decision()).isEqualTo(Decision.HEDGE_LOST);
                assertThat(loser.failure()).isNull();
              },
              winner -> assertThat(winner.decision()).isEqualTo(Decision.ACCEPT));
      assertThat(answer.trace().notes())
          .anySatisfy(note -> assertThat(note).contains("without a first delta", "streamed first"));
      assertThat(backup.requests()).hasSize(1);
    }
  }
}
