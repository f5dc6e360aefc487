package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.time.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the fleet and the prompt, a plan holds exactly the deployments that fit, once each. */
class RouterProperties {

  @Property(tries = 200)
  void aPlanIsEveryFittingDeploymentOnceAndCostOrderIsSorted(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 7) Integer> prices,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 4) Integer> windows,
      @ForAll @IntRange(min = 0, max = 40_000) int promptChars) {
    List<Deployment> fleet = new ArrayList<>();
    for (int i = 0; i < prices.size(); i++) {
      int window = windows.get(i % windows.size()) * 2_500; // 0 (unknown) to 10,000 tokens
      int price = prices.get(i);
      // Model names repeat, so some candidates are listed twice.
      fleet.add(
          new Deployment("p" + (i % 3), "m" + (i % 5), window, price, price == 0 ? 0 : 8 - price));
    }
    ChatRequest request = ChatRequest.of("z".repeat(promptChars));
    Router router = Router.of(HealthTracker.create(new VirtualClock()));

    Plan plan = router.plan(request, fleet, RoutingMode.COST);

    List<String> seen = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Deployment deployment : fleet) {
      if (seen.contains(deployment.id())) {
        continue; // the first listing decides
      }
      seen.add(deployment.id());
      if (!deployment.hasKnownContextWindow()
          || deployment.contextWindow() >= request.estimatedPromptTokens()) {
        expected.add(deployment.id());
      }
    }
    assertThat(plan.deployments())
        .extracting(Deployment::id)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(plan.deployments()).doesNotHaveDuplicates();
    double previous = -1;
    boolean unpricedSeen = false;
    for (Deployment deployment : plan.deployments()) {
      boolean priced =
          deployment.inputPricePerMillion() > 0 && deployment.outputPricePerMillion() > 0;
      if (!priced) {
        unpricedSeen = true;
        continue;
      }
      assertThat(unpricedSeen).as("a priced deployment after an unpriced one").isFalse();
      double cost =
          deployment.inputPricePerMillion() * request.estimatedPromptTokens()
              + deployment.outputPricePerMillion() * Router.DEFAULT_ASSUMED_COMPLETION_TOKENS;
      assertThat(cost).isGreaterThanOrEqualTo(previous);
      previous = cost;
    }
  }
}
