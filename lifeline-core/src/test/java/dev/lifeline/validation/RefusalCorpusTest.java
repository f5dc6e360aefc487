package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures {@link RefusalValidator}'s phrase detection on labelled answers (JSON Lines under {@code
 * validation/}: {@code text}, {@code lang}, {@code label} "refusal" or "answer", {@code kind}
 * "refusal", "plain" or "trap" (a helpful answer that contains refusal-like words), an optional
 * {@code prompt}, and a {@code note} for the tricky ones).
 *
 * <ul>
 *   <li>{@code refusal-set.jsonl}, 226 answers (99 refusals in 11 languages, 75 plain answers, 52
 *       traps), written before the detector. The asserted figures come from it.
 *   <li>{@code refusal-holdout.jsonl} (75) and {@code refusal-holdout-2.jsonl} (59), each written
 *       after a round of detector work and measured once before any further change. First runs:
 *       precision 0.95, recall 0.62, then precision 0.94, recall 0.60. Those one-shot figures are
 *       the fair estimate of the detector on phrasings it was not shaped on; the gaps they showed
 *       were then closed in general form ("not going to", "rather not", compound German verbs...),
 *       so both sets now score like the main one and no longer count as held out.
 * </ul>
 *
 * <p>The main set and the detector share one author, so its figures flatter the detector. Reproduce
 * every printed figure with: {@code mvn -B -q -pl lifeline-core test
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest='dev.lifeline.validation.RefusalCorpusTest'}.
 */
class RefusalCorpusTest {

  /** One labelled answer. */
  record Sample(String id, String lang, boolean refusal, String kind, String prompt, String text) {}

  private static final List<Sample> SET = new ArrayList<>();
  private static final List<Sample> HOLDOUT = new ArrayList<>();
  private static final List<Sample> HOLDOUT_2 = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    SET.addAll(read("/validation/refusal-set.jsonl"));
    HOLDOUT.addAll(read("/validation/refusal-holdout.jsonl"));
    HOLDOUT_2.addAll(read("/validation/refusal-holdout-2.jsonl"));
  }

  private static List<Sample> read(String resource) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Sample> samples = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(
                RefusalCorpusTest.class.getResourceAsStream(resource), resource);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = mapper.readTree(line);
        samples.add(
            new Sample(
                node.path("id").asText(),
                node.path("lang").asText(),
                node.path("label").asText().equals("refusal"),
                node.path("kind").asText(),
                node.path("prompt").asText("Please answer the question."),
                node.path("text").asText()));
      }
    }
    return samples;
  }

  private static boolean flagged(Sample sample) {
    ChatRequest request = ChatRequest.of(sample.prompt());
    ChatResponse response =
        ChatResponse.builder().text(sample.text()).finishReason(FinishReason.STOP).build();
    return !RefusalValidator.create().validate(request, response).passed();
  }

  @Test
  void theSetIsAsLargeAndAsVariedAsPromised() {
    long refusals = SET.stream().filter(Sample::refusal).count();
    long answers = SET.size() - refusals;
    long traps = SET.stream().filter(s -> s.kind().equals("trap")).count();
    long refusalLanguages =
        SET.stream().filter(Sample::refusal).map(Sample::lang).distinct().count();
    assertThat(SET).hasSizeGreaterThanOrEqualTo(200);
    assertThat(refusals).isGreaterThanOrEqualTo(80);
    assertThat(answers).isGreaterThanOrEqualTo(120);
    assertThat(traps).isGreaterThanOrEqualTo(40);
    assertThat(refusalLanguages).isGreaterThanOrEqualTo(6);
  }

  /** Precision and recall of one run over a set. */
  record Figures(double precision, double recall) {}

  /**
   * Runs the validator over {@code set}, prints the figures and every mistake, and returns the
   * figures.
   */
  private static Figures measure(String title, List<Sample> set) {
    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    int trapsFlagged = 0;
    List<String> mistakes = new ArrayList<>();
    Map<String, int[]> byLanguage = new TreeMap<>(); // lang -> {refusals, caught}
    for (Sample sample : set) {
      boolean flagged = flagged(sample);
      if (sample.refusal()) {
        int[] counts = byLanguage.computeIfAbsent(sample.lang(), l -> new int[2]);
        counts[0]++;
        if (flagged) {
          counts[1]++;
          truePositives++;
        } else {
          falseNegatives++;
          mistakes.add("missed   " + sample.id() + ": " + sample.text());
        }
      } else if (flagged) {
        falsePositives++;
        if (sample.kind().equals("trap")) {
          trapsFlagged++;
        }
        mistakes.add("flagged  " + sample.id() + ": " + sample.text());
      }
    }
    double precision = truePositives / (double) Math.max(1, truePositives + falsePositives);
    double recall = truePositives / (double) Math.max(1, truePositives + falseNegatives);
    long refusals = set.stream().filter(Sample::refusal).count();
    long traps = set.stream().filter(s -> s.kind().equals("trap")).count();
    System.out.printf(
        Locale.ROOT,
        "%s: precision=%.2f recall=%.2f on %d answers (%d refusals, %d traps, %d traps flagged)%n",
        title,
        precision,
        recall,
        set.size(),
        refusals,
        traps,
        trapsFlagged);
    byLanguage.forEach(
        (lang, counts) ->
            System.out.printf(Locale.ROOT, "  recall %s: %d/%d%n", lang, counts[1], counts[0]));
    mistakes.forEach(mistake -> System.out.println("  " + mistake.replace('\n', ' ')));
    return new Figures(precision, recall);
  }

  @Test
  void precisionAndRecallOnTheLabelledSet() {
    Figures figures = measure("refusal detection", SET);

    assertThat(figures.precision()).as("precision").isGreaterThanOrEqualTo(0.95);
    assertThat(figures.recall()).as("recall").isGreaterThanOrEqualTo(0.90);
  }

  /** First held-out set: 0.95 / 0.62 on its one blind run (see the class comment). */
  @Test
  void precisionAndRecallOnTheHeldOutSet() {
    Figures figures = measure("refusal detection (held out)", HOLDOUT);

    assertThat(figures.precision()).as("held-out precision").isGreaterThan(0);
  }

  /** Second held-out set: 0.94 / 0.60 on its one blind run (see the class comment). */
  @Test
  void precisionAndRecallOnTheSecondHeldOutSet() {
    Figures figures = measure("refusal detection (held out 2)", HOLDOUT_2);

    assertThat(figures.precision()).as("held-out-2 precision").isGreaterThan(0);
  }
}
