package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lifeline.model.ChatRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The providers' prompt caches of a scenario with conversations, and the stream of turns that meets
 * them.
 */
class PromptCacheTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final DeploymentSpec spec =
      new DeploymentSpec(
          "key-a",
          "gpt-4o",
          new LatencyModel(Duration.ofSeconds(1), Duration.ofSeconds(4)),
          Duration.ofMillis(300),
          2.50,
          10.00,
          128_000,
          128_000,
          0,
          1.25);
  private final PromptCache cache =
      new PromptCache(
          new Conversations(10, Duration.ofSeconds(30), 100, Duration.ofMinutes(5), 0.5),
          List.of(spec, spec, spec));

  private static SimRequest turn(int number, int promptTokens) {
    return new SimRequest(
        number,
        0,
        promptTokens,
        100,
        false,
        false,
        ChatRequest.of("turn"),
        new ConversationTurn("conversation-0", 0, number));
  }

  private static CallOutcome answer(int promptTokens) {
    return new CallOutcome(
        CallOutcome.Kind.ANSWER, 2 * SECOND, null, (promptTokens * 2.50 + 100 * 10.00) / 1e6);
  }

  @Test
  void theKeyThatServedThePreviousTurnReadsItAtTheCachedPriceAndSooner() {
    cache.serve(0, 0, turn(0, 4_000), answer(4_000));

    PromptCache.Served same = cache.serve(0, 30 * SECOND, turn(1, 4_400), answer(4_400));
    PromptCache.Served other = cache.serve(1, 60 * SECOND, turn(2, 4_800), answer(4_800));

    assertThat(same.hit()).isTrue();
    // 4,000 of the 4,400 prompt tokens at half price.
    assertThat(same.outcome().cost())
        .isCloseTo(answer(4_400).cost() - 4_000 * 1.25 / 1e6, within(1e-12));
    assertThat(same.outcome().latencyNanos()).isEqualTo(SECOND);
    assertThat(other.hit()).isFalse();
    assertThat(other.outcome()).isEqualTo(answer(4_800));
  }

  @Test
  void aKeyThatSawAnEarlierTurnDiscountsOnlyThatPrefixAndIsNoHit() {
    cache.serve(0, 0, turn(0, 4_000), answer(4_000));
    cache.serve(1, 30 * SECOND, turn(1, 4_400), answer(4_400));

    PromptCache.Served back = cache.serve(0, 60 * SECOND, turn(2, 4_800), answer(4_800));

    assertThat(back.hit()).isFalse();
    assertThat(back.outcome().cost())
        .isCloseTo(answer(4_800).cost() - 4_000 * 1.25 / 1e6, within(1e-12));
    assertThat(back.outcome().latencyNanos()).isEqualTo(2 * SECOND);
    assertThat(cache.warmDeployment(new ConversationTurn("conversation-0", 0, 3), 61 * SECOND))
        .isZero();
  }

  @Test
  void aCacheUnusedLongerThanItsLifetimeIsCold() {
    cache.serve(0, 0, turn(0, 4_000), answer(4_000));

    PromptCache.Served late = cache.serve(0, 301 * SECOND, turn(1, 4_400), answer(4_400));

    assertThat(late.hit()).isFalse();
    assertThat(late.outcome()).isEqualTo(answer(4_400));
  }

  @Test
  void aFailedCallNeitherReadsNorFillsTheCache() {
    cache.serve(0, 0, turn(0, 4_000), answer(4_000));
    CallOutcome error = new CallOutcome(CallOutcome.Kind.ERROR, SECOND, null, 0);

    assertThat(cache.serve(1, SECOND, turn(1, 4_400), error).hit()).isFalse();
    assertThat(cache.warmDeployment(new ConversationTurn("conversation-0", 0, 1), 2 * SECOND))
        .isZero();
  }

  @Test
  void conversationsArriveAsTurnsOfGrowingPromptsInOrder() {
    Scenario scenario = Scenario.shipped("session-cache");
    RequestStream stream = RequestStream.generate(scenario, 95, 3);

    Map<Integer, List<SimRequest>> byConversation =
        stream.requests().stream().collect(Collectors.groupingBy(r -> r.turn().conversation()));
    assertThat(byConversation).hasSize(10);
    assertThat(byConversation.get(9)).hasSize(5); // the last one takes the remainder
    for (List<SimRequest> turns : byConversation.values()) {
      for (int t = 0; t < turns.size(); t++) {
        SimRequest turn = turns.get(t);
        assertThat(turn.turn().number()).isEqualTo(t);
        assertThat(turn.sessionKey()).isEqualTo("conversation-" + turn.turn().conversation());
        if (t > 0) {
          assertThat(turn.arrivalNanos()).isGreaterThanOrEqualTo(turns.get(t - 1).arrivalNanos());
          assertThat(turn.promptTokens()).isGreaterThan(turns.get(t - 1).promptTokens());
        }
      }
    }
    for (int i = 1; i < stream.size(); i++) {
      assertThat(stream.requests().get(i).index()).isEqualTo(i);
      assertThat(stream.requests().get(i).arrivalNanos())
          .isGreaterThanOrEqualTo(stream.requests().get(i - 1).arrivalNanos());
    }
  }

  @Test
  void badConversationValuesAreTypedErrorsNamingTheField() {
    String yaml =
        """
        name: tiny
        duration: 10m
        conversations: { turns: 1 }
        deployments:
          - { provider: a, model: m, p50: 1s, p99: 3s, inputPrice: 2, cachedInputPrice: 1 }
        """;
    assertThatThrownBy(() -> ScenarioReader.read(yaml.getBytes(), "tiny.yaml", true))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("conversations.turns")
        .hasMessageContaining("must be between 2 and 1000, was 1");
    assertThatThrownBy(
            () ->
                ScenarioReader.read(
                    yaml.replace("turns: 1", "turns: 5")
                        .replace("cachedInputPrice: 1", "cachedInputPrice: 3")
                        .getBytes(),
                    "tiny.yaml",
                    true))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("deployments[0].cachedInputPrice")
        .hasMessageContaining("must be between 0 and 2, was 3");
  }
}
