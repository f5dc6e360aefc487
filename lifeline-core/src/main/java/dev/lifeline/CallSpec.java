package dev.lifeline;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.validation.ResponseValidator;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one call is: the request, the routed plan, and the call's own settings. Not API.
 *
 * @param request what to send
 * @param plan the deployments to try, in order, as routing and the playbook left them
 * @param defaultPlan the same deployments in routing's order, before the playbook's hints: where
 *     the call goes back to when a learned hint proves wrong
 * @param notes routing's notes for the trace (deployments skipped and why)
 * @param strategy the layers the call may use
 * @param deadline the whole call's budget
 * @param validators what every answer must pass
 * @param bestEffort whether to return the best answer when all fail validation
 * @param onDelta where a streaming call's deltas go; null for a plain call
 * @param learnedMoves how many deployments the playbook moved later in the plan
 * @param hedging when an attempt gets a hedged second one
 * @param sessionKey the conversation whose deployment the answer's binds, or null
 */
record CallSpec(
    ChatRequest request,
    List<Deployment> plan,
    List<Deployment> defaultPlan,
    List<String> notes,
    FallbackStrategy strategy,
    Duration deadline,
    List<ResponseValidator> validators,
    boolean bestEffort,
    Consumer<String> onDelta,
    int learnedMoves,
    HedgePolicy hedging,
    String sessionKey) {

  /** Copies the lists. */
  public CallSpec {
    plan = List.copyOf(plan);
    defaultPlan = List.copyOf(defaultPlan);
    notes = List.copyOf(notes);
    validators = List.copyOf(validators);
  }
}
