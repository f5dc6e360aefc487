package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A deployment group at scale, in virtual time: least in flight under load, and affinity. */
class GroupBalancingTest {

  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider east = new FakeProvider("east", clock);
  private final FakeProvider west = new FakeProvider("west", clock);

  private SelfHealingEngine engine(Balancing balancing) {
    return SelfHealingEngine.builder()
        .provider(ProviderLadder.of(east).model("gpt-4o", 128_000))
        .provider(ProviderLadder.of(west).model("gpt-4o", 128_000))
        .group(
            DeploymentGroup.of("gpt-4o", balancing)
                .member("east/gpt-4o", 1)
                .member("west/gpt-4o", 1))
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .ticker(clock)
        .scheduler(clock)
        .random(new SplittableRandom(3))
        .deadline(Duration.ofSeconds(60))
        .build();
  }

  @Test
  void leastInFlightSendsAMemberFiveTimesSlowerAboutAFifthOfTheTraffic() {
    east.script("gpt-4o", answer("fast").after(Duration.ofSeconds(1)));
    west.script("gpt-4o", answer("slow").after(Duration.ofSeconds(5)));
    SelfHealingEngine engine = engine(Balancing.LEAST_IN_FLIGHT);

    // Four calls a second for ten minutes: the slow member holds its calls five times longer.
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 2_400; i++) {
      calls.add(engine.callAsync(ChatRequest.of("q" + i)));
      clock.advance(Duration.ofMillis(250));
    }
    clock.runUntilIdle(Duration.ofMinutes(5));

    assertThat(calls).allSatisfy(call -> assertThat(call).isCompleted());
    double slowShare = west.calls().size() / 2_400.0;
    // In balance the in-flight counts match: 4p × 1 s = 4(1 − p) × 5 s, so the slow share is 1/6.
    assertThat(slowShare).isBetween(0.10, 0.25);
    assertThat(east.calls().size() + west.calls().size()).isEqualTo(2_400);
  }

  @Test
  void aThousandConversationsOfTenTurnsStayPutAndMoveOnceWhenTheirMemberFails() {
    east.script("gpt-4o", answer("from east"));
    west.script("gpt-4o", answer("from west"));
    SelfHealingEngine engine = engine(Balancing.WEIGHTED);
    Map<String, String> servedBy = new HashMap<>();
    int turns = 0;
    int stayed = 0;
    for (int turn = 0; turn < 10; turn++) {
      for (int c = 0; c < 1_000; c++) {
        String session = "conversation-" + c;
        String provider = ask(engine, session).provider();
        String before = servedBy.put(session, provider);
        if (before != null) {
          turns++;
          stayed += before.equals(provider) ? 1 : 0;
        }
      }
    }
    assertThat(stayed).isGreaterThanOrEqualTo((int) (turns * 0.99));
    assertThat(servedBy.values()).contains("east", "west");

    // West fails: its conversations move to east once and stay there when west is back.
    west.script("gpt-4o", FakeProvider.fail(ErrorKind.SERVER_ERROR));
    for (int c = 0; c < 1_000; c++) {
      assertThat(ask(engine, "conversation-" + c).provider()).isEqualTo("east");
    }
    west.script("gpt-4o", answer("from west"));
    clock.advance(Duration.ofMinutes(10)); // past any circuit's open time
    for (int turn = 0; turn < 3; turn++) {
      for (int c = 0; c < 1_000; c++) {
        assertThat(ask(engine, "conversation-" + c).provider()).isEqualTo("east");
      }
    }
  }

  private ChatResponse ask(SelfHealingEngine engine, String session) {
    CompletableFuture<ChatResponse> call =
        engine.callAsync(
            ChatRequest.of("next turn of " + session),
            CallOptions.defaults().withSessionKey(session));
    clock.runUntilIdle(Duration.ofMinutes(1));
    return call.join();
  }
}
