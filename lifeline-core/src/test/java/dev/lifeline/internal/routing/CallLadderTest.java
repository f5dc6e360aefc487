package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.Deployment;
import dev.lifeline.routing.CallRouting;
import dev.lifeline.routing.RoutingRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call's own say in its ladder, and the engine's tag rules. */
class CallLadderTest {

  private static final Deployment GPT = new Deployment("openai", "gpt-4o", 128_000, 2.5, 10);
  private static final Deployment MINI =
      new Deployment("openai", "gpt-4o-mini", 128_000, 0.15, 0.6);
  private static final Deployment CLAUDE =
      new Deployment("anthropic", "claude-sonnet-4", 200_000, 3, 15);
  private static final Deployment DEEPSEEK = Deployment.of("deepseek", "deepseek-chat");
  private static final List<Deployment> LADDER = List.of(GPT, MINI, CLAUDE, DEEPSEEK);

  private static CallLadder of(CallRouting routing, RoutingRule... rules) {
    return CallLadder.of(LADDER, routing, List.of(rules), 1_000, 1_000);
  }

  @Test
  void noSayLeavesTheLadderAsItIs() {
    CallLadder ladder = of(CallRouting.none().withSessionKey("conversation-7"));

    assertThat(ladder.deployments()).isSameAs(LADDER);
    assertThat(ladder.notes()).isEmpty();
  }

  @Test
  void onlyKeepsTheNamedProvidersAndDeploymentsAndNotesTheRest() {
    CallLadder ladder = of(CallRouting.none().withOnly("anthropic", "openai/gpt-4o-mini"));

    assertThat(ladder.deployments()).containsExactly(MINI, CLAUDE);
    assertThat(ladder.notes())
        .hasSize(2)
        .allMatch(note -> note.contains("not among the call's only"));
  }

  @Test
  void excludeLeavesOutAWholeProvider() {
    assertThat(of(CallRouting.none().withExclude("openai")).deployments())
        .containsExactly(CLAUDE, DEEPSEEK);
  }

  @Test
  void preferMovesTheNamedFirstInTheirOrder() {
    assertThat(of(CallRouting.none().withPrefer("deepseek", "openai/gpt-4o-mini")).deployments())
        .containsExactly(DEEPSEEK, MINI, GPT, CLAUDE);
  }

  @Test
  void aPriceCapLeavesOutWhatCostsMoreAndKeepsUnknownPrices() {
    // 1,000 tokens each way: gpt-4o about $0.0125, mini $0.00075, claude $0.018.
    CallLadder ladder = of(CallRouting.none().withMaxPricePerCall(0.01));

    assertThat(ladder.deployments()).containsExactly(MINI, DEEPSEEK);
    assertThat(ladder.notes()).anyMatch(note -> note.contains("over the call's cap of $0.010000"));
  }

  @Test
  void aRuleReordersOnlyCallsCarryingItsTagAndTheCallsOwnPreferenceWins() {
    RoutingRule batch = RoutingRule.whenTag("tier", "batch").prefer("deepseek");

    assertThat(of(CallRouting.none().withTag("tier", "interactive"), batch).deployments())
        .containsExactly(GPT, MINI, CLAUDE, DEEPSEEK);
    CallLadder tagged = of(CallRouting.none().withTag("tier", "batch"), batch);
    assertThat(tagged.deployments()).containsExactly(DEEPSEEK, GPT, MINI, CLAUDE);
    assertThat(tagged.notes()).containsExactly("routing rule tier=batch: [deepseek] first");
    assertThat(
            of(CallRouting.none().withTag("tier", "batch").withPrefer("anthropic"), batch)
                .deployments())
        .containsExactly(CLAUDE, DEEPSEEK, GPT, MINI);
  }

  @Test
  void badRoutingIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> CallRouting.none().withMaxPricePerCall(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPricePerCall");
    assertThatThrownBy(() -> CallRouting.none().withSessionKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionKey");
    assertThatThrownBy(() -> RoutingRule.whenTag("tier", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag and value");
  }
}
