package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.http.WireFormat;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Responses API wire format: {@code POST {base}/responses} with the key as {@code
 * Authorization: Bearer}, the same error envelope and failure rules as Chat Completions.
 *
 * <p>The API has no stop sequences: a request's {@link ChatRequest#stop()} is not sent, and the
 * first such request is logged once at WARN (so the answer may run past a stop sequence; use Chat
 * Completions where stop sequences matter). Immutable apart from that one-time flag; thread-safe.
 */
final class ResponsesWire implements WireFormat {

  private static final Logger LOG = LoggerFactory.getLogger(ResponsesWire.class);

  private final Ticker ticker;
  private final ErrorClassifier classifier;
  private final boolean azure;
  private final AtomicBoolean stopWarned = new AtomicBoolean();

  ResponsesWire(Preset preset, Ticker ticker) {
    this.ticker = ticker;
    this.classifier = new OpenAiErrorClassifier(preset.type(), ticker);
    this.azure = preset.isAzure();
  }

  /**
   * {@code {base}/responses}, or Azure's v1 endpoint {@code {resource}/openai/v1/responses}: the
   * deployment is the body's {@code model} there, and the v1 API takes no {@code api-version}.
   */
  @Override
  public URI endpoint(URI baseUrl, String model, boolean streaming) {
    return URI.create(baseUrl + (azure ? "/openai/v1/responses" : "/responses"));
  }

  @Override
  public String keyHeader() {
    return azure ? "api-key" : "Authorization";
  }

  @Override
  public String keyValue(ApiKey key) {
    return azure ? key.reveal() : "Bearer " + key.reveal();
  }

  @Override
  public byte[] body(ChatRequest request, String model, boolean streaming) {
    if (!request.stop().isEmpty() && stopWarned.compareAndSet(false, true)) {
      LOG.warn(
          "the Responses API has no stop sequences; {} stop sequence(s) not sent (logged once)",
          request.stop().size());
    }
    return ResponsesRequest.write(request, model, streaming);
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  @Override
  public ChatResponse parse(RawResponse response, String provider, String model) {
    return ResponsesParser.parse(response, null, provider, model, classifier, ticker);
  }

  @Override
  public ChatResponse parse(RawResponse response, JsonNode root, String provider, String model) {
    return ResponsesParser.parse(response, root, provider, model, classifier, ticker);
  }

  @Override
  public StreamReader streamReader(String provider, String model, Consumer<String> onDelta) {
    ResponsesStreamParser parser =
        new ResponsesStreamParser(provider, model, classifier, onDelta, ticker);
    return StreamReader.of(parser::feed, parser::finish);
  }
}
