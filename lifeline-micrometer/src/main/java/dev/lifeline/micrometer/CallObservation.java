package dev.lifeline.micrometer;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Usage;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;

/**
 * One call as an {@link Observation}, and the call-level meters it ends with. Started on the
 * caller's thread by {@link MicrometerListener#onCallStarted}.
 */
final class CallObservation implements CallListener {

  private final MicrometerListener listener;
  private final Deployment first;
  private final Observation observation;

  CallObservation(MicrometerListener listener, CallStart call, ObservationRegistry registry) {
    this.listener = listener;
    this.first = call.first();
    this.observation =
        Observation.createNotStarted(MeterNames.OPERATION, Observation.Context::new, registry)
            .contextualName(MeterNames.CHAT + " " + MeterNames.model(first))
            .lowCardinalityKeyValue(MeterNames.OPERATION_NAME, MeterNames.CHAT)
            .lowCardinalityKeyValue(MeterNames.REQUEST_MODEL, MeterNames.model(first))
            .lowCardinalityKeyValue(MeterNames.PROVIDER, MeterNames.provider(first))
            .start();
  }

  @Override
  public void onAttempt(Attempt attempt) {
    observation.event(
        Observation.Event.of(
            "lifeline.attempt",
            "attempt "
                + attempt.number()
                + " "
                + attempt.deployment().id()
                + ": "
                + MeterNames.errorType(attempt)
                + " -> "
                + MeterNames.decision(attempt)));
  }

  @Override
  public void onFirstChunk(int number, Deployment deployment, Duration sinceAttemptStart) {
    Timer.builder(MeterNames.TIME_TO_FIRST_CHUNK)
        .description("Time from a streamed attempt's start to its first chunk")
        .tags(MicrometerListener.deploymentTags(deployment))
        .publishPercentileHistogram()
        .register(listener.meters())
        .record(sinceAttemptStart);
  }

  @Override
  public void onLearnedDetour(Deployment from, Deployment to) {
    listener.hints("detour").increment();
  }

  @Override
  public void onSucceeded(ChatResponse response) {
    CallTrace trace = response.trace();
    Deployment answered = trace.last().map(Attempt::deployment).orElse(first);
    Tags tags = end(trace, answered, MeterNames.NONE, "success");
    Usage usage = response.usage();
    if (usage.totalTokens() > 0) {
      tokens(tags, "input").record(usage.promptTokens());
      tokens(tags, "output").record(usage.completionTokens());
    }
    observation.stop();
  }

  @Override
  public void onFailed(RuntimeException error, CallTrace trace) {
    Deployment last = trace.last().map(Attempt::deployment).orElse(first);
    List<Failure> failures = trace.failures();
    String errorType =
        failures.isEmpty()
            ? error.getClass().getSimpleName()
            : MeterNames.value(failures.get(failures.size() - 1).kind());
    end(trace, last, errorType, "failure");
    observation.error(error);
    observation.stop();
  }

  /** Sets the observation's closing keys, records the call's duration; returns the tags used. */
  private Tags end(CallTrace trace, Deployment deployment, String errorType, String outcome) {
    String decision = trace.last().map(MeterNames::decision).orElse(MeterNames.NONE);
    observation.getContext().put(CallTrace.class, trace);
    observation
        .lowCardinalityKeyValue(MeterNames.PROVIDER, MeterNames.provider(deployment))
        .lowCardinalityKeyValue(MeterNames.RESPONSE_MODEL, MeterNames.model(deployment))
        .lowCardinalityKeyValue(MeterNames.ERROR_TYPE, errorType)
        .lowCardinalityKeyValue(MeterNames.OUTCOME, outcome)
        .lowCardinalityKeyValue(MeterNames.DECISION, decision);
    observation.highCardinalityKeyValue(
        MeterNames.ATTEMPTS_KEY, String.valueOf(trace.attemptCount()));
    Tags tags =
        Tags.of(
            MeterNames.OPERATION_NAME, MeterNames.CHAT,
            MeterNames.PROVIDER, MeterNames.provider(deployment),
            MeterNames.REQUEST_MODEL, MeterNames.model(first),
            MeterNames.RESPONSE_MODEL, MeterNames.model(deployment));
    Timer.builder(MeterNames.OPERATION_DURATION)
        .description("GenAI operation duration: the whole call, every retry and wait included")
        .tags(tags)
        .tag(MeterNames.ERROR_TYPE, errorType)
        .tag(MeterNames.OUTCOME, outcome)
        .publishPercentileHistogram()
        .register(listener.meters())
        .record(trace.elapsed());
    return tags;
  }

  private DistributionSummary tokens(Tags tags, String type) {
    return DistributionSummary.builder(MeterNames.TOKEN_USAGE)
        .description("Tokens used by answered calls, by type")
        .baseUnit("tokens")
        .tags(tags)
        .tag(MeterNames.TOKEN_TYPE, type)
        .publishPercentileHistogram()
        .register(listener.meters());
  }
}
