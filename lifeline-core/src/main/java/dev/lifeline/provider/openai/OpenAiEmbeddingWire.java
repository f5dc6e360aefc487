package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.EmbeddingWire;
import dev.lifeline.internal.retry.RateLimitHeaders;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Usage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The OpenAI embeddings API, {@code POST {base}/embeddings}, or Azure's {@code
 * {base}/openai/deployments/{model}/embeddings?api-version=…}: the inputs as a list, {@code
 * dimensions} when the request sets it, floats back in {@code data[].embedding} ordered by {@code
 * index}. Immutable and thread-safe.
 */
final class OpenAiEmbeddingWire implements EmbeddingWire {
  private final boolean azure;
  private final String apiVersion;

  OpenAiEmbeddingWire(Preset preset, String apiVersion) {
    this.azure = preset.isAzure();
    this.apiVersion = apiVersion;
  }

  @Override
  public URI endpoint(URI baseUrl, String model) {
    String base = baseUrl.toString();
    if (!azure) {
      return URI.create(base + "/embeddings");
    }
    if (model.equals(".") || model.equals("..")) {
      throw new IllegalArgumentException("'" + model + "' is not a deployment name");
    }
    return URI.create(
        base
            + "/openai/deployments/"
            + OpenAiWire.encode(model)
            + "/embeddings?api-version="
            + OpenAiWire.encode(apiVersion));
  }

  /** The body; Azure takes the model from the URL. */
  @Override
  public byte[] body(EmbeddingRequest request, String model) {
    ObjectNode body = OpenAiJson.MAPPER.createObjectNode();
    if (!azure) {
      body.put("model", model);
    }
    ArrayNode input = body.putArray("input");
    request.inputs().forEach(input::add);
    if (request.dimensions() != null) {
      body.put("dimensions", request.dimensions());
    }
    body.put("encoding_format", "float");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public EmbeddingResponse parse(RawResponse response, String provider, String model, Instant now) {
    JsonNode root = OpenAiJson.readOrNull(response.body());
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw invalid(response, "an embeddings answer without a data list");
    }
    float[][] ordered = new float[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      JsonNode embedding = item.get("embedding");
      if (embedding == null || !embedding.isArray()) {
        throw invalid(response, "data[" + i + "] holds no embedding array");
      }
      JsonNode index = item.get("index");
      int at = index != null && index.canConvertToInt() ? index.asInt() : i;
      if (at < 0 || at >= ordered.length || ordered[at] != null) {
        throw invalid(response, "data[" + i + "] has index " + at + ", out of order");
      }
      ordered[at] = floats(embedding, response);
    }
    JsonNode usage = root.get("usage");
    int tokens = usage == null ? 0 : OpenAiJson.count(usage.get("prompt_tokens"));
    String answered = OpenAiJson.text(root.get("model"));
    return new EmbeddingResponse(
        List.of(ordered),
        new Usage(tokens, 0),
        provider,
        answered == null ? model : answered,
        null,
        RateLimitHeaders.parse(response, now));
  }

  private static float[] floats(JsonNode array, RawResponse response) {
    float[] vector = new float[array.size()];
    for (int j = 0; j < vector.length; j++) {
      JsonNode value = array.get(j);
      if (!value.isNumber()) {
        throw invalid(response, "an embedding holds a value that is not a number");
      }
      vector[j] = value.floatValue();
    }
    return vector;
  }

  private static ProviderException invalid(RawResponse response, String why) {
    return OpenAiJson.invalidResponse(
        response.status(), why + ": " + OpenAiJson.excerpt(response.body()));
  }
}
