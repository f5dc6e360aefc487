package dev.lifeline.trace;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import java.util.List;
import java.util.Objects;

/**
 * What a listener learns of a call as it starts: {@link EngineListener#onCallStarted} hears it on
 * the caller's thread, before the first attempt.
 *
 * @param request what the caller sent; its messages are the caller's prompt, for a listener to
 *     record only when its user opted in
 * @param plan the deployments the call may try, in order, as routing and the playbook left them;
 *     empty when none can serve the request
 * @param streaming whether the call streams its answer
 * @param learnedMoves how many deployments the playbook moved later in the plan, because it expects
 *     them to fail this request; zero when it changed nothing
 */
public record CallStart(
    ChatRequest request, List<Deployment> plan, boolean streaming, int learnedMoves) {

  /** Checks the parts and copies the plan. */
  public CallStart {
    Objects.requireNonNull(request, "request");
    plan = List.copyOf(Objects.requireNonNull(plan, "plan"));
    if (learnedMoves < 0) {
      throw new IllegalArgumentException("learnedMoves must be >= 0, was " + learnedMoves);
    }
  }

  /** The deployment the call tries first, or null when the plan is empty. */
  public Deployment first() {
    return plan.isEmpty() ? null : plan.get(0);
  }
}
