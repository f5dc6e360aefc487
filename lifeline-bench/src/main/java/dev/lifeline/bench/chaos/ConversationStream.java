package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ResponseFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The requests of a scenario with {@link Conversations}: conversations starting at uniform times
 * over the scenario, each a run of turns apart by exponential pauses, each turn's prompt the
 * previous turn's prompt, its answer and the user's new message. The first prompt and every answer
 * are sized as the {@link Workload} says. Stateless.
 */
final class ConversationStream {

  /**
   * Prompt sizes are rounded to this many tokens, so that the stream shares a few hundred texts; a
   * turn still grows by at least its new message.
   */
  private static final int PROMPT_GRID = 128;

  private ConversationStream() {}

  /**
   * {@code count} turns of {@code scenario}'s conversations, by arrival, drawn from {@code seed}.
   */
  static List<SimRequest> generate(Scenario scenario, int count, long seed) {
    Conversations shape = scenario.conversations();
    Workload workload = scenario.workload();
    SplittableRandom random = new SplittableRandom(seed);
    long span = scenario.duration().toNanos();
    double gapNanos = shape.gap().toNanos();
    int conversations = (count + shape.turns() - 1) / shape.turns();
    List<Draft> drafts = new ArrayList<>(count);
    for (int c = 0; c < conversations; c++) {
      int turns = Math.min(shape.turns(), count - c * shape.turns());
      long at = (long) (random.nextDouble() * span);
      int prompt = LatencyModel.sampleCount(random, workload.promptP50(), workload.promptP99());
      boolean json = random.nextDouble() < workload.jsonShare();
      for (int t = 0; t < turns; t++) {
        int output = LatencyModel.sampleCount(random, workload.outputP50(), workload.outputP99());
        ChatRequest.Builder chat =
            ChatRequest.builder().user(RequestStream.prompt(rounded(prompt)));
        if (json) {
          chat.responseFormat(ResponseFormat.json());
        }
        ChatRequest request = chat.build();
        drafts.add(
            new Draft(at, output, json, request, new ConversationTurn("conversation-" + c, c, t)));
        prompt = prompt + output + shape.turnTokens();
        // -ln(U) is exponential with mean 1; U is in (0, 1] so the logarithm is finite.
        at += (long) (-Math.log(1 - random.nextDouble()) * gapNanos);
      }
    }
    drafts.sort(Comparator.comparingLong(Draft::arrivalNanos));
    List<SimRequest> requests = new ArrayList<>(count);
    for (int i = 0; i < drafts.size(); i++) {
      Draft draft = drafts.get(i);
      requests.add(
          new SimRequest(
              i,
              draft.arrivalNanos(),
              draft.chat().estimatedPromptTokens(),
              draft.outputTokens(),
              draft.json(),
              false,
              draft.chat(),
              draft.turn()));
    }
    return requests;
  }

  private static int rounded(int tokens) {
    return Math.max(PROMPT_GRID, Math.round(tokens / (float) PROMPT_GRID) * PROMPT_GRID);
  }

  private record Draft(
      long arrivalNanos, int outputTokens, boolean json, ChatRequest chat, ConversationTurn turn) {}
}
