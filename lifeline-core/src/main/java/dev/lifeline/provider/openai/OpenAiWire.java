package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.WireFormat;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Chat Completions wire format: {@code {base}/chat/completions} with the key as {@code
 * Authorization: Bearer}, or Azure's deployment URL with the key as {@code api-key}.
 *
 * <p>URLs are derived from the configured base URL and nothing else: the model name, the one part
 * of a URL that comes from a call, is percent-encoded into a single path segment, so it can change
 * neither the host nor the path above it. Immutable and thread-safe.
 */
final class OpenAiWire implements WireFormat {

  private final Preset preset;
  private final boolean azure;
  private final boolean completionTokens;
  private final String apiVersion;
  private final Ticker ticker;
  private final ErrorClassifier classifier;

  /**
   * The wire format of {@code preset}.
   *
   * @param apiVersion Azure's {@code api-version}; ignored for everyone else
   */
  OpenAiWire(Preset preset, String apiVersion, Ticker ticker) {
    this.preset = preset;
    this.azure = preset.isAzure();
    this.completionTokens = preset.namesCompletionTokens(apiVersion);
    this.apiVersion = apiVersion;
    this.ticker = ticker;
    this.classifier = new OpenAiErrorClassifier(preset.type(), ticker);
  }

  /**
   * {@code {base}/chat/completions}, or Azure's {@code
   * {base}/openai/deployments/{model}/chat/completions?api-version=…}.
   */
  @Override
  public URI endpoint(URI baseUrl, String model, boolean streaming) {
    String base = baseUrl.toString();
    if (!azure) {
      return URI.create(base + "/chat/completions");
    }
    if (model.equals(".") || model.equals("..")) {
      // The deployment is a path segment; a dot segment would address another path on the resource.
      throw new ProviderException(
          Failure.of(ErrorKind.BAD_REQUEST, "'" + model + "' is not a deployment name"));
    }
    return URI.create(
        base
            + "/openai/deployments/"
            + encode(model)
            + "/chat/completions?api-version="
            + encode(apiVersion));
  }

  @Override
  public String keyHeader() {
    return azure ? "api-key" : "Authorization";
  }

  @Override
  public String keyValue(ApiKey key) {
    return azure ? key.reveal() : "Bearer " + key.reveal();
  }

  /** The body; Azure takes the model from the URL, so it is left out of the body there. */
  @Override
  public byte[] body(ChatRequest request, String model, boolean streaming) {
    return ChatCompletionsRequest.write(
        request, model, !azure, completionTokens, streaming, preset);
  }

  /** Top-k, for a service that does not document it (OpenAI and Azure among them). */
  @Override
  public List<UnsentSetting> unsentSettings(ChatRequest request) {
    return SamplingSetting.unsent(
        request, preset.sampling(), "this service's Chat Completions takes no top_k");
  }

  @Override
  public ErrorClassifier classifier() {
    return classifier;
  }

  @Override
  public ChatResponse parse(RawResponse response, String provider, String model) {
    return OpenAiResponseParser.parse(response, null, provider, model, ticker);
  }

  @Override
  public ChatResponse parse(RawResponse response, JsonNode root, String provider, String model) {
    return OpenAiResponseParser.parse(response, root, provider, model, ticker);
  }

  @Override
  public StreamReader streamReader(String provider, String model, Consumer<String> onDelta) {
    OpenAiStreamParser parser =
        new OpenAiStreamParser(provider, model, classifier, onDelta, ticker);
    return StreamReader.of(parser::feed, parser::finish);
  }

  /**
   * Percent-encodes everything but RFC 3986's unreserved characters, so a value is one opaque path
   * segment or query value: no {@code /}, {@code ?}, {@code #} or {@code @} can reshape the URL.
   */
  static String encode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        encoded.append((char) c);
      } else {
        encoded
            .append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return encoded.toString();
  }
}
