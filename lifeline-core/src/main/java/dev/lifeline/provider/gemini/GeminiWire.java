package dev.lifeline.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.http.BaseUrl;
import dev.lifeline.internal.http.WireFormat;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.RawResponse;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Gemini wire format: {@code POST {baseUrl}/v1beta/models/{model}:generateContent}, and {@code
 * :streamGenerateContent?alt=sse} for streams, with the key in {@code x-goog-api-key}, never in the
 * URL. Immutable and thread-safe.
 */
final class GeminiWire implements WireFormat {

  static final String KEY_HEADER = "x-goog-api-key";
  private static final String API_PATH = "/v1beta/";
  // One path segment of a model name: what Google's model ids are made of, and nothing that could
  // change the URL's meaning (no '?', '#', '%', ':' or spaces).
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  private final GeminiErrorClassifier classifier;

  GeminiWire(Ticker ticker) {
    this.classifier = GeminiErrorClassifier.of(ticker);
  }

  /**
   * The URL for {@code model}: a name without a slash is taken as {@code models/{name}}, one with a
   * slash ({@code tunedModels/x}) as it is.
   *
   * @throws IllegalArgumentException if the model name has characters no model id has, or a {@code
   *     .} / {@code ..} segment
   */
  @Override
  public URI endpoint(URI baseUrl, String model, boolean streaming) {
    String method = streaming ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return endpoint(baseUrl, model, method);
  }

  /**
   * The URL of {@code method} ({@code :generateContent}, {@code :batchEmbedContents}...) of {@code
   * model} under {@code baseUrl}.
   *
   * @throws IllegalArgumentException if the model name has characters no model id has
   */
  static URI endpoint(URI baseUrl, String model, String method) {
    return BaseUrl.join(baseUrl, API_PATH + modelPath(model) + method);
  }

  /**
   * {@code models/{name}} for a name without a slash, the name itself otherwise.
   *
   * @throws IllegalArgumentException if the model name has characters no model id has, or a {@code
   *     .} / {@code ..} segment
   */
  static String modelPath(String model) {
    String path = model.contains("/") ? model : "models/" + model;
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a Gemini model name: '" + model + "'");
      }
    }
    return path;
  }

  @Override
  public String keyHeader() {
    return KEY_HEADER;
  }

  @Override
  public byte[] body(ChatRequest request, String model, boolean streaming) {
    return GeminiRequestWriter.write(request).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  @Override
  public ChatResponse parse(RawResponse response, String provider, String model) {
    return GeminiResponseParser.parse(response, null, provider, model);
  }

  @Override
  public ChatResponse parse(RawResponse response, JsonNode root, String provider, String model) {
    return GeminiResponseParser.parse(response, root, provider, model);
  }

  @Override
  public StreamReader streamReader(String provider, String model, Consumer<String> onDelta) {
    GeminiStreamParser parser = new GeminiStreamParser(onDelta, classifier);
    return StreamReader.of(parser::feed, response -> parser.finish(response, provider, model));
  }
}
