package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter against the testkit server of its wire format, over real HTTP: answers, streams,
 * and each scripted fault classified to the kind the cascade needs.
 */
class AdaptersOverFleetTest {

  private FakeLlmServer server;

  private FakeLlmServer start(WireFormat format) {
    server = FakeLlmServer.builder(format).name(format.name().toLowerCase()).build();
    server.start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ChatResponse send(Provider provider, WireFormat format, String prompt)
      throws Exception {
    return provider.send(ChatRequest.of(prompt), Adapters.model(format)).get(15, TimeUnit.SECONDS);
  }

  private static Failure failureOf(Provider provider, WireFormat format, boolean stream) {
    Throwable error =
        catchThrowable(
            () -> {
              if (stream) {
                provider.stream(ChatRequest.of("hello"), Adapters.model(format), delta -> {})
                    .get(15, TimeUnit.SECONDS);
              } else {
                send(provider, format, "hello");
              }
            });
    assertThat(error).as("expected a failure").isNotNull();
    Throwable cause = error.getCause() == null ? error : error.getCause();
    if (cause instanceof ProviderException providerError) {
      return providerError.failure();
    }
    return provider.classifier().classify(cause);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void answersAndStreams(WireFormat format) throws Exception {
    FakeLlmServer fake = start(format);
    Provider provider = Adapters.adapterFor(fake, "key-" + format);

    ChatResponse answer = send(provider, format, "Process this refund");
    List<String> deltas = new CopyOnWriteArrayList<>();
    ChatResponse streamed =
        provider.stream(ChatRequest.of("Stream this refund"), Adapters.model(format), deltas::add)
            .get(15, TimeUnit.SECONDS);

    assertThat(answer.text()).isEqualTo("Answer to: Process this refund");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.usage().totalTokens()).isPositive();
    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(String.join("", deltas))
        .isEqualTo("Answer to: Stream this refund")
        .isEqualTo(streamed.text());
    assertThat(fake.requests())
        .hasSize(2)
        .allSatisfy(request -> assertThat(request.apiKey()).contains("key-" + format));
  }

  static Stream<Arguments> faults() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (WireFormat format : WireFormat.values()) {
      cases.add(
          Arguments.of(
              format,
              "rateLimited",
              Fault.rateLimited(Duration.ofSeconds(3)),
              ErrorKind.RATE_LIMITED,
              false));
      cases.add(
          Arguments.of(format, "overloaded", Fault.overloaded(), ErrorKind.OVERLOADED, false));
      cases.add(
          Arguments.of(format, "serverError", Fault.serverError(), ErrorKind.SERVER_ERROR, false));
      cases.add(
          Arguments.of(format, "badGateway", Fault.badGateway(), ErrorKind.SERVER_ERROR, false));
      cases.add(
          Arguments.of(
              format, "unauthorized", Fault.unauthorized(), ErrorKind.AUTHENTICATION, false));
      cases.add(
          Arguments.of(
              format, "quotaExhausted", Fault.quotaExhausted(), ErrorKind.QUOTA_EXHAUSTED, false));
      cases.add(
          Arguments.of(
              format,
              "contextLengthExceeded",
              Fault.contextLengthExceeded(),
              ErrorKind.CONTEXT_LENGTH_EXCEEDED,
              false));
      cases.add(
          Arguments.of(
              format, "modelNotFound", Fault.modelNotFound(), ErrorKind.MODEL_NOT_FOUND, false));
      cases.add(
          Arguments.of(format, "badRequest", Fault.badRequest(), ErrorKind.BAD_REQUEST, false));
      cases.add(
          Arguments.of(
              format, "malformedJson", Fault.malformedJson(), ErrorKind.INVALID_RESPONSE, false));
      cases.add(
          Arguments.of(format, "cutStream", Fault.cutStream(2), ErrorKind.INVALID_RESPONSE, true));
      // The fakes send each provider's own mid-stream error: OpenAI's server_error, the others'
      // overload.
      ErrorKind midStream =
          format == WireFormat.OPENAI ? ErrorKind.SERVER_ERROR : ErrorKind.OVERLOADED;
      cases.add(Arguments.of(format, "midStreamError", Fault.midStreamError(1), midStream, true));
      cases.add(Arguments.of(format, "stallStream", Fault.stallStream(1), ErrorKind.TIMEOUT, true));
      cases.add(Arguments.of(format, "hang", Fault.hang(), ErrorKind.TIMEOUT, false));
      cases.add(
          Arguments.of(format, "closeMidBody", Fault.closeMidBody(), ErrorKind.NETWORK, false));
      if (format
          != WireFormat.ANTHROPIC) { // Anthropic has no content filter: its fake refuses instead
        cases.add(
            Arguments.of(
                format,
                "contentFiltered",
                Fault.contentFiltered(),
                ErrorKind.CONTENT_FILTERED,
                false));
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("faults")
  void everyFaultIsClassifiedToTheKindTheCascadeNeeds(
      WireFormat format, String name, Fault fault, ErrorKind expected, boolean stream) {
    FakeLlmServer fake = start(format);
    fake.always(fault);
    Timeouts quick =
        Timeouts.defaults()
            .withConnect(Duration.ofSeconds(2))
            .withFirstByte(Duration.ofMillis(800))
            .withIdle(Duration.ofMillis(800))
            .withTotal(Duration.ofSeconds(5));
    Provider provider = Adapters.adapterFor(fake, "key", quick);

    Failure failure = failureOf(provider, format, stream);

    assertThat(failure.kind()).as("%s %s: %s", format, name, failure).isEqualTo(expected);
    if (expected == ErrorKind.RATE_LIMITED) {
      assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }
  }
}
