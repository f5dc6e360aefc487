package dev.lifeline;

import dev.lifeline.internal.routing.DeploymentGate;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.routing.LimitPolicy;
import java.util.concurrent.CompletableFuture;

/**
 * One call's pass through the {@link DeploymentGate} at each attempt: admits the attempt, or says
 * whether the call waits for room (the {@link LimitPolicy#WAIT} policy, no sibling ahead, within
 * the deadline) or moves on; and ends what it admitted when the attempt's future completes, however
 * it ends. Used by the call's loop only, one attempt at a time. Not API.
 */
final class LimitCheck {

  /**
   * Why an attempt was not admitted.
   *
   * @param waitNanos how long to wait before asking again, or 0 to move on now
   * @param reason the limit, for the trace
   */
  record Refusal(long waitNanos, String reason) {}

  private final CascadeSettings settings;
  private final ChatRequest request;
  private final CallState state;
  private DeploymentGate.Admission admitted; // of the attempt about to start
  private boolean waited;

  LimitCheck(CascadeSettings settings, ChatRequest request, CallState state) {
    this.settings = settings;
    this.request = request;
    this.state = state;
  }

  /** Null when {@code candidate} may take the attempt now; else what to do instead. */
  Refusal admit(Deployment candidate, boolean detour) {
    DeploymentGate gate = settings.balancer().gate();
    if (!gate.watches(candidate)) {
      admitted = null;
      return null;
    }
    DeploymentGate.Admission admission = gate.admit(candidate, request.estimatedPromptTokens());
    if (admission.admitted()) {
      admitted = admission;
      return null;
    }
    admitted = null;
    boolean sibling = !detour && state.siblingAhead();
    long now = settings.ticker().nanos();
    boolean waits =
        settings.balancer().policy() == LimitPolicy.WAIT
            && !sibling
            && now + admission.waitNanos() - state.deadlineNanos() < 0;
    return new Refusal(
        waits ? admission.waitNanos() : 0,
        admission.reason() + (sibling ? "; a sibling has room" : ""));
  }

  /** Ends the admission of the attempt sent to {@code deployment} once {@code sent} completes. */
  void attach(Deployment deployment, CompletableFuture<ChatResponse> sent) {
    DeploymentGate.Admission admission = admitted;
    admitted = null;
    if (admission == null) {
      return;
    }
    DeploymentGate gate = settings.balancer().gate();
    sent.whenComplete(
        (answer, error) ->
            Guard.run(
                "limits",
                () -> gate.finished(deployment, admission, error == null ? answer : null)));
  }

  /** True the first time the call waits for room: the trace notes it once. */
  boolean firstWait() {
    boolean first = !waited;
    waited = true;
    return first;
  }

  /** The attempt admitted for {@code deployment} was never sent. */
  void abandon(Deployment deployment) {
    DeploymentGate.Admission admission = admitted;
    admitted = null;
    if (admission != null) {
      settings.balancer().gate().finished(deployment, admission, null);
    }
  }
}
