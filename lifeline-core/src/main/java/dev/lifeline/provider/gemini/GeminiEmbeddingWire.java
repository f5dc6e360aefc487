package dev.lifeline.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.internal.http.EmbeddingWire;
import dev.lifeline.internal.retry.RateLimitHeaders;
import dev.lifeline.model.RawResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's embeddings API: {@code :embedContent} ({@code {content}} → {@code {embedding:
 * {values}}}) for one input, {@code :batchEmbedContents} ({@code {requests: [...]}} → {@code
 * {embeddings: [{values}]}}) for several; {@code outputDimensionality} when the request sets
 * dimensions. Gemini reports no token usage for embeddings. Immutable and thread-safe.
 */
final class GeminiEmbeddingWire implements EmbeddingWire {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeminiEmbeddingWire SINGLE = new GeminiEmbeddingWire(false);
  private static final GeminiEmbeddingWire BATCH = new GeminiEmbeddingWire(true);

  private final boolean batch;

  private GeminiEmbeddingWire(boolean batch) {
    this.batch = batch;
  }

  /** The wire for {@code request}: a batch when it has several inputs. */
  static GeminiEmbeddingWire of(EmbeddingRequest request) {
    return request.inputs().size() == 1 ? SINGLE : BATCH;
  }

  @Override
  public URI endpoint(URI baseUrl, String model) {
    return GeminiWire.endpoint(baseUrl, model, batch ? ":batchEmbedContents" : ":embedContent");
  }

  @Override
  public byte[] body(EmbeddingRequest request, String model) {
    ObjectNode body = JSON.createObjectNode();
    if (batch) {
      ArrayNode requests = body.putArray("requests");
      for (String input : request.inputs()) {
        ObjectNode one = requests.addObject();
        one.put("model", GeminiWire.modelPath(model));
        content(one, input, request.dimensions());
      }
    } else {
      content(body, request.inputs().get(0), request.dimensions());
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void content(ObjectNode node, String text, Integer dimensions) {
    node.putObject("content").putArray("parts").addObject().put("text", text);
    if (dimensions != null) {
      node.put("outputDimensionality", dimensions);
    }
  }

  @Override
  public EmbeddingResponse parse(RawResponse response, String provider, String model, Instant now) {
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      root = null;
    }
    List<float[]> vectors = new ArrayList<>();
    if (root != null && root.path("embedding").isObject()) {
      vectors.add(values(root.get("embedding"), response));
    } else if (root != null && root.path("embeddings").isArray()) {
      for (JsonNode embedding : root.get("embeddings")) {
        vectors.add(values(embedding, response));
      }
    } else {
      throw GeminiResponseParser.invalid(
          response.status(), "an embeddings answer without embedding values");
    }
    return new EmbeddingResponse(
        vectors, null, provider, model, null, RateLimitHeaders.parse(response, now));
  }

  private static float[] values(JsonNode embedding, RawResponse response) {
    JsonNode values = embedding.get("values");
    if (values == null || !values.isArray()) {
      throw GeminiResponseParser.invalid(response.status(), "an embedding without values");
    }
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) {
      if (!values.get(i).isNumber()) {
        throw GeminiResponseParser.invalid(
            response.status(), "an embedding holds a value that is not a number");
      }
      vector[i] = values.get(i).floatValue();
    }
    return vector;
  }
}
