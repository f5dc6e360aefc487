package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A seeded stream of requests spread over a scenario's duration: arrival times (uniform, so a
 * Poisson process conditioned on the count), prompt and answer sizes (lognormal), JSON mode and
 * oversized prompts as the {@link Workload} says. The same scenario, size and seed always give the
 * same stream, and every strategy of a run is sent exactly these requests. Immutable.
 *
 * <p>Prompt sizes are rounded to one of a few dozen sizes (about 19 % apart), so that the stream
 * shares their texts: 100,000 requests of up to 150,000 tokens fit in a few megabytes.
 */
public final class RequestStream {

  /** Sizes are rounded to powers of 2^(1/4). */
  private static final double STEPS_PER_DOUBLING = 4;

  private static final Map<Integer, String> PROMPTS = new ConcurrentHashMap<>();

  private final List<SimRequest> requests;
  private final Map<ChatRequest, SimRequest> byChat;
  private final Map<Message, SimRequest> byFirstMessage;

  private RequestStream(List<SimRequest> requests) {
    this.requests = List.copyOf(requests);
    IdentityHashMap<ChatRequest, SimRequest> map = new IdentityHashMap<>();
    requests.forEach(request -> map.put(request.chat(), request));
    this.byChat = map;
    IdentityHashMap<Message, SimRequest> first = new IdentityHashMap<>();
    requests.forEach(request -> first.put(request.chat().messages().get(0), request));
    this.byFirstMessage = first;
  }

  /**
   * {@code count} requests over {@code scenario}'s duration, drawn from {@code seed}.
   *
   * @throws IllegalArgumentException if {@code count} is not positive
   */
  public static RequestStream generate(Scenario scenario, int count, long seed) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    if (scenario.conversations() != null) {
      return new RequestStream(ConversationStream.generate(scenario, count, seed));
    }
    SplittableRandom random = new SplittableRandom(seed);
    long span = scenario.duration().toNanos();
    long[] arrivals = new long[count];
    for (int i = 0; i < count; i++) {
      arrivals[i] = (long) (random.nextDouble() * span);
    }
    Arrays.sort(arrivals);
    Workload workload = scenario.workload();
    List<SimRequest> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean oversized = random.nextDouble() < workload.oversizedShare();
      int tokens =
          oversized
              ? workload.oversizedTokens()
              : LatencyModel.sampleCount(random, workload.promptP50(), workload.promptP99());
      int output = LatencyModel.sampleCount(random, workload.outputP50(), workload.outputP99());
      boolean json = random.nextDouble() < workload.jsonShare();
      // Drawn only when some requests stream, so that the other scenarios keep their streams.
      double streamShare = workload.streamShare();
      boolean streamed = streamShare >= 1 || (streamShare > 0 && random.nextDouble() < streamShare);
      ChatRequest.Builder chat =
          ChatRequest.builder().user(prompt(oversized ? tokens : rounded(tokens)));
      if (json) {
        chat.responseFormat(ResponseFormat.json());
      }
      ChatRequest request = chat.build();
      requests.add(
          new SimRequest(
              i, arrivals[i], request.estimatedPromptTokens(), output, json, streamed, request));
    }
    return new RequestStream(requests);
  }

  /** The requests, by arrival. */
  public List<SimRequest> requests() {
    return requests;
  }

  /** How many. */
  public int size() {
    return requests.size();
  }

  /** The stream's request that {@code chat} is (by identity), or null when it is none of them. */
  public SimRequest find(ChatRequest chat) {
    return byChat.get(chat);
  }

  /**
   * The stream's request that {@code chat} is or continues: a continuation of a broken stream is a
   * new request that begins with the very first message of the one it continues. Null when none.
   */
  public SimRequest findOrContinued(ChatRequest chat) {
    SimRequest request = byChat.get(chat);
    return request != null || chat.messages().isEmpty()
        ? request
        : byFirstMessage.get(chat.messages().get(0));
  }

  private static int rounded(int tokens) {
    double step =
        Math.round(Math.log(tokens) / Math.log(2) * STEPS_PER_DOUBLING) / STEPS_PER_DOUBLING;
    return (int) Math.max(8, Math.round(Math.pow(2, step)));
  }

  /** A prompt text the engine estimates at about {@code tokens} tokens (four characters each). */
  static String prompt(int tokens) {
    return PROMPTS.computeIfAbsent(
        tokens,
        size -> {
          String words = "Summarise the customer's refund request and propose the next step. ";
          StringBuilder text = new StringBuilder(size * 4);
          while (text.length() < (size - 4) * 4) {
            text.append(words);
          }
          text.setLength(Math.max(1, (size - 4) * 4));
          return text.toString();
        });
  }
}
