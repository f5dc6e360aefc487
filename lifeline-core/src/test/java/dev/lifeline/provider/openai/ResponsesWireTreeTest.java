package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.json.BodyTree;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.RawResponse;
import dev.lifeline.time.VirtualClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Responses wire reads the JSON tree the exchange already parsed for the classifier ({@link
 * BodyTree#read}) instead of parsing the body a second time, and the answer is the same either way.
 */
class ResponsesWireTreeTest {

  private static final Map<String, String> HEADERS =
      Map.of(
          "content-type", "application/json",
          "x-request-id", "req_42",
          "x-ratelimit-remaining-requests", "499",
          "x-ratelimit-reset-requests", "120ms");

  private final ResponsesWire wire = new ResponsesWire(Preset.OPENAI, new VirtualClock());

  @Test
  void theAnswerFromTheTreeIsTheAnswerFromTheBody() {
    RawResponse raw =
        RawResponse.of(
            200,
            HEADERS,
            """
            {"id":"resp_1","object":"response","status":"completed","model":"gpt-4o-2024-08-06",
             "output":[
               {"type":"message","role":"assistant","content":[
                 {"type":"output_text","text":"Checking the order.","annotations":[]}]},
               {"type":"function_call","id":"fc_1","call_id":"call_7","name":"lookup",
                "arguments":"{\\"id\\":1}"}],
             "usage":{"input_tokens":12,"output_tokens":30,"total_tokens":42}}""");

    ChatResponse fromBody = wire.parse(raw, "openai", "gpt-4o");
    ChatResponse fromTree = wire.parse(raw, BodyTree.read(raw.body()), "openai", "gpt-4o");

    assertThat(fromTree).isEqualTo(fromBody);
    assertThat(fromTree.text()).isEqualTo("Checking the order.");
    assertThat(fromTree.toolCalls())
        .singleElement()
        .satisfies(c -> assertThat(c.id()).isEqualTo("call_7"));
    assertThat(fromTree.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(fromTree.requestId()).isEqualTo("req_42");
    assertThat(fromTree.rateLimits()).isEqualTo(fromBody.rateLimits());
  }

  @Test
  void aTruncatedAnswerAndAFailedOneReadTheSameEitherWay() {
    RawResponse truncated =
        RawResponse.of(
            200,
            HEADERS,
            """
            {"id":"resp_2","object":"response","status":"incomplete",
             "incomplete_details":{"reason":"max_output_tokens"},
             "output":[{"type":"message","role":"assistant","content":[
               {"type":"output_text","text":"The refund is","annotations":[]}]}]}""");
    RawResponse failed =
        RawResponse.of(
            200,
            HEADERS,
            """
            {"id":"resp_3","object":"response","status":"failed","output":[],
             "error":{"code":"server_error","message":"The model failed."}}""");

    assertThat(wire.parse(truncated, BodyTree.read(truncated.body()), "openai", "gpt-4o"))
        .isEqualTo(wire.parse(truncated, "openai", "gpt-4o"))
        .satisfies(answer -> assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH));
    ProviderException fromTree =
        catchThrowableOfType(
            ProviderException.class,
            () -> wire.parse(failed, BodyTree.read(failed.body()), "openai", "gpt-4o"));
    ProviderException fromBody =
        catchThrowableOfType(ProviderException.class, () -> wire.parse(failed, "openai", "gpt-4o"));
    assertThat(fromTree.failure()).isEqualTo(fromBody.failure());
    assertThat(fromTree.failure().kind()).isEqualTo(ErrorKind.SERVER_ERROR);
  }

  @Test
  void theTreeIsReadNotTheBody() {
    // A body that is no JSON beside a tree that is an answer: only a parser that takes the tree
    // can answer; one that parsed the body again would call it an invalid response.
    RawResponse raw = RawResponse.of(200, HEADERS, "not read");
    JsonNode tree =
        BodyTree.read(
            """
            {"id":"resp_4","object":"response","status":"completed","output":[
              {"type":"message","role":"assistant","content":[
                {"type":"output_text","text":"From the tree.","annotations":[]}]}]}""");

    ChatResponse answer = wire.parse(raw, tree, "openai", "gpt-4o");

    assertThat(answer.text()).isEqualTo("From the tree.");
  }

  @Test
  void withoutATreeTheBodyIsParsed() {
    RawResponse raw =
        RawResponse.of(
            200,
            HEADERS,
            """
            {"id":"resp_5","object":"response","status":"completed","output":[
              {"type":"message","role":"assistant","content":[
                {"type":"output_text","text":"Parsed here.","annotations":[]}]}]}""");

    assertThat(wire.parse(raw, null, "openai", "gpt-4o").text()).isEqualTo("Parsed here.");
  }
}
