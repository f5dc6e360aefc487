package dev.lifeline;

import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.internal.routing.DeploymentGate;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.retry.HedgePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Sends a call's attempts, hedged when its {@link HedgePolicy} says so: an attempt that has not
 * answered (a stream: produced its first delta) after the delay gets a {@link HedgedAttempt} backup
 * on the first deployment of the plan that is healthy, not demoted for a brownout, and measured (if
 * at all) to answer (a stream: to produce its first delta) within that delay, and admitted by its
 * client-side limits (it counts against them as any attempt does, until it ends), while the
 * engine's {@link HedgeBudget} has a hedge to spend. One per call. Not API.
 */
final class Hedger {
  private final CascadeSettings settings;
  private final HedgePolicy policy;
  private final List<Deployment> plan;
  private final AttemptSender sender;
  private final boolean streaming;
  private final ChatRequest request;
  private volatile HedgedAttempt last; // the call's latest hedged attempt
  private volatile int lastNumber; // its number; written before last
  // The client-side limits' admission of the backup picked and not yet sent; one hedge at a time.
  private final AtomicReference<DeploymentGate.Admission> backupAdmission = new AtomicReference<>();

  Hedger(
      CascadeSettings settings,
      HedgePolicy policy,
      List<Deployment> plan,
      AttemptSender sender,
      boolean streaming,
      ChatRequest request) {
    this.settings = settings;
    this.policy = policy;
    this.plan = plan;
    this.sender = sender;
    this.streaming = streaming;
    this.request = request;
  }

  /** Sends attempt {@code number} to {@code deployment}, begun at {@code startNanos}. */
  CompletableFuture<ChatResponse> send(Deployment deployment, int number, long startNanos) {
    // A stream's side that claims the attempt with its first delta has the other cancelled.
    // Only a hedged stream has another side to cancel: a plain call allocates nothing for it.
    Consumer<Deployment> onClaim =
        streaming && policy.enabled() ? side -> claimed(number, side) : null;
    CompletableFuture<ChatResponse> sent = sender.send(deployment, number, startNanos, onClaim);
    if (!policy.enabled() || sent.isDone()) {
      return sent;
    }
    Duration delay =
        policy
            .delay()
            .or(() -> settings.health().p95TimeToAnswer(deployment, streaming, policy.minSamples()))
            .orElse(null);
    if (delay == null) {
      return sent; // too few answers to know what is slow for it
    }
    settings.hedgeBudget().earn(policy.budget());
    HedgedAttempt hedged =
        new HedgedAttempt(
            settings, deployment, startNanos, sent, delay, () -> sender.streamOwner(number));
    lastNumber = number;
    last = hedged;
    hedged.arm(
        () -> backupFor(deployment, delay),
        new HedgedAttempt.Sender() {
          @Override
          public CompletableFuture<ChatResponse> send(Deployment backup, long backupStartNanos) {
            CompletableFuture<ChatResponse> sent =
                sender.send(backup, number, backupStartNanos, onClaim);
            DeploymentGate.Admission admission = backupAdmission.getAndSet(null);
            if (admission != null) {
              DeploymentGate gate = settings.balancer().gate();
              sent.whenComplete(
                  (answer, error) ->
                      Guard.run(
                          "limits",
                          () -> gate.finished(backup, admission, error == null ? answer : null)));
            }
            return sent;
          }

          @Override
          public void unsent(Deployment backup) {
            DeploymentGate.Admission admission = backupAdmission.getAndSet(null);
            if (admission != null) {
              settings.balancer().gate().finished(backup, admission, null);
            }
          }
        });
    return hedged.future();
  }

  /** Side {@code side} of stream attempt {@code number} produced the attempt's first delta. */
  private void claimed(int number, Deployment side) {
    HedgedAttempt hedged = last;
    if (hedged != null && lastNumber == number) {
      hedged.claimed(side);
    }
  }

  /** How the hedged {@code attempt} ended; null when it was not hedged or no backup ran. */
  HedgedAttempt.Outcome outcome(CompletableFuture<ChatResponse> attempt) {
    HedgedAttempt hedged = last;
    return hedged != null && hedged.future() == attempt ? hedged.outcome() : null;
  }

  /**
   * The backup for an attempt on {@code primary} still unanswered after {@code delay}, its health
   * permission and a hedge of the budget taken; null for none.
   */
  private Deployment backupFor(Deployment primary, Duration delay) {
    HealthTracker health = settings.health();
    for (Deployment candidate : plan) {
      if (candidate.equals(primary)
          || !health.isHealthy(candidate)
          || health.isBrownedOut(candidate)) {
        continue;
      }
      // A backup that is itself slower than the wait so far would not cut the tail: when the whole
      // fleet is slow, none qualifies and no hedge adds to its load.
      Optional<Duration> p95 = health.p95TimeToAnswer(candidate, streaming, policy.minSamples());
      if (p95.isPresent() && p95.get().compareTo(delay) > 0) {
        continue;
      }
      if (!health.tryAcquire(candidate)) {
        continue;
      }
      // A backup is a request like any other: it takes its place under the deployment's
      // client-side limits, or another deployment is tried.
      DeploymentGate gate = settings.balancer().gate();
      DeploymentGate.Admission admission =
          gate.watches(candidate) ? gate.admit(candidate, request.estimatedPromptTokens()) : null;
      if (admission != null && !admission.admitted()) {
        health.release(candidate);
        continue;
      }
      if (!settings.hedgeBudget().trySpend()) {
        health.release(candidate);
        if (admission != null) {
          gate.finished(candidate, admission, null);
        }
        return null;
      }
      backupAdmission.set(admission);
      return candidate;
    }
    return null;
  }
}
