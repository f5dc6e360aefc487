package dev.lifeline.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real calls through the engine over the testkit's fake servers, traced to an in-memory SDK. */
class OpenTelemetryListenerTest {

  private static final String PROMPT = "Refund order #1042 for Mrs Quigley-Fennimore";
  private static final String OPENAI_KEY = "sk-proj-7Hq2LmNvX4pR9sTkWbY1zCfD";
  private static final String ANTHROPIC_KEY = "sk-ant-api03-Jd8Kf2Lq9Wm4Xn7Rp1Ts";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
  private FakeLlmServer openai;
  private FakeLlmServer anthropic;

  @BeforeEach
  void start() {
    openai =
        FakeLlmServer.builder(WireFormat.OPENAI)
            .name("openai")
            .requireApiKey(OPENAI_KEY)
            .build()
            .start();
    anthropic =
        FakeLlmServer.builder(WireFormat.ANTHROPIC)
            .name("anthropic")
            .requireApiKey(ANTHROPIC_KEY)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    openai.close();
    anthropic.close();
    tracing.close();
  }

  private SelfHealingEngine engine(boolean captureContent) {
    return SelfHealingEngine.builder()
        .provider(openai.provider(OPENAI_KEY), "gpt-4o")
        .provider(anthropic.provider(ANTHROPIC_KEY), "claude-sonnet-4-20250514")
        .listener(OpenTelemetryListener.builder(otel).captureContent(captureContent).build())
        .build();
  }

  @Test
  void oneClientSpanPerCallAndAChildPerAttemptEvenOnOtherThreads() {
    openai.enqueue(Fault.rateLimited(Duration.ofMillis(10)), Fault.quotaExhausted());
    ChatResponse answer;
    Span caller = otel.getTracer("test").spanBuilder("caller").startSpan();
    try (SelfHealingEngine engine = engine(false)) {
      CompletableFuture<ChatResponse> call;
      try (Scope scope = caller.makeCurrent()) {
        call = engine.callAsync(ChatRequest.of(PROMPT));
      }
      answer = call.join(); // the retry and the failover ran on the engine's workers
    }
    caller.end();

    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData callSpan = only(spans, "chat gpt-4o");
    List<SpanData> attempts =
        spans.stream().filter(span -> span.getName().startsWith("attempt ")).toList();
    assertThat(spans).hasSize(5); // the caller, the call, three attempts

    assertThat(callSpan.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(callSpan.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(callSpan.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
    Attributes call = callSpan.getAttributes();
    assertThat(call.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(call.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");
    assertThat(call.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("anthropic");
    assertThat(call.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo(answer.model());
    assertThat(call.get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(answer.usage().promptTokens());
    assertThat(call.get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(answer.usage().completionTokens());
    assertThat(call.get(AttributeKey.stringKey("lifeline.outcome"))).isEqualTo("success");
    assertThat(call.get(AttributeKey.longKey("lifeline.attempts"))).isEqualTo(3);
    assertThat(call.get(AttributeKey.stringKey("error.type"))).isNull();
    assertThat(callSpan.getEvents())
        .extracting(EventData::getName)
        .containsExactly(
            "lifeline.attempt", "lifeline.retry_scheduled", "lifeline.attempt", "lifeline.attempt");

    assertThat(attempts)
        .extracting(SpanData::getName)
        .containsExactly(
            "attempt openai/gpt-4o",
            "attempt openai/gpt-4o",
            "attempt anthropic/claude-sonnet-4-20250514");
    assertThat(attempts)
        .allSatisfy(
            attempt -> {
              assertThat(attempt.getParentSpanId()).isEqualTo(callSpan.getSpanId());
              assertThat(attempt.getTraceId()).isEqualTo(callSpan.getTraceId());
              assertThat(attempt.getAttributes().get(AttributeKey.stringKey("server.address")))
                  .isEqualTo("127.0.0.1");
              assertThat(
                      attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                  .isEqualTo("chat");
            });
    assertThat(attempts.get(0).getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo(openai.port());
    assertThat(attempts.get(2).getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo(anthropic.port());
    assertThat(attempts)
        .extracting(attempt -> attempt.getAttributes().get(AttributeKey.stringKey("error.type")))
        .containsExactly("rate_limited", "quota_exhausted", null);
    assertThat(attempts)
        .extracting(
            attempt ->
                attempt.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .containsExactly(429L, 429L, null);
    assertThat(attempts)
        .extracting(
            attempt -> attempt.getAttributes().get(AttributeKey.stringKey("lifeline.decision")))
        .containsExactly("retry", "failover", "accept");
    assertThat(attempts)
        .extracting(attempt -> attempt.getStatus().getStatusCode())
        .containsExactly(StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET);

    assertThat(everyText(spans)).noneMatch(text -> text.contains("Quigley"));
    assertThat(everyText(spans)).noneMatch(text -> text.contains(answer.text()));
    assertNoKey(spans);
  }

  @Test
  void promptsAndAnswersOnlyOnOptIn() {
    ChatResponse answer;
    try (SelfHealingEngine engine = engine(true)) {
      answer = engine.call(PROMPT);
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    Attributes call = only(spans, "chat gpt-4o").getAttributes();
    assertThat(call.get(AttributeKey.stringKey("gen_ai.input.messages")))
        .contains("\"role\":\"user\"")
        .contains(PROMPT);
    assertThat(call.get(AttributeKey.stringKey("gen_ai.output.messages")))
        .contains("\"role\":\"assistant\"")
        .contains(answer.text());
    assertNoKey(spans);
  }

  @Test
  void aFailedCallEndsItsSpanWithTheErrorType() {
    openai.always(Fault.badRequest());
    try (SelfHealingEngine engine = engine(false)) {
      engine.callAsync(ChatRequest.of(PROMPT)).exceptionally(error -> null).join();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData callSpan = only(spans, "chat gpt-4o");
    assertThat(callSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(callSpan.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("bad_request");
    assertThat(callSpan.getAttributes().get(AttributeKey.stringKey("lifeline.outcome")))
        .isEqualTo("failure");
    assertThat(callSpan.getParentSpanId())
        .isEqualTo(Span.getInvalid().getSpanContext().getSpanId());
    assertThat(spans).hasSize(2);
    assertThat(everyText(spans)).noneMatch(text -> text.contains("Quigley"));
    assertNoKey(spans);
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(span -> span.getName().equals(name)).toList();
    assertThat(named).as("spans named " + name).hasSize(1);
    return named.get(0);
  }

  /** Every name, attribute value and event attribute value of every span, as text. */
  private static List<String> everyText(List<SpanData> spans) {
    List<String> texts = new ArrayList<>();
    for (SpanData span : spans) {
      texts.add(span.getName());
      texts.add(span.getStatus().getDescription());
      span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
      for (EventData event : span.getEvents()) {
        texts.add(event.getName());
        event.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
      }
    }
    return texts;
  }

  private static void assertNoKey(List<SpanData> spans) {
    for (String secret : List.of(OPENAI_KEY, ANTHROPIC_KEY)) {
      String piece = secret.substring(secret.length() - 10);
      assertThat(everyText(spans))
          .as("no part of a key in any span")
          .noneMatch(text -> text.contains(secret) || text.contains(piece));
    }
  }
}
