package dev.lifeline.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.http.BaseUrl;
import dev.lifeline.internal.http.WireFormat;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Messages wire format: {@code POST {baseUrl}/v1/messages} with {@code x-api-key} and {@code
 * anthropic-version}. Immutable and thread-safe.
 */
final class AnthropicWire implements WireFormat {

  static final String KEY_HEADER = "x-api-key";
  private static final String MESSAGES_PATH = "/v1/messages";

  private final AnthropicRequestWriter writer;
  private final Ticker ticker;
  private final AnthropicErrorClassifier classifier;

  AnthropicWire(int defaultMaxTokens, Ticker ticker) {
    this.writer = new AnthropicRequestWriter(defaultMaxTokens);
    this.ticker = ticker;
    this.classifier = AnthropicErrorClassifier.of(ticker);
  }

  @Override
  public URI endpoint(URI baseUrl, String model, boolean streaming) {
    return BaseUrl.join(baseUrl, MESSAGES_PATH);
  }

  @Override
  public String keyHeader() {
    return KEY_HEADER;
  }

  @Override
  public Map<String, String> fixedHeaders() {
    return Map.of("anthropic-version", AnthropicProvider.API_VERSION);
  }

  @Override
  public byte[] body(ChatRequest request, String model, boolean streaming) {
    return writer.write(request, model, streaming).getBytes(StandardCharsets.UTF_8);
  }

  /** Every sampling setting the request sets: the Messages API takes none of them. */
  @Override
  public List<UnsentSetting> unsentSettings(ChatRequest request) {
    return SamplingSetting.unsent(
        request, Set.of(), "Anthropic's Messages API deprecates or lacks sampling settings");
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  @Override
  public ChatResponse parse(RawResponse response, String provider, String model) {
    return AnthropicResponseParser.parse(response, null, provider, model, ticker);
  }

  @Override
  public ChatResponse parse(RawResponse response, JsonNode root, String provider, String model) {
    return AnthropicResponseParser.parse(response, root, provider, model, ticker);
  }

  @Override
  public StreamReader streamReader(String provider, String model, Consumer<String> onDelta) {
    AnthropicStreamParser parser = new AnthropicStreamParser(onDelta, classifier, ticker);
    return StreamReader.of(parser::feed, response -> parser.finish(response, provider, model));
  }
}
