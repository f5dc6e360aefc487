package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link RefusalCues} only skips patterns that cannot match: with and without the cues, {@link
 * RefusalPhrases#find} finds the same thing, on every labelled answer, on variants of them that
 * stress the folding the cues must mirror, and on random mixtures of refusal fragments.
 */
class RefusalCuesTest {

  private static final List<Pattern> NO_EXTRA = List.of();

  /** Rewritings of an answer that normalizing or case-insensitive matching undo. */
  private static final List<UnaryOperator<String>> VARIANTS =
      List.of(
          text -> text,
          text -> text.toUpperCase(Locale.ROOT),
          text -> text.replace('\'', '\u2019'),
          text -> text.replace('\'', '\u02bc'),
          text -> text.replace(" ", "  \t"),
          text -> text.replace(" ", "\u00a0"),
          text -> text.replace(" ", "\n"),
          text -> text.replace('i', 'ı').replace('s', 'ſ'),
          text -> text.replace("I", "İ"),
          text -> "\u00a0 \n" + text + " \n",
          text -> "Your order shipped on Monday from the Leeds warehouse. " + text,
          text -> text + " " + "The refund takes five business days. ".repeat(20),
          text -> "\"" + text + "\" she said.");

  private static List<String> corpus() throws IOException {
    List<String> texts = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String name : List.of("refusal-set", "refusal-holdout", "refusal-holdout-2")) {
      String resource = "/validation/" + name + ".jsonl";
      try (InputStream in =
              Objects.requireNonNull(
                  RefusalCuesTest.class.getResourceAsStream(resource), resource);
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (!line.isBlank()) {
            texts.add(mapper.readTree(line).path("text").asText());
          }
        }
      }
    }
    return texts;
  }

  @Test
  void theCuesChangeNoFindingOnTheLabelledAnswersAndTheirVariants() throws IOException {
    int refusalsFound = 0;
    for (String text : corpus()) {
      for (UnaryOperator<String> variant : VARIANTS) {
        String answer = variant.apply(text);
        RefusalPhrases.Finding expected = RefusalPhrases.find(answer, NO_EXTRA, false);

        assertThat(RefusalPhrases.find(answer, NO_EXTRA)).as(answer).isEqualTo(expected);
        refusalsFound += expected.confidence() > 0 ? 1 : 0;
      }
    }
    assertThat(refusalsFound).as("the comparison saw refusals, not only misses").isGreaterThan(500);
  }

  @Test
  void aPlainAnswerSkipsEveryPattern() {
    String answer =
        "Your refund of 42.00 EUR for order 1234 has been processed and will reach your card"
            + " within five business days.";

    assertThat(RefusalCues.candidates(answer, 0, answer.length())).isZero();
  }

  @Test
  void aNegationWithoutAFirstPersonSkipsTheFirstPersonPatterns() {
    String answer =
        "Your refund of 42.00 EUR for order 1234 has been approved; it will reach your card"
            + " within five business days, and you do not need to send the broken item back.";
    String refusal = "Sorry, but I do not think I can help with that.";

    assertThat(RefusalCues.candidates(answer, 0, answer.length())).isZero();
    assertThat(RefusalCues.candidates(refusal, 0, refusal.length())).isNotZero();
    assertThat(RefusalPhrases.find(refusal, NO_EXTRA).confidence()).isGreaterThan(0.5);
  }

  @Test
  void theDisclaimerCueCountsOnlyAtTheStart() {
    String disclaimer = "As an AI language model, I don't have feelings.";
    String later = "Here it is. As an AI language model, I don't have feelings.";

    assertThat(RefusalCues.candidates(disclaimer, 0, disclaimer.length()) & RefusalCues.DISCLAIMER)
        .isNotZero();
    assertThat(RefusalCues.candidates(later, 0, later.length()) & RefusalCues.DISCLAIMER).isZero();
  }

  @Property(tries = 2000)
  void theCuesChangeNoFindingOnMixturesOfRefusalFragments(@ForAll("mixtures") String answer) {
    assertThat(RefusalPhrases.find(answer, NO_EXTRA))
        .isEqualTo(RefusalPhrases.find(answer, NO_EXTRA, false));
  }

  @Provide
  Arbitrary<String> mixtures() {
    List<String> fragments = new ArrayList<>();
    for (RefusalPatterns.Phrase phrase : RefusalPatterns.PHRASES) {
      fragments.addAll(phrase.cues());
    }
    fragments.addAll(RefusalPatterns.AI_DISCLAIMER_CUES);
    fragments.addAll(
        List.of(
            "I",
            "I'm",
            "I\u2019m",
            "sorry,",
            "but",
            "can't",
            "help",
            "with",
            "that",
            ".",
            "\"",
            "«",
            " ",
            "  ",
            "\n",
            "\u00a0",
            "İ",
            "ſ",
            "ı",
            "As an AI",
            "language model,",
            "no",
            "puedo",
            "ayudarte",
            "ich",
            "kann",
            "Ihnen",
            "nicht",
            "helfen",
            "我",
            "帮助你",
            "お手伝い",
            "。",
            "수",
            "why",
            "but here's",
            "exactly",
            "provide",
            "LO SIENTO",
            "Je",
            "NE",
            "peux",
            "pas",
            "vous",
            "aider"));
    Arbitrary<String> fragment = Arbitraries.of(fragments);
    Arbitrary<String> joiner = Arbitraries.of("", " ", ", ", "\n", "\u00a0");
    return Arbitraries.lazy(() -> fragment)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40)
        .flatMap(parts -> joiner.map(glue -> String.join(glue, parts)));
  }
}
