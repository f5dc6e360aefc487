package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.CallOptions;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Verdict;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.testkit.FakeFleet;
import dev.lifeline.testkit.FakeFleetExtension;
import dev.lifeline.testkit.Fault;
import dev.lifeline.testkit.RecordedRequest;
import dev.lifeline.validation.Validators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole engine over real HTTP against the fake fleet: failover across wire formats, keys,
 * silent failures.
 */
class EngineOverFleetTest {

  @RegisterExtension
  static final FakeFleetExtension FLEET =
      FakeFleetExtension.builder().openAi("openai").anthropic("anthropic").gemini("gemini").build();

  private static SelfHealingEngine.Builder engine(FakeFleet fleet) {
    return SelfHealingEngine.builder()
        .provider(
            ProviderLadder.of(Adapters.adapterFor(fleet.server("openai"), "sk-openai-key-1111"))
                .models("gpt-4o", "gpt-4o-mini"))
        .provider(
            ProviderLadder.of(Adapters.adapterFor(fleet.server("anthropic"), "sk-ant-key-2222"))
                .models("claude-sonnet-4-20250514"))
        .provider(
            ProviderLadder.of(Adapters.adapterFor(fleet.server("gemini"), "gemini-key-3333"))
                .models("gemini-2.5-flash"))
        .retryPolicy(
            RetryPolicy.builder()
                .baseDelay(Duration.ofMillis(5))
                .maxDelay(Duration.ofMillis(10))
                .build());
  }

  @Test
  void anOpenAiOutageFailsOverToAnthropicWithTheSameRequest(FakeFleet fleet) {
    fleet.server("openai").always(Fault.serverError());
    ChatRequest request =
        ChatRequest.builder()
            .system("You are a refunds assistant.")
            .user("Refund order #1042?")
            .maxTokens(200)
            .temperature(0.2)
            .build();

    ChatResponse response = engine(fleet).build().call(request);

    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.text()).isEqualTo("Answer to: Refund order #1042?");
    assertThat(response.trace().attempts())
        .extracting(attempt -> attempt.deployment().provider(), Attempt::decision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("openai", Decision.RETRY),
            org.assertj.core.groups.Tuple.tuple("openai", Decision.RETRY),
            org.assertj.core.groups.Tuple.tuple("openai", Decision.FAILOVER),
            org.assertj.core.groups.Tuple.tuple("anthropic", Decision.ACCEPT));
    assertThat(response.trace().failures())
        .allSatisfy(failure -> assertThat(failure.status()).isEqualTo(500));
    // The same request, translated: the system prompt travels as Anthropic's own field.
    RecordedRequest toAnthropic = fleet.server("anthropic").requests().get(0);
    assertThat(toAnthropic.json().orElseThrow().get("system").asText())
        .isEqualTo("You are a refunds assistant.");
    assertThat(toAnthropic.json().orElseThrow().get("max_tokens").asInt()).isEqualTo(200);
  }

  @Test
  void eachKeyReachesOnlyItsOwnProvidersServer(FakeFleet fleet) {
    fleet.server("openai").always(Fault.unauthorized());
    fleet.server("anthropic").always(Fault.overloaded());
    SelfHealingEngine engine = engine(fleet).build();

    for (int i = 0; i < 3; i++) {
      engine.call("hello " + i);
    }

    assertThat(fleet.server("openai").requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.apiKey()).contains("sk-openai-key-1111"));
    assertThat(fleet.server("anthropic").requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.apiKey()).contains("sk-ant-key-2222"));
    assertThat(fleet.server("gemini").requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.apiKey()).contains("gemini-key-3333"));
    for (RecordedRequest request : fleet.allRequests()) {
      String everything = request.headers() + request.path() + request.body();
      List<String> others =
          new ArrayList<>(List.of("sk-openai-key-1111", "sk-ant-key-2222", "gemini-key-3333"));
      others.remove(request.apiKey().orElseThrow());
      others.forEach(other -> assertThat(everything).doesNotContain(other));
      assertThat(request.path()).doesNotContain("key=");
    }
  }

  @Test
  void aRefusalIn200IsCaughtAndTheEngineFailsOver(FakeFleet fleet) {
    fleet.server("openai").always(Fault.refusal());

    ChatResponse response = engine(fleet).build().call("Process this customer refund request");

    assertThat(response.provider()).isEqualTo("anthropic");
    Attempt first = response.trace().attempts().get(0);
    assertThat(first.failure().kind()).isEqualTo(ErrorKind.VALIDATION_FAILED);
    assertThat(first.failedVerdicts()).extracting(Verdict::validator).contains("refusal");
  }

  @Test
  void anEmptyAnswerIsCaughtAndTheEngineFailsOver(FakeFleet fleet) {
    fleet.server("openai").always(Fault.emptyAnswer());

    ChatResponse response = engine(fleet).build().call("Process this customer refund request");

    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.trace().attempts().get(0).failedVerdicts())
        .extracting(Verdict::validator)
        .contains("empty");
  }

  @Test
  void jsonMissingARequiredFieldIsCaughtWithTheFieldNamed(FakeFleet fleet) {
    fleet.server("openai").script().jsonAnswer("{\"amount\": 25}");
    // A schema goes to Anthropic as output_config.format: the fake answers it with its JSON answer.
    fleet.server("anthropic").script().jsonAnswer("{\"refund_id\": \"RF-1042\", \"amount\": 25}");
    String schema =
        "{\"type\":\"object\",\"required\":[\"refund_id\",\"amount\"],"
            + "\"properties\":{\"refund_id\":{\"type\":\"string\"},\"amount\":{\"type\":\"number\"}}}";
    ChatRequest request =
        ChatRequest.builder()
            .user("Refund order #1042 as JSON")
            .responseFormat(ResponseFormat.jsonSchema("refund", schema))
            .build();

    ChatResponse response = engine(fleet).build().call(request);

    assertThat(response.provider()).isEqualTo("anthropic");
    assertThat(response.text()).contains("RF-1042");
    assertThat(response.trace().attempts().get(0).failure().message()).contains("refund_id");
  }

  @Test
  void anIrrelevantAnswerIsCaughtByTheRelevanceValidator(FakeFleet fleet) {
    fleet
        .server("openai")
        .script()
        .answerText("Bananas are an excellent source of potassium and fibre.");
    SelfHealingEngine engine = engine(fleet).validator(Validators.relevance(0.3)).build();

    ChatResponse response = engine.call("How do I reset the password of my router?");

    assertThat(response.provider()).isEqualTo("anthropic");
    Attempt first = response.trace().attempts().get(0);
    assertThat(first.failedVerdicts()).extracting(Verdict::validator).containsExactly("relevance");
  }

  @Test
  void bestEffortReturnsTheBestAnswerWhenEveryProviderFailsValidation(FakeFleet fleet) {
    fleet.servers().forEach(server -> server.always(Fault.refusal()));

    ChatResponse response =
        engine(fleet)
            .build()
            .call(ChatRequest.of("q"), CallOptions.defaults().withBestEffort(true));

    assertThat(response.trace().verdicts()).isNotEmpty();
    assertThat(response.trace().last().orElseThrow().reason()).contains("best effort");
  }
}
