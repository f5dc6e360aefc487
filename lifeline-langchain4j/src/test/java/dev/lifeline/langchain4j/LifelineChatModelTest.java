package dev.lifeline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.AiServices;
import dev.lifeline.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LifelineChatModel}'s builder and settings, and LangChain4j's structured outputs over it:
 * an {@code AiServices} method that returns a record sends a JSON schema and gets the record.
 */
class LifelineChatModelTest {

  private final Fleet fleet = new Fleet();

  record Refund(int orderId, boolean approved) {}

  interface RefundDesk {
    Refund decide(String request);
  }

  @AfterEach
  void stop() {
    fleet.close();
  }

  @Test
  void anAiServiceReturningARecordSendsItsSchemaAndGetsTheRecordFromTheBackup() {
    fleet.primary.always(Fault.overloaded());
    fleet.backup.script().jsonAnswer("{\"orderId\": 42, \"approved\": true}");
    LifelineChatModel model = LifelineChatModel.builder().engine(fleet.engine()).build();
    RefundDesk desk = AiServices.create(RefundDesk.class, model);

    Refund refund = desk.decide("Refund order 42, it arrived broken");

    assertThat(refund).isEqualTo(new Refund(42, true));
    JsonNode format = fleet.backup.requests().get(0).json().orElseThrow().get("response_format");
    assertThat(format.get("type").asText()).isEqualTo("json_schema");
    assertThat(format.at("/json_schema/schema/properties/orderId/type").asText())
        .isEqualTo("integer");
  }

  @Test
  void theBuildersDefaultsReachTheWireAndARequestsOwnOverrideThem() {
    LifelineChatModel model =
        LifelineChatModel.builder()
            .engine(fleet.engine())
            .temperature(0.2)
            .defaultRequestParameters(
                ChatRequestParameters.builder().maxOutputTokens(300).stopSequences("END").build())
            .build();

    model.chat(
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from("hello"))
            .maxOutputTokens(50)
            .build());

    JsonNode sent = fleet.primary.requests().get(0).json().orElseThrow();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.path("max_completion_tokens").asInt(sent.path("max_tokens").asInt()))
        .isEqualTo(50);
    assertThat(sent.get("stop").get(0).asText()).isEqualTo("END");
  }

  @Test
  void samplingSettingsReachTheWireAndTopKWhichOpenAiLacksIsNamedInTheTrace() {
    LifelineChatModel model =
        LifelineChatModel.builder()
            .engine(fleet.engine())
            .topP(0.9)
            .frequencyPenalty(0.5)
            .defaultRequestParameters(ChatRequestParameters.builder().topK(40).build())
            .build();

    dev.langchain4j.model.chat.response.ChatResponse response =
        model.chat(
            dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("hello"))
                .presencePenalty(-0.5)
                .build());

    JsonNode sent = fleet.primary.requests().get(0).json().orElseThrow();
    assertThat(sent.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.get("frequency_penalty").asDouble()).isEqualTo(0.5);
    assertThat(sent.get("presence_penalty").asDouble()).isEqualTo(-0.5);
    assertThat(sent.has("top_k")).isFalse();
    assertThat(((LifelineChatResponseMetadata) response.metadata()).trace().notes())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("primary/gpt-4o was sent without topK=40 (");
  }

  @Test
  void aModelWithoutAnEngineOrWithDefaultsLifelineCannotSendIsRefusedAtBuild() {
    assertThatThrownBy(() -> LifelineChatModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine");
    assertThatThrownBy(
            () ->
                LifelineStreamingChatModel.builder()
                    .engine(fleet.engine())
                    .defaultRequestParameters(
                        ChatRequestParameters.builder().modelName("gpt-4o").build())
                    .build())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("modelName");
    assertThatThrownBy(
            () -> LifelineStreamingChatModel.builder().engine(fleet.engine()).topP(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topP must be in (0, 1], was 1.5");
    assertThatThrownBy(
            () -> LifelineChatModel.builder().engine(fleet.engine()).temperature(3.0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temperature");
  }
}
