package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.ToolUnion;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request shape Lifeline's real Anthropic adapter writes, as the testkit received it over
 * HTTP, read into the request type of Anthropic's official SDK ({@code MessageCreateParams.Body} of
 * anthropic-java 3.16.0, generated from Anthropic's own API spec) and validated: every field has
 * the SDK's type, and no field is one the SDK does not know (issue 14). Deprecated sampling
 * parameters, absent from the SDK's type, would show here as unknown fields.
 */
class AnthropicRequestConformanceTest {

  private static final String MODEL = "claude-sonnet-4-5";
  private static final String WEATHER_PARAMETERS =
      """
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
  private static final Tool WEATHER =
      new Tool("get_weather", "The weather in a city", WEATHER_PARAMETERS);

  private static FakeLlmServer server;
  private static Provider provider;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start(WireFormat.ANTHROPIC);
    provider = server.provider("sk-ant-conformance");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  static Stream<Arguments> shapes() {
    ChatRequest toolRoundTrip =
        ChatRequest.builder()
            .user("What is the weather in Paris?")
            .message(
                Message.assistant(
                    "Let me check.",
                    List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"))))
            .message(Message.tool("toolu_1", "{\"celsius\":21}"))
            .tool(WEATHER)
            .build();
    return Stream.of(
        Arguments.of("plain", ChatRequest.of("Process this refund"), false),
        Arguments.of(
            "system",
            ChatRequest.builder().system("Be brief.").user("Process this refund").build(),
            false),
        Arguments.of(
            "parameters",
            ChatRequest.builder()
                .user("Process this refund")
                .temperature(0.2)
                .maxTokens(256)
                .stop("END")
                .build(),
            false),
        Arguments.of(
            "multiTurn",
            ChatRequest.builder()
                .system("Be brief.")
                .user("Hello")
                .assistant("Hi, how can I help?")
                .user("Process this refund")
                .build(),
            false),
        Arguments.of(
            "toolsOffered",
            ChatRequest.builder().user("What is the weather in Paris?").tool(WEATHER).build(),
            false),
        Arguments.of("toolRoundTrip", toolRoundTrip, false),
        Arguments.of(
            "jsonMode",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.json())
                .build(),
            false),
        Arguments.of(
            "jsonSchema",
            ChatRequest.builder()
                .user("Answer in JSON")
                .responseFormat(ResponseFormat.jsonSchema("weather", WEATHER_PARAMETERS))
                .build(),
            false),
        Arguments.of(
            "streaming",
            ChatRequest.builder().system("Be brief.").user("Process this refund").build(),
            true),
        Arguments.of("streamingWithTools", toolRoundTrip, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void requestBodyIsTheSdksRequestType(String shape, ChatRequest request, boolean stream)
      throws Exception {
    if (stream) {
      provider.stream(request, MODEL, delta -> {}).get(15, TimeUnit.SECONDS);
    } else {
      provider.send(request, MODEL).get(15, TimeUnit.SECONDS);
    }
    JsonNode sent = server.requests().get(0).json().orElseThrow();

    MessageCreateParams.Body body =
        ObjectMappers.jsonMapper().treeToValue(sent, MessageCreateParams.Body.class).validate();

    // The SDK sends "stream" itself when it streams: it is not part of the body type.
    assertThat(body._additionalProperties().keySet())
        .as("%s: top-level fields the SDK's type does not know, in %s", shape, sent)
        .isSubsetOf(stream ? List.of("stream") : List.of());
    assertThat(unknownNestedFields(body))
        .as("%s: nested unknown fields in %s", shape, sent)
        .isEmpty();
    assertThat(body.messages()).isNotEmpty();
  }

  /** The fields, below the top level, that the SDK's types keep as unknown. */
  private static List<String> unknownNestedFields(MessageCreateParams.Body body) {
    List<String> unknown = new ArrayList<>();
    for (MessageParam message : body.messages()) {
      if (message.content().isContentBlockParams()) {
        for (ContentBlockParam block : message.content().asContentBlockParams()) {
          if (block.isText()) {
            add(unknown, "text", block.asText()._additionalProperties());
          } else if (block.isToolUse()) {
            add(unknown, "tool_use", block.asToolUse()._additionalProperties());
          } else if (block.isToolResult()) {
            add(unknown, "tool_result", block.asToolResult()._additionalProperties());
          } else {
            unknown.add("a content block of another type: " + block);
          }
        }
      }
    }
    for (ToolUnion tool : body.tools().orElse(List.of())) {
      if (tool.isTool()) {
        add(unknown, "tool", tool.asTool()._additionalProperties());
      } else {
        unknown.add("a tool of another type: " + tool);
      }
    }
    body.outputConfig()
        .ifPresent(
            config -> {
              add(unknown, "output_config", config._additionalProperties());
              config.format().ifPresent(f -> add(unknown, "format", f._additionalProperties()));
            });
    return unknown;
  }

  private static void add(List<String> unknown, String where, Map<String, ?> properties) {
    properties.keySet().forEach(name -> unknown.add(where + "." + name));
  }
}
