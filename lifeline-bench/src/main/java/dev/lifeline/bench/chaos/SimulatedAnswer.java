package dev.lifeline.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the simulated models answer to a streamed request, and how they continue a broken one.
 *
 * <p>The answer is a function of the request's index alone: a few distinct sentences, the first
 * naming the order, so that every strategy's caller should receive exactly this text and any
 * difference is a duplicated or lost span. It streams in about {@value #CHUNKS} chunks of whole
 * words.
 *
 * <p>A model asked to continue a partial answer (the conversation plus the text so far, as Lifeline
 * sends it) does what models do: mostly continues exactly, sometimes restarts the sentence it was
 * in, and sometimes starts the whole answer again; see {@link #continuation}.
 */
final class SimulatedAnswer {

  /** About how many chunks an answer streams in. */
  static final int CHUNKS = 16;

  /** Share of continuations that go on exactly where the text stops. */
  static final double EXACT = 0.6;

  /** Share that restart the sentence the text stops in (the rest restart the whole answer). */
  static final double SENTENCE = 0.25;

  private static final List<String> SENTENCES =
      List.of(
          "Your refund request has been reviewed against the purchase record and the policy.",
          "Since the parcel arrived damaged, the full amount qualifies for reimbursement.",
          "Funds usually reach the original payment method within five business days.",
          "Please keep the packaging until the courier confirms the return collection.",
          "Should anything look wrong on your statement, reply to this message directly.",
          "Thanks for your patience while the warehouse checked the returned items.",
          "Meanwhile, a prepaid label has been emailed to the address on file.",
          "Orders placed with a gift card are credited back to that card instead.");

  private SimulatedAnswer() {}

  /** The answer to streamed request {@code request}. */
  static String text(SimRequest request) {
    int index = request.index();
    StringBuilder text = new StringBuilder();
    text.append("Refund approved for order ").append(index).append('.');
    int sentences = 3 + index % 4;
    for (int s = 0; s < sentences; s++) {
      text.append(' ').append(SENTENCES.get((index + s * 3) % SENTENCES.size()));
    }
    return text.toString();
  }

  /**
   * {@code text} in chunks of whole words (each with the space after it), about {@link #CHUNKS}.
   */
  static List<String> chunks(String text) {
    List<String> words = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ') {
        words.add(text.substring(from, i + 1));
        from = i + 1;
      }
    }
    if (from < text.length()) {
      words.add(text.substring(from));
    }
    int size = Math.max(1, (words.size() + CHUNKS - 1) / CHUNKS);
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < words.size(); i += size) {
      chunks.add(String.join("", words.subList(i, Math.min(words.size(), i + size))));
    }
    return chunks;
  }

  /**
   * What a model asked to continue {@code partial} of {@code answer} streams: the rest exactly
   * (share {@link #EXACT}), the rest from the start of the sentence {@code partial} stops in (share
   * {@link #SENTENCE}), or the whole answer again. A partial that is not a start of the answer gets
   * the whole answer.
   */
  static String continuation(String answer, String partial, RandomGenerator random) {
    double draw = random.nextDouble();
    if (!answer.startsWith(partial)) {
      return answer;
    }
    if (draw < EXACT) {
      return answer.substring(partial.length());
    }
    if (draw < EXACT + SENTENCE) {
      int sentence = partial.lastIndexOf(". ");
      return answer.substring(sentence < 0 ? 0 : sentence + 2);
    }
    return answer;
  }
}
