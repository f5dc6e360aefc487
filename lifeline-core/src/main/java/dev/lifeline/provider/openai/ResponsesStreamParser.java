package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.SseParser;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.RawResponse;
import dev.lifeline.time.Ticker;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Responses API stream (typed SSE events) as it arrives.
 *
 * <ul>
 *   <li>{@code response.output_text.delta} is handed on and kept; {@code response.refusal.delta} is
 *       kept as the refusal; {@code response.output_item.added} and {@code
 *       response.function_call_arguments.delta} build the function calls, which {@code
 *       response.output_item.done} completes.
 *   <li>{@code response.completed} and {@code response.incomplete} end the stream; the answer is
 *       read from the response they carry (its usage, status, and output), or from what the deltas
 *       built when that output is empty.
 *   <li>{@code response.failed} and an {@code error} event fail the stream at once, classified as
 *       the same error in an envelope would be.
 *   <li>A stream that stops before a terminal event was cut: {@code INVALID_RESPONSE}, never a
 *       short answer. A body with no event at all (an error envelope sent with a 200, a server that
 *       ignored {@code stream}) is read as a whole answer.
 * </ul>
 *
 * <p>Not thread-safe: the transport feeds it from one stream.
 */
final class ResponsesStreamParser {

  private static final Logger LOG = LoggerFactory.getLogger(ResponsesStreamParser.class);

  private final String provider;
  private final String requestedModel;
  private final ErrorClassifier classifier;
  private final Consumer<String> onDelta;
  private final Ticker ticker;
  private final SseBody body = new SseBody(this::onEvent);

  private final StringBuilder text = new StringBuilder();
  private final StringBuilder refusal = new StringBuilder();
  private final TreeMap<Integer, ObjectNode> calls = new TreeMap<>();

  private JsonNode terminal;
  private boolean consumerFailed;

  ResponsesStreamParser(
      String provider,
      String requestedModel,
      ErrorClassifier classifier,
      Consumer<String> onDelta,
      Ticker ticker) {
    this.provider = provider;
    this.requestedModel = requestedModel;
    this.classifier = classifier;
    this.onDelta = onDelta;
    this.ticker = ticker;
  }

  /**
   * Feeds the next decoded chunk of the body.
   *
   * @throws ProviderException when the chunk ends the stream with a failure
   */
  void feed(String chunk) {
    body.feed(chunk);
  }

  /**
   * Ends the stream and returns the whole answer.
   *
   * @throws ProviderException with {@code INVALID_RESPONSE} for a cut or malformed stream, or with
   *     the failure the body stood for
   */
  ChatResponse finish(RawResponse response) {
    String whole = body.finish();
    if (whole != null) {
      return wholeBody(response, whole);
    }
    if (terminal == null) {
      throw OpenAiJson.invalidResponse(
          response.status(),
          "stream ended without its terminator (no response.completed or response.incomplete)");
    }
    JsonNode final_ = terminal;
    if (!final_.path("output").isArray() || final_.path("output").isEmpty()) {
      final_ = withStreamedOutput(final_);
    }
    return ResponsesParser.answer(final_, response, provider, requestedModel, classifier, ticker)
        .build();
  }

  private void onEvent(SseParser.Event event) {
    if (terminal != null) {
      return; // nothing after the end counts
    }
    JsonNode data = OpenAiJson.readOrNull(event.data());
    if (data == null || !data.isObject()) {
      throw OpenAiJson.invalidResponse(
          200, "a stream event is not a JSON object: " + OpenAiJson.excerpt(event.data()));
    }
    String type = OpenAiJson.text(data.get("type"));
    if (type == null) {
      type = event.name();
    }
    if (type == null) {
      type = "";
    }
    switch (type) {
      case "response.output_text.delta":
        String piece = data.path("delta").asText("");
        if (!piece.isEmpty()) {
          text.append(piece);
          deliver(piece);
        }
        break;
      case "response.refusal.delta":
        refusal.append(data.path("delta").asText(""));
        break;
      case "response.output_item.added":
      case "response.output_item.done":
        JsonNode item = data.path("item");
        if ("function_call".equals(OpenAiJson.text(item.get("type")))) {
          calls.put(data.path("output_index").asInt(calls.size()), item.deepCopy());
        }
        break;
      case "response.function_call_arguments.delta":
        ObjectNode call = calls.get(data.path("output_index").asInt(-1));
        if (call != null) {
          call.put("arguments", call.path("arguments").asText("") + data.path("delta").asText(""));
        }
        break;
      case "response.completed":
      case "response.incomplete":
        terminal = data.path("response");
        if (!terminal.isObject()) {
          throw OpenAiJson.invalidResponse(200, type + " carries no response");
        }
        break;
      case "response.failed":
        throw new ProviderException(ResponsesParser.failed(data.path("response"), classifier));
      case "error":
        throw new ProviderException(ResponsesParser.failed(data, classifier));
      default:
        break; // created, in_progress, part and done events repeat what the deltas said
    }
  }

  /** The terminal response with the output the deltas built, for a server that left it out. */
  private JsonNode withStreamedOutput(JsonNode response) {
    ObjectNode copy = response.deepCopy();
    ArrayNode output = copy.putArray("output");
    if (text.length() > 0 || refusal.length() > 0) {
      ObjectNode message = output.addObject().put("type", "message").put("role", "assistant");
      ArrayNode content = message.putArray("content");
      if (text.length() > 0) {
        content.addObject().put("type", "output_text").put("text", text.toString());
      }
      if (refusal.length() > 0) {
        content.addObject().put("type", "refusal").put("refusal", refusal.toString());
      }
    }
    calls.values().forEach(output::add);
    return copy;
  }

  private void deliver(String piece) {
    try {
      onDelta.accept(piece);
    } catch (RuntimeException e) {
      if (!consumerFailed) {
        consumerFailed = true;
        LOG.warn(
            "the stream consumer of provider {} threw {}; later deltas still go to it",
            provider,
            e.getClass().getName());
      }
    }
  }

  private ChatResponse wholeBody(RawResponse response, String body) {
    RawResponse whole = new RawResponse(response.status(), response.headers(), body);
    Optional<dev.lifeline.model.Failure> failure = classifier.classify(whole);
    if (failure.isPresent()) {
      throw new ProviderException(failure.get());
    }
    ChatResponse answer =
        ResponsesParser.parse(whole, null, provider, requestedModel, classifier, ticker);
    if (!answer.text().isEmpty()) {
      deliver(answer.text());
    }
    return answer;
  }
}
