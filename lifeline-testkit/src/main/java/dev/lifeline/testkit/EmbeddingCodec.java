package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embeddings APIs of the fakes: OpenAI's {@code POST /v1/embeddings} (Azure's {@code
 * /openai/deployments/{name}/embeddings} too) and Gemini's {@code :embedContent} and {@code
 * :batchEmbedContents}. A healthy answer holds one unit vector per input, the same for the same
 * text on every server, of the dimensions the request asks for ({@code dimensions}, Gemini {@code
 * outputDimensionality}), else the model's script's {@link Script#embeddingDimensions(Integer)},
 * else {@link #DEFAULT_DIMENSIONS}. Stateless and thread-safe.
 */
final class EmbeddingCodec {

  /** The dimensions of an answer when neither the request nor the script sets them. */
  static final int DEFAULT_DIMENSIONS = 8;

  private static final Pattern GEMINI_PATH =
      Pattern.compile("/v1(?:beta|alpha)?/models/([^/:]+):(embedContent|batchEmbedContents)");

  /**
   * Where an embedding request goes.
   *
   * @param pathModel the model named in the path (Gemini), or null
   * @param batch Gemini {@code :batchEmbedContents}
   */
  record Route(String pathModel, boolean batch) {

    /** The model the request names: in the path, else the body's {@code model}. */
    String modelOf(JsonNode body) {
      if (pathModel != null) {
        return pathModel;
      }
      return body == null || !body.isObject() ? null : Json.textOrNull(body.get("model"));
    }
  }

  /**
   * What an embedding request asks for.
   *
   * @param inputs the texts, in order
   * @param dimensions the dimensions asked for, or null
   * @param batch Gemini {@code :batchEmbedContents}, answered as a batch however many it holds
   */
  record Asked(List<String> inputs, Integer dimensions, boolean batch) {

    /** The request as the chat codecs' error renderers take it. */
    ParsedRequest asParsed(String model) {
      int chars = inputs.stream().mapToInt(String::length).sum();
      String last = inputs.isEmpty() ? "" : inputs.get(inputs.size() - 1);
      return new ParsedRequest(model, last, false, false, List.of(), false, false, chars);
    }
  }

  private final WireFormat format;

  EmbeddingCodec(WireFormat format) {
    this.format = format;
  }

  /** The route of an embedding request in {@code format}, or null when the path is none. */
  static Route route(WireFormat format, String method, String path) {
    if (!"POST".equals(method)) {
      return null;
    }
    if (format == WireFormat.OPENAI) {
      return path.endsWith("/embeddings") ? new Route(null, false) : null;
    }
    if (format == WireFormat.GEMINI) {
      Matcher matcher = GEMINI_PATH.matcher(path);
      return matcher.matches()
          ? new Route(matcher.group(1), matcher.group(2).equals("batchEmbedContents"))
          : null;
    }
    return null; // Anthropic has no embeddings API
  }

  /**
   * What {@code body} asks for, or null when it is not a request the provider would take (no input,
   * an input that is not text, a batch entry for another model).
   */
  Asked parse(Route route, JsonNode body) {
    List<String> inputs = new ArrayList<>();
    JsonNode dimensions;
    if (format == WireFormat.OPENAI) {
      JsonNode input = body.get("input");
      if (input != null && input.isTextual()) {
        inputs.add(input.asText());
      } else if (input != null && input.isArray()) {
        for (JsonNode text : input) {
          if (!text.isTextual()) {
            return null;
          }
          inputs.add(text.asText());
        }
      }
      dimensions = body.get("dimensions");
    } else if (route.batch()) {
      dimensions = null;
      for (JsonNode request : body.path("requests")) {
        String model = Json.textOrNull(request.get("model"));
        if (model == null || !model.equals("models/" + route.pathModel())) {
          return null; // Gemini: "Model {x} does not match the batch model"
        }
        inputs.add(partsText(request.path("content")));
        dimensions = request.get("outputDimensionality");
      }
    } else {
      if (!body.path("content").isObject()) {
        return null;
      }
      inputs.add(partsText(body.get("content")));
      dimensions = body.get("outputDimensionality");
    }
    if (inputs.isEmpty()) {
      return null;
    }
    Integer asked = dimensions != null && dimensions.canConvertToInt() ? dimensions.asInt() : null;
    return new Asked(inputs, asked != null && asked > 0 ? asked : null, route.batch());
  }

  private static String partsText(JsonNode content) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content.path("parts")) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }

  /** A 200 answer with {@code count} vectors of {@code dimensions} for {@code asked}'s inputs. */
  HttpReply answer(Asked asked, String model, int count, int dimensions) {
    List<String> inputs = asked.inputs().subList(0, Math.min(count, asked.inputs().size()));
    ObjectNode body = Json.object();
    if (format == WireFormat.OPENAI) {
      body.put("object", "list");
      ArrayNode data = body.putArray("data");
      for (int i = 0; i < inputs.size(); i++) {
        ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
        item.set("embedding", values(inputs.get(i), dimensions));
      }
      body.put("model", model == null ? "text-embedding-3-small" : model);
      int tokens = Math.max(1, (asked.asParsed(model).promptTokens()));
      body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    } else if (!asked.batch()) {
      // Without a vector the proto3 printer leaves the unset embedding out: an empty object.
      if (!inputs.isEmpty()) {
        body.putObject("embedding").set("values", values(inputs.get(0), dimensions));
      }
    } else {
      ArrayNode embeddings = body.putArray("embeddings");
      inputs.forEach(text -> embeddings.addObject().set("values", values(text, dimensions)));
    }
    return HttpReply.of(
        200,
        WireCodec.headers("content-type", "application/json; charset=utf-8"),
        Json.write(body));
  }

  /** The unit vector of {@code text}: a function of the text alone, so every fake agrees. */
  static float[] vector(String text, int dimensions) {
    long seed = 1125899906842597L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      seed = 31 * seed + b;
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
      norm += vector[i] * vector[i];
    }
    double length = Math.sqrt(norm);
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (vector[i] / length);
    }
    return vector;
  }

  private static ArrayNode values(String text, int dimensions) {
    ArrayNode values = Json.array();
    for (float value : vector(text, dimensions)) {
      values.add(value);
    }
    return values;
  }
}
