package dev.lifeline.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The real model, read from the Maven artifact: loading, range, long texts and concurrency. */
class AllMiniLmL6V2Test {

  private static final String QUESTION = "How do I cancel my subscription?";
  private static final String ANSWER =
      "Open Settings > Billing, click 'Manage plan', then 'Cancel subscription'. You'll keep access"
          + " until the end of the current billing period, and you won't be charged again.";
  private static final String OFF_TOPIC =
      "The Great Barrier Reef is the world's largest coral reef system, made up of over 2,900"
          + " individual reefs off the coast of Queensland, Australia. ";

  private final EmbeddingSimilarity similarity = SharedModel.allMiniLm();

  @Test
  void modelAndTokenizerShipOnTheClasspath() {
    // What allMiniLmL6V2() loads; nothing is fetched at run time.
    assertThat(getClass().getResource("/all-minilm-l6-v2.onnx")).isNotNull();
    assertThat(getClass().getResource("/all-minilm-l6-v2-tokenizer.json")).isNotNull();
  }

  @Test
  void identicalTextsScoreOne() {
    assertThat(similarity.similarity(ANSWER, ANSWER)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void aRelevantAnswerScoresAboveAnOffTopicOne() {
    double relevant = similarity.similarity(QUESTION, ANSWER);
    double offTopic = similarity.similarity(QUESTION, OFF_TOPIC);
    assertThat(relevant).isGreaterThan(offTopic);
    assertThat(relevant).isBetween(0.0, 1.0);
    assertThat(offTopic).isBetween(0.0, 1.0);
  }

  @Test
  void aLongAnswerIsReadWithoutFailingAndItsRelevantStartCounts() {
    // About 12,000 characters: far beyond the model's 512 word pieces and the four windows read.
    String filler = OFF_TOPIC.repeat(100);
    double relevantThenFiller = similarity.similarity(QUESTION, ANSWER + "\n\n" + filler);
    double fillerOnly = similarity.similarity(QUESTION, filler);
    assertThat(relevantThenFiller).isGreaterThan(fillerOnly);
    assertThat(relevantThenFiller).isGreaterThanOrEqualTo(0.3);
  }

  @Test
  void textTheTokenizerDropsEntirelyIsNotJudgedRatherThanThrown() {
    // Not blank to Java (so the validator asks), but no word pieces to the model, which LangChain4j
    // refuses to embed: the SPI must not throw, so the answer is "cannot judge".
    assertThat(similarity.similarity(QUESTION, "\u00a0\u00a0")).isNaN();
    assertThat(similarity.similarity(QUESTION, "\u200b")).isNaN();
  }

  @Test
  void concurrentCallsGiveTheSameScoresAsSequentialOnes() throws Exception {
    List<String[]> pairs =
        List.of(
            new String[] {QUESTION, ANSWER},
            new String[] {QUESTION, OFF_TOPIC},
            new String[] {"What is the time complexity of binary search?", "O(log n)."},
            new String[] {"Is tap water safe to drink in Mexico City?", "It's best not to."});
    double[] expected = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      expected[i] = similarity.similarity(pairs.get(i)[0], pairs.get(i)[1]);
    }

    int threads = 4;
    int rounds = 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<double[]>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            () -> {
              double[] got = new double[pairs.size() * rounds];
              for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < pairs.size(); i++) {
                  got[r * pairs.size() + i] =
                      similarity.similarity(pairs.get(i)[0], pairs.get(i)[1]);
                }
              }
              return got;
            });
      }
      int calls = 0;
      for (Future<double[]> future : pool.invokeAll(tasks)) {
        double[] got = future.get();
        for (int k = 0; k < got.length; k++) {
          assertThat(got[k]).isCloseTo(expected[k % pairs.size()], within(1e-6));
          calls++;
        }
      }
      assertThat(calls).isEqualTo(threads * rounds * pairs.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
