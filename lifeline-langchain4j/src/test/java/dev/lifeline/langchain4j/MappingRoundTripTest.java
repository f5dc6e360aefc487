package dev.lifeline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests and answers cross between LangChain4j and Lifeline and come back as they left: tools and
 * their schemas, tool calls and results, JSON mode and JSON schema, settings, finish reasons.
 */
class MappingRoundTripTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final JsonObjectSchema REFUND_SCHEMA =
      JsonObjectSchema.builder()
          .description("a refund decision")
          .addIntegerProperty("orderId", "the order number")
          .addProperty(
              "status",
              JsonEnumSchema.builder().enumValues("APPROVED", "REJECTED", "PENDING").build())
          .addProperty(
              "reasons",
              JsonArraySchema.builder().items(JsonStringSchema.builder().build()).build())
          .addProperty(
              "customer",
              JsonObjectSchema.builder()
                  .addStringProperty("email")
                  .addBooleanProperty("vip")
                  .required("email")
                  .build())
          .required("orderId", "status")
          .additionalProperties(false)
          .build();

  @Test
  void aLangChain4jToolCrossesToLifelineAndBackUnchanged() {
    ToolSpecification tool =
        ToolSpecification.builder()
            .name("decideRefund")
            .description("Decides a refund")
            .parameters(REFUND_SCHEMA)
            .build();

    Tool lifeline = SchemaJson.toTool(tool);

    assertThat(lifeline.name()).isEqualTo("decideRefund");
    assertThat(lifeline.description()).isEqualTo("Decides a refund");
    assertThat(json(lifeline.parametersSchemaJson()).path("required").toString())
        .isEqualTo("[\"orderId\",\"status\"]");
    assertThat(SchemaJson.toSpecification(lifeline)).isEqualTo(tool);
  }

  @Test
  void aLifelineToolSchemaCrossesToLangChain4jAndBackAsTheSameJson() throws Exception {
    String schema =
        "{\"type\":\"object\",\"properties\":{"
            + "\"orderId\":{\"type\":\"integer\",\"minimum\":1},"
            + "\"note\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}},"
            + "\"required\":[\"orderId\"]}";
    Tool tool = new Tool("refund", "Refunds an order", schema);

    ToolSpecification specification = SchemaJson.toSpecification(tool);

    // What LangChain4j cannot type (minimum, pattern) stays as raw JSON, per property.
    assertThat(specification.parameters().properties().get("note"))
        .isInstanceOf(JsonRawSchema.class);
    assertThat(JSON.readTree(SchemaJson.toTool(specification).parametersSchemaJson()))
        .isEqualTo(JSON.readTree(schema));
  }

  @Test
  void aJsonSchemaResponseFormatCrossesBothWays() throws Exception {
    var format =
        dev.langchain4j.model.chat.request.ResponseFormat.builder()
            .type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name("Refund").rootElement(REFUND_SCHEMA).build())
            .build();
    var request =
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(UserMessage.from("Refund order 42?"))
            .responseFormat(format)
            .build();

    ChatRequest lifeline = RequestMapping.toLifeline(request);

    assertThat(lifeline.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
    assertThat(lifeline.responseFormat().schemaName()).isEqualTo("Refund");
    assertThat(
            json(lifeline.responseFormat().schemaJson())
                .path("additionalProperties")
                .asBoolean(true))
        .isFalse();
    var back = RequestMapping.toLangChain4j(lifeline, "gpt-4o");
    assertThat(back.responseFormat()).isEqualTo(format);
    assertThat(back.modelName()).isEqualTo("gpt-4o");
  }

  @Test
  void aSchemaLangChain4jCannotTypeTravelsRawAndComesBackAsWritten() throws Exception {
    String schema =
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
            + "\"properties\":{\"total\":{\"type\":\"number\",\"minimum\":0}}}";
    ChatRequest request =
        ChatRequest.builder()
            .user("Total?")
            .responseFormat(ResponseFormat.jsonSchema("Total", schema))
            .build();

    var outgoing = RequestMapping.toLangChain4j(request, "m");

    assertThat(outgoing.responseFormat().jsonSchema().rootElement())
        .isInstanceOf(JsonRawSchema.class);
    assertThat(
            JSON.readTree(
                RequestMapping.toLifeline(withoutModel(outgoing)).responseFormat().schemaJson()))
        .isEqualTo(JSON.readTree(schema));
  }

  @Test
  void jsonModeCrossesBothWays() {
    ChatRequest request =
        ChatRequest.builder().user("JSON please").responseFormat(ResponseFormat.json()).build();

    var outgoing = RequestMapping.toLangChain4j(request, "m");

    assertThat(outgoing.responseFormat())
        .isEqualTo(dev.langchain4j.model.chat.request.ResponseFormat.JSON);
    assertThat(RequestMapping.toLifeline(withoutModel(outgoing))).isEqualTo(request);
  }

  @Test
  void aConversationWithToolCallsAndSettingsComesBackAsItLeft() {
    ChatRequest request =
        ChatRequest.builder()
            .system("You are a refunds assistant.")
            .user("Refund order 42?")
            .message(
                Message.assistant(
                    "", List.of(new ToolCall("call_1", "refundStatus", "{\"orderId\":42}"))))
            .message(Message.tool("call_1", "approved"))
            .assistant("Order 42 is refunded.")
            .user("Thanks")
            .temperature(0.3)
            .topP(0.9)
            .topK(40)
            .frequencyPenalty(0.5)
            .presencePenalty(-0.25)
            .maxTokens(200)
            .stop("END")
            .tool(new Tool("refundStatus", "Looks a refund up", null))
            .build();

    var outgoing = RequestMapping.toLangChain4j(request, "gpt-4o");

    assertThat(outgoing.messages()).hasSize(6);
    assertThat(outgoing.messages().get(3))
        .isInstanceOfSatisfying(
            dev.langchain4j.data.message.ToolExecutionResultMessage.class,
            result -> {
              assertThat(result.id()).isEqualTo("call_1");
              assertThat(result.toolName()).isEqualTo("refundStatus");
            });
    assertThat(outgoing.temperature()).isEqualTo(0.3);
    assertThat(outgoing.topP()).isEqualTo(0.9);
    assertThat(outgoing.topK()).isEqualTo(40);
    assertThat(outgoing.frequencyPenalty()).isEqualTo(0.5);
    assertThat(outgoing.presencePenalty()).isEqualTo(-0.25);
    assertThat(outgoing.maxOutputTokens()).isEqualTo(200);
    assertThat(outgoing.stopSequences()).containsExactly("END");
    assertThat(RequestMapping.toLifeline(withoutModel(outgoing))).isEqualTo(request);
  }

  @Test
  void anAnswerWithToolCallsUsageAndIdCrossesBothWays() {
    ChatResponse answer =
        ChatResponse.builder()
            .toolCall(new ToolCall("call_7", "refundStatus", "{\"orderId\":7}"))
            .finishReason(FinishReason.TOOL_CALLS)
            .usage(new Usage(120, 30))
            .requestId("chatcmpl-123")
            .provider("backup")
            .model("gpt-4o-mini")
            .build();

    var langChain4j = ResponseMapping.toLangChain4j(answer);

    assertThat(langChain4j.aiMessage().text()).isNull();
    assertThat(langChain4j.aiMessage().toolExecutionRequests())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.id()).isEqualTo("call_7");
              assertThat(call.arguments()).isEqualTo("{\"orderId\":7}");
            });
    assertThat(langChain4j.finishReason())
        .isEqualTo(dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION);
    assertThat(langChain4j.tokenUsage().totalTokenCount()).isEqualTo(150);
    assertThat(langChain4j.id()).isEqualTo("chatcmpl-123");
    assertThat(langChain4j.modelName()).isEqualTo("gpt-4o-mini");
    assertThat(langChain4j.metadata())
        .isInstanceOfSatisfying(
            LifelineChatResponseMetadata.class,
            metadata -> assertThat(metadata.provider()).isEqualTo("backup"));
    assertThat(ResponseMapping.toLifeline(langChain4j, "backup", "asked-for")).isEqualTo(answer);
  }

  @ParameterizedTest
  @EnumSource(FinishReason.class)
  void finishReasonsComeBackAsTheyLeftButRefusalAndErrorWhichLangChain4jCallsOther(
      FinishReason reason) {
    var langChain4j = FinishReasons.toLangChain4j(reason);
    FinishReason back = FinishReasons.toLifeline(langChain4j);

    switch (reason) {
      case REFUSAL, ERROR -> {
        assertThat(langChain4j).isEqualTo(dev.langchain4j.model.output.FinishReason.OTHER);
        assertThat(back).isEqualTo(FinishReason.UNKNOWN);
      }
      case UNKNOWN -> assertThat(langChain4j).isNull();
      default -> assertThat(back).isEqualTo(reason);
    }
  }

  @ParameterizedTest
  @EnumSource(dev.langchain4j.model.output.FinishReason.class)
  void everyLangChain4jFinishReasonButOtherComesBackAsItLeft(
      dev.langchain4j.model.output.FinishReason reason) {
    var back = FinishReasons.toLangChain4j(FinishReasons.toLifeline(reason));

    assertThat(back)
        .isEqualTo(reason == dev.langchain4j.model.output.FinishReason.OTHER ? null : reason);
  }

  @Test
  void whatLifelineCannotSendIsRefusedByName() {
    var topP =
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(UserMessage.from("hi"))
            .topP(1.5)
            .build();
    var required =
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(UserMessage.from("hi"))
            .toolChoice(ToolChoice.REQUIRED)
            .build();
    var model =
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(UserMessage.from("hi"))
            .modelName("gpt-4o")
            .build();

    assertThatThrownBy(() -> RequestMapping.toLifeline(topP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topP must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> RequestMapping.toLifeline(required))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("REQUIRED");
    assertThatThrownBy(() -> RequestMapping.toLifeline(model))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("gpt-4o");
  }

  /** The request without the model name the provider direction adds, as a user would send it. */
  private static dev.langchain4j.model.chat.request.ChatRequest withoutModel(
      dev.langchain4j.model.chat.request.ChatRequest request) {
    ChatRequestParameters p = request.parameters();
    return dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(request.messages())
        .parameters(
            ChatRequestParameters.builder()
                .temperature(p.temperature())
                .topP(p.topP())
                .topK(p.topK())
                .frequencyPenalty(p.frequencyPenalty())
                .presencePenalty(p.presencePenalty())
                .maxOutputTokens(p.maxOutputTokens())
                .stopSequences(p.stopSequences())
                .toolSpecifications(p.toolSpecifications())
                .responseFormat(p.responseFormat())
                .build())
        .build();
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
