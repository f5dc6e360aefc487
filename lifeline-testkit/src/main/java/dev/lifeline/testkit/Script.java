package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * What a {@link FakeLlmServer} does, server-wide ({@link FakeLlmServer#script()}) or for one model
 * ({@link FakeLlmServer#model(String)}); changeable at any time, from any thread, while requests
 * run.
 *
 * <p>For each request the server asks the model's script first, then the server-wide one, and
 * answers normally when neither has anything scripted. A script picks, in this order:
 *
 * <ol>
 *   <li>the outage fault, while an {@linkplain #outage(Fault, Duration) outage} lasts;
 *   <li>the next {@linkplain #enqueue(Fault...) queued} fault, each used once;
 *   <li>the steady behaviour: a fault set with {@link #always(Fault)} or a draw from a {@link
 *       FaultMix};
 *   <li>nothing (the other script, or a healthy answer, decides).
 * </ol>
 *
 * <p>The script also says what a healthy answer contains: {@linkplain #answerText(String) text}, a
 * {@linkplain #toolCall(String, String) tool call} when the request offers that tool, {@linkplain
 * #jsonAnswer(String) JSON} when the request asks for JSON. Thread-safe; every method returns this
 * script for chaining.
 */
public final class Script {

  private final Ticker ticker;

  private final ArrayDeque<Fault> queue = new ArrayDeque<>();
  private Fault steadyFault;
  private FaultMix steadyMix;
  private Random mixRandom;
  private Fault outageFault;
  private long outageEndsNanos;

  private String answerText;
  private String toolName;
  private String toolArguments;
  private String jsonAnswer;
  private Integer embeddingDimensions;

  Script(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Queues {@code faults}, after any already queued; each plays for one request. */
  public synchronized Script enqueue(Fault... faults) {
    for (Fault fault : faults) {
      queue.add(Objects.requireNonNull(fault, "fault"));
    }
    return this;
  }

  /** Plays {@code fault} for every request once the queue is empty, replacing any steady mix. */
  public synchronized Script always(Fault fault) {
    steadyFault = Objects.requireNonNull(fault, "fault");
    steadyMix = null;
    mixRandom = null;
    return this;
  }

  /**
   * Draws each request's fault from {@code mix} once the queue is empty, replacing any steady
   * fault; the draws start over from the mix's seed.
   */
  public synchronized Script mix(FaultMix mix) {
    steadyMix = Objects.requireNonNull(mix, "mix");
    mixRandom = mix.newRandom();
    steadyFault = null;
    return this;
  }

  /**
   * Plays {@code fault} for every request from now for {@code length}, measured on the server's
   * {@link Ticker} (a {@code VirtualClock} ends it with {@code advance}, no sleeping); before the
   * queue and the steady behaviour, which resume afterwards. A new outage replaces the current one.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public synchronized Script outage(Fault fault, Duration length) {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(length, "length");
    if (length.isNegative()) {
      throw new IllegalArgumentException("length must not be negative but was " + length);
    }
    outageFault = fault;
    outageEndsNanos = ticker.nanos() + length.toNanos();
    return this;
  }

  /**
   * Ends any outage, empties the queue and clears the steady behaviour; answers stay as configured.
   */
  public synchronized Script healthy() {
    queue.clear();
    steadyFault = null;
    steadyMix = null;
    mixRandom = null;
    outageFault = null;
    return this;
  }

  /** How many queued faults have not played yet. */
  public synchronized int pending() {
    return queue.size();
  }

  /**
   * The text of healthy answers; by default {@code "Answer to: "} and the first 80 characters of
   * the last user message. Null restores the default.
   */
  public synchronized Script answerText(String text) {
    answerText = text;
    return this;
  }

  /**
   * Answers requests that offer a tool named {@code name} with a call to it with {@code
   * argumentsJson} (a JSON object), as the provider would: OpenAI {@code tool_calls} with {@code
   * finish_reason: tool_calls}, Anthropic a {@code tool_use} block with {@code stop_reason:
   * tool_use}, Gemini a {@code functionCall} part. A request that does not offer it ({@code tools}
   * in OpenAI and Anthropic, {@code tools[].functionDeclarations} in Gemini) gets text, as a model
   * never calls a tool it was not given. A null {@code name} stops calling tools.
   *
   * @throws IllegalArgumentException if {@code argumentsJson} is not a JSON object
   */
  public synchronized Script toolCall(String name, String argumentsJson) {
    if (name == null) {
      toolName = null;
      toolArguments = null;
      return this;
    }
    JsonNode arguments = Json.parseOrNull(Objects.requireNonNull(argumentsJson, "argumentsJson"));
    if (arguments == null || !arguments.isObject()) {
      throw new IllegalArgumentException(
          "argumentsJson must be a JSON object but was: " + argumentsJson);
    }
    toolName = name;
    toolArguments = Json.write(arguments);
    return this;
  }

  /**
   * The text of healthy answers to requests that ask for JSON (OpenAI {@code response_format},
   * Anthropic {@code output_format}, Gemini {@code responseMimeType: application/json}); by default
   * {@code {"answer": <the default text>}}. Null restores the default.
   *
   * @throws IllegalArgumentException if {@code json} is not valid JSON
   */
  public synchronized Script jsonAnswer(String json) {
    if (json != null && Json.parseOrNull(json) == null) {
      throw new IllegalArgumentException("json must be valid JSON but was: " + json);
    }
    jsonAnswer = json;
    return this;
  }

  /**
   * The dimensions of the vectors healthy embedding answers hold, whatever the request asks for: a
   * deployment serving another model than declared. By default the dimensions the request asks for,
   * else 8. Null restores the default.
   *
   * @throws IllegalArgumentException if {@code dimensions} is less than 1
   */
  public synchronized Script embeddingDimensions(Integer dimensions) {
    if (dimensions != null && dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1, was " + dimensions);
    }
    embeddingDimensions = dimensions;
    return this;
  }

  /** Forgets everything: faults, outage, steady behaviour and configured answers. */
  public synchronized Script reset() {
    healthy();
    answerText = null;
    toolName = null;
    toolArguments = null;
    jsonAnswer = null;
    embeddingDimensions = null;
    return this;
  }

  /** The fault for the next request, or null when this script has nothing to say. */
  synchronized Fault next() {
    if (outageFault != null) {
      if (ticker.nanos() - outageEndsNanos < 0) {
        return outageFault;
      }
      outageFault = null;
    }
    Fault queued = queue.poll();
    if (queued != null) {
      return queued;
    }
    if (steadyFault != null) {
      return steadyFault;
    }
    if (steadyMix != null) {
      return steadyMix.pick(mixRandom.nextDouble());
    }
    return null;
  }

  synchronized String configuredAnswerText() {
    return answerText;
  }

  synchronized String configuredToolName() {
    return toolName;
  }

  synchronized String configuredToolArguments() {
    return toolArguments;
  }

  synchronized String configuredJsonAnswer() {
    return jsonAnswer;
  }

  synchronized Integer configuredEmbeddingDimensions() {
    return embeddingDimensions;
  }

  @Override
  public synchronized String toString() {
    return "Script[queue "
        + Arrays.toString(queue.toArray())
        + (outageFault == null ? "" : ", outage " + outageFault)
        + (steadyFault == null ? "" : ", always " + steadyFault)
        + (steadyMix == null ? "" : ", " + steadyMix)
        + "]";
  }
}
