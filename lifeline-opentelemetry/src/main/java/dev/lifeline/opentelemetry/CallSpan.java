package dev.lifeline.opentelemetry;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Usage;
import dev.lifeline.model.Verdict;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One call as a span, with a child span per attempt. The call's context is taken once, on the
 * caller's thread; every attempt span names it as parent, whichever thread starts it.
 */
final class CallSpan implements CallListener {

  private final Tracer tracer;
  private final boolean captureContent;
  private final Span span;
  private final Context context;
  private final Map<Integer, Span> attempts = new ConcurrentHashMap<>();

  private CallSpan(Tracer tracer, boolean captureContent, Span span, Context context) {
    this.tracer = tracer;
    this.captureContent = captureContent;
    this.span = span;
    this.context = context;
  }

  /** Starts the call's span as a child of the caller's current context. */
  static CallSpan start(Tracer tracer, CallStart call, boolean captureContent) {
    Deployment first = call.first();
    String model = first == null ? "unknown" : first.model();
    Context parent = Context.current();
    Span span =
        tracer
            .spanBuilder(GenAiAttributes.CHAT + " " + model)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.CHAT)
            .setAttribute(GenAiAttributes.REQUEST_MODEL, model)
            .setAttribute(GenAiAttributes.STREAMING, call.streaming())
            .startSpan();
    if (first != null) {
      span.setAttribute(GenAiAttributes.PROVIDER, first.provider());
    }
    if (call.learnedMoves() > 0) {
      span.setAttribute(GenAiAttributes.LEARNED_MOVES, (long) call.learnedMoves());
    }
    if (captureContent) {
      span.setAttribute(
          GenAiAttributes.INPUT_MESSAGES, ContentJson.input(call.request().messages()));
    }
    return new CallSpan(tracer, captureContent, span, parent.with(span));
  }

  @Override
  public void onAttemptStarted(int number, Deployment deployment, URI endpoint) {
    var builder =
        tracer
            .spanBuilder("attempt " + deployment.id())
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(context)
            .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.CHAT)
            .setAttribute(GenAiAttributes.PROVIDER, deployment.provider())
            .setAttribute(GenAiAttributes.REQUEST_MODEL, deployment.model())
            .setAttribute(GenAiAttributes.ATTEMPT_NUMBER, (long) number);
    if (endpoint != null && endpoint.getHost() != null) {
      builder.setAttribute(GenAiAttributes.SERVER_ADDRESS, endpoint.getHost());
      builder.setAttribute(GenAiAttributes.SERVER_PORT, (long) port(endpoint));
    }
    Span previous = attempts.put(number, builder.startSpan());
    if (previous != null) {
      previous.end(); // cannot happen: attempt numbers are not reused
    }
  }

  @Override
  public void onFirstChunk(int number, Deployment deployment, Duration sinceAttemptStart) {
    Span attempt = attempts.get(number);
    if (attempt != null) {
      attempt.addEvent(
          "lifeline.first_chunk",
          Attributes.of(GenAiAttributes.WAIT_MS, sinceAttemptStart.toMillis()));
    }
  }

  @Override
  public void onAttempt(Attempt attempt) {
    String errorType = errorType(attempt.failure());
    String decision = lower(attempt.decision());
    AttributesBuilder event =
        Attributes.builder()
            .put(GenAiAttributes.ATTEMPT_NUMBER, (long) attempt.number())
            .put(GenAiAttributes.DEPLOYMENT, attempt.deployment().id())
            .put(GenAiAttributes.DECISION, decision);
    if (errorType != null) {
      event.put(GenAiAttributes.ERROR_TYPE, errorType);
    }
    span.addEvent("lifeline.attempt", event.build());

    Span child = attempts.remove(attempt.number());
    if (child == null) {
      return;
    }
    child.setAttribute(GenAiAttributes.DECISION, decision);
    if (!attempt.reason().isEmpty()) {
      child.setAttribute(GenAiAttributes.REASON, attempt.reason());
    }
    Failure failure = attempt.failure();
    if (failure != null) {
      child.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
      if (failure.status() != 0) {
        child.setAttribute(GenAiAttributes.HTTP_STATUS, (long) failure.status());
      }
      if (failure.providerCode() != null) {
        child.setAttribute(GenAiAttributes.PROVIDER_CODE, failure.providerCode());
      }
      child.setStatus(StatusCode.ERROR, errorType);
    }
    for (Verdict verdict : attempt.failedVerdicts()) {
      // A validator's reason may quote the answer: content, recorded only on opt-in.
      child.addEvent(
          "lifeline.validation_failed",
          captureContent
              ? Attributes.of(
                  GenAiAttributes.VALIDATOR, verdict.validator(),
                  GenAiAttributes.REASON, verdict.reason())
              : Attributes.of(GenAiAttributes.VALIDATOR, verdict.validator()));
    }
    child.end();
  }

  @Override
  public void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {
    span.addEvent(
        "lifeline.retry_scheduled",
        Attributes.of(
            GenAiAttributes.DEPLOYMENT, deployment.id(),
            GenAiAttributes.WAIT_MS, wait.toMillis(),
            GenAiAttributes.ERROR_TYPE, lower(cause.kind())));
  }

  @Override
  public void onLearnedDetour(Deployment from, Deployment to) {
    span.addEvent(
        "lifeline.learned_detour",
        Attributes.of(GenAiAttributes.DEPLOYMENT, from.id(), GenAiAttributes.TARGET, to.id()));
  }

  @Override
  public void onSucceeded(ChatResponse response) {
    CallTrace trace = response.trace();
    trace
        .last()
        .ifPresent(
            last -> span.setAttribute(GenAiAttributes.PROVIDER, last.deployment().provider()));
    span.setAttribute(GenAiAttributes.RESPONSE_MODEL, response.model());
    if (response.requestId() != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_ID, response.requestId());
    }
    if (response.finishReason() != null) {
      span.setAttribute(
          GenAiAttributes.FINISH_REASONS,
          List.of(ContentJson.finishReason(response.finishReason())));
    }
    Usage usage = response.usage();
    if (usage.totalTokens() > 0) {
      span.setAttribute(GenAiAttributes.INPUT_TOKENS, (long) usage.promptTokens());
      span.setAttribute(GenAiAttributes.OUTPUT_TOKENS, (long) usage.completionTokens());
    }
    if (captureContent) {
      span.setAttribute(GenAiAttributes.OUTPUT_MESSAGES, ContentJson.output(response));
    }
    end(trace, "success");
  }

  @Override
  public void onFailed(RuntimeException error, CallTrace trace) {
    List<Failure> failures = trace.failures();
    String errorType =
        failures.isEmpty()
            ? error.getClass().getSimpleName()
            : errorType(failures.get(failures.size() - 1));
    trace
        .last()
        .ifPresent(
            last -> span.setAttribute(GenAiAttributes.PROVIDER, last.deployment().provider()));
    span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    end(trace, "failure");
  }

  private void end(CallTrace trace, String outcome) {
    span.setAttribute(GenAiAttributes.OUTCOME, outcome);
    span.setAttribute(GenAiAttributes.ATTEMPTS, (long) trace.attemptCount());
    trace
        .last()
        .ifPresent(last -> span.setAttribute(GenAiAttributes.DECISION, lower(last.decision())));
    // An attempt the engine never reported ended (none should be left) still closes.
    attempts.values().forEach(Span::end);
    attempts.clear();
    span.end();
  }

  private static String errorType(Failure failure) {
    return failure == null ? null : lower(failure.kind());
  }

  private static String lower(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  private static int port(URI endpoint) {
    if (endpoint.getPort() != -1) {
      return endpoint.getPort();
    }
    return "http".equalsIgnoreCase(endpoint.getScheme()) ? 80 : 443;
  }
}
