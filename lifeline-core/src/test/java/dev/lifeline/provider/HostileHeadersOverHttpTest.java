package dev.lifeline.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.HostileHeaders;
import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.time.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile header of issue 10 over real HTTP on loopback, through each wire adapter, in a 200
 * and in a 429, through {@link SelfHealingEngine#callAsync} on virtual time: the call ends (a
 * bounded {@code get} proves it) with an answer or a typed {@link LifelineException}, and any
 * cooldown stays within the longest default one.
 */
class HostileHeadersOverHttpTest {

  private static final ApiKey KEY = ApiKey.of("sk-hostile-headers-test-0123456789");
  private static final Duration LONGEST_DEFAULT_COOLDOWN = Duration.ofHours(1);

  /** One wire format: how to build its provider, and its documented 200 and 429 bodies. */
  enum Adapter {
    OPENAI(
        "gpt-4o",
        url -> OpenAiProvider.openAi().baseUrl(url.resolve("/v1")).apiKey(KEY).build(),
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Refund approved.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}",
        "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on requests per min (RPM)\","
            + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"),
    ANTHROPIC(
        "claude-sonnet-4-20250514",
        url -> AnthropicProvider.builder().baseUrl(url).apiKey(KEY).build(),
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Refund approved.\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}",
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
            + "\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}"),
    GEMINI(
        "gemini-2.5-flash",
        url -> GeminiProvider.builder().baseUrl(url).apiKey(KEY).build(),
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Refund approved.\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
            + "\"candidatesTokenCount\":2,\"totalTokenCount\":7}}",
        "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
            + "\"status\":\"RESOURCE_EXHAUSTED\"}}");

    final String model;
    final Function<URI, Provider> provider;
    final String okBody;
    final String rateLimitedBody;

    Adapter(String model, Function<URI, Provider> provider, String okBody, String rateLimitedBody) {
      this.model = model;
      this.provider = provider;
      this.okBody = okBody;
      this.rateLimitedBody = rateLimitedBody;
    }
  }

  private final LoopbackServer server = LoopbackServer.start();
  private final VirtualClock clock = new VirtualClock();
  private final Instant start = clock.now();

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(Adapter.values())
        .flatMap(
            adapter ->
                HostileHeaders.all().stream().map(hostile -> Arguments.of(adapter, hostile)));
  }

  private SelfHealingEngine engine(Adapter adapter) {
    return SelfHealingEngine.builder()
        .provider(
            ProviderLadder.of(adapter.provider.apply(server.baseUrl()))
                .model(adapter.model, 128_000))
        .ticker(clock)
        .scheduler(clock)
        .retryPolicy(RetryPolicy.none())
        .validators(List.of())
        .build();
  }

  private static Map<String, String> withJson(Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("content-type", "application/json");
    return all;
  }

  /** The call's outcome, waiting at most 10 s of real time: the proof that it ended. */
  private static Object outcome(CompletableFuture<ChatResponse> call) throws InterruptedException {
    try {
      return call.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the call never ended", e);
    }
  }

  private void assertSane(SelfHealingEngine engine) {
    for (DeploymentHealth health : engine.health()) {
      if (health.cooldownUntil() != null) {
        assertThat(health.cooldownUntil()).isBetween(start, start.plus(LONGEST_DEFAULT_COOLDOWN));
      }
    }
  }

  @ParameterizedTest(name = "{0} 200, {1}")
  @MethodSource("cases")
  void aTwoHundredWithHostileHeadersIsAnswered(Adapter adapter, HostileHeaders.Case hostile)
      throws Exception {
    server.respond(200, withJson(hostile.headers()), adapter.okBody);
    SelfHealingEngine engine = engine(adapter);

    Object outcome = outcome(engine.callAsync(ChatRequest.of("refund?")));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChatResponse.class, r -> assertThat(r.text()).isEqualTo("Refund approved."));
    assertSane(engine);
  }

  @ParameterizedTest(name = "{0} 429, {1}")
  @MethodSource("cases")
  void aFourTwentyNineWithHostileHeadersEndsTyped(Adapter adapter, HostileHeaders.Case hostile)
      throws Exception {
    server.respond(429, withJson(hostile.headers()), adapter.rateLimitedBody);
    SelfHealingEngine engine = engine(adapter);

    Object outcome = outcome(engine.callAsync(ChatRequest.of("refund?")));

    assertThat(outcome).isInstanceOf(LifelineException.class);
    assertThat(server.requestCount()).isEqualTo(1);
    assertSane(engine);
  }
}
