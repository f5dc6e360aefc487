package dev.lifeline.opentelemetry;

import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import dev.lifeline.trace.EngineListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;

/**
 * OpenTelemetry spans for one engine, on the OpenTelemetry API: add it with {@code
 * SelfHealingEngine.builder().listener(...)}.
 *
 * <p>Each call is one {@code CLIENT} span named {@code chat {model}} (the first model of its plan),
 * covering every attempt and wait, as the GenAI semantic conventions describe a logical call with
 * retries. Its parent is the context current on the thread that calls the engine. Each attempt is a
 * child span {@code attempt {provider}/{model}}, parented explicitly to the call's span, so it is
 * the call's child even when it runs on an engine worker; it carries {@code server.address} and
 * {@code server.port} (from the provider's base URL), {@code gen_ai.provider.name}, {@code
 * gen_ai.request.model}, and when it failed {@code error.type} (the failure's kind, lower case),
 * {@code http.response.status_code} and an ERROR status; {@code lifeline.decision} says what the
 * cascade did next.
 *
 * <p>The call's span has {@code gen_ai.operation.name}, {@code gen_ai.provider.name}, {@code
 * gen_ai.request.model}, and at its end {@code gen_ai.response.model}, {@code gen_ai.response.id},
 * {@code gen_ai.response.finish_reasons}, {@code gen_ai.usage.input_tokens} and {@code
 * gen_ai.usage.output_tokens}, or {@code error.type} and an ERROR status; {@code lifeline.outcome},
 * {@code lifeline.decision} and {@code lifeline.attempts}; and one event per attempt ({@code
 * lifeline.attempt}), per scheduled retry and per learned detour.
 *
 * <p>Prompts and answers ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}, and what a
 * validator quoted of an answer) are recorded only with {@link Builder#captureContent(boolean)
 * captureContent(true)}. Keys never are: the engine scrubs them from every failure it reports.
 * Thread-safe; one listener can serve several engines.
 */
public final class OpenTelemetryListener implements EngineListener {

  /** The instrumentation scope of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.lifeline";

  private final Tracer tracer;
  private final boolean captureContent;

  private OpenTelemetryListener(Builder builder) {
    this.tracer = builder.openTelemetry.getTracer(INSTRUMENTATION_NAME);
    this.captureContent = builder.captureContent;
  }

  /** A listener tracing to {@code openTelemetry}, without prompts or answers. */
  public static OpenTelemetryListener of(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** A builder tracing to {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  @Override
  public CallListener onCallStarted(CallStart call) {
    return CallSpan.start(tracer, call, captureContent);
  }

  @Override
  public String toString() {
    return "OpenTelemetryListener{captureContent=" + captureContent + "}";
  }

  /** Builds an {@link OpenTelemetryListener}; not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Whether to record prompts and answers on the spans; off unless set. They may hold personal or
     * confidential data: turn it on only where the trace backend may keep them.
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    /** Builds the listener. */
    public OpenTelemetryListener build() {
      return new OpenTelemetryListener(this);
    }
  }
}
