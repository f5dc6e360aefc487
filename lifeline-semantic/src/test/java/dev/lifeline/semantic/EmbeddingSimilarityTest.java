package dev.lifeline.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic and the windowing of {@link EmbeddingSimilarity}, on a fake model whose vectors
 * are chosen by hand, so each expected score can be worked out on paper.
 */
class EmbeddingSimilarityTest {

  /** Maps the first word of each text to a fixed 2-d vector, and records what it was asked. */
  static final class FakeModel implements EmbeddingModel {
    final List<String> seen = new ArrayList<>();
    final Map<String, float[]> vectors =
        Map.of(
            "east", new float[] {1, 0},
            "north", new float[] {0, 1},
            "west", new float[] {-1, 0},
            "northeast", new float[] {1, 1});

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      List<Embedding> out = new ArrayList<>();
      for (TextSegment segment : segments) {
        seen.add(segment.text());
        String first = segment.text().split("\\s+")[0];
        out.add(Embedding.from(vectors.getOrDefault(first, new float[] {0, 0})));
      }
      return Response.from(out);
    }
  }

  private final FakeModel model = new FakeModel();
  private final EmbeddingSimilarity similarity = new EmbeddingSimilarity(model, "fake", 20, 3);

  @Test
  void sameDirectionScoresOne() {
    assertThat(similarity.similarity("east", "east")).isEqualTo(1.0);
  }

  @Test
  void scoreIsTheCosine() {
    assertThat(similarity.similarity("east", "northeast")).isCloseTo(Math.sqrt(0.5), within(1e-6));
    assertThat(similarity.similarity("east", "north")).isEqualTo(0.0);
  }

  @Test
  void negativeCosineIsClampedToZero() {
    assertThat(similarity.similarity("east", "west")).isEqualTo(0.0);
  }

  @Test
  void blankTextScoresZeroWithoutRunningTheModel() {
    assertThat(similarity.similarity("east", "  \n\t ")).isEqualTo(0.0);
    assertThat(similarity.similarity("", "east")).isEqualTo(0.0);
    assertThat(model.seen).isEmpty();
  }

  @Test
  void aFailingModelGivesNaNInsteadOfThrowing() {
    EmbeddingModel failing =
        new EmbeddingModel() {
          @Override
          public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            throw new IllegalStateException("the ONNX session is closed");
          }
        };
    var similarity = new EmbeddingSimilarity(failing, "failing", 20, 3);
    assertThat(similarity.similarity("east", "east")).isNaN();
  }

  @Test
  void embeddingsOfDifferentDimensionsGiveNaN() {
    EmbeddingModel mixed =
        new EmbeddingModel() {
          @Override
          public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return Response.from(
                List.of(Embedding.from(new float[] {1, 0}), Embedding.from(new float[] {1, 0, 0})));
          }
        };
    assertThat(new EmbeddingSimilarity(mixed, "mixed", 20, 3).similarity("east", "east")).isNaN();
  }

  @Test
  void nullIsRejectedByName() {
    assertThatThrownBy(() -> similarity.similarity(null, "east"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("question");
    assertThatThrownBy(() -> similarity.similarity("east", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("answer");
  }

  @Test
  void windowsBreakAtWhitespaceAndStayWithinTheLimit() {
    assertThat(similarity.windows("east aaaa bbbb cccc dddd eeee ffff"))
        .containsExactly("east aaaa bbbb cccc", "dddd eeee ffff");
  }

  @Test
  void aWindowWithoutWhitespaceIsCutAtTheLimit() {
    assertThat(similarity.windows("x".repeat(45)))
        .containsExactly("x".repeat(20), "x".repeat(20), "x".repeat(5));
  }

  @Test
  void shortParagraphsShareAWindow() {
    assertThat(similarity.windows("east\n\nnorth\r\n  \r\nwest"))
        .containsExactly("east\n\nnorth\n\nwest");
  }

  @Test
  void aParagraphDoesNotShareAWindowItDoesNotFitIn() {
    // Packed with the long paragraph after it, "east" would be diluted; on its own it scores 1.
    String answer = "east\n\nnorth aaaa bbbb cccc";
    assertThat(similarity.windows(answer)).containsExactly("east", "north aaaa bbbb cccc");
    assertThat(similarity.similarity("east", answer)).isEqualTo(1.0);
  }

  @Test
  void theRestOfACutParagraphIsPackedWithTheNextOne() {
    assertThat(similarity.windows("north aaaa bbbb cccc dddd\n\neast"))
        .containsExactly("north aaaa bbbb cccc", "dddd\n\neast");
  }

  @Test
  void onlyTheFirstWindowsAreRead() {
    // Seven windows of text; the limit is three.
    String longAnswer = "north aaaa bbbb cccc ".repeat(7);
    assertThat(similarity.windows(longAnswer)).hasSize(3);

    similarity.similarity("east", longAnswer);
    assertThat(model.seen).hasSize(1 + 3);
  }

  @Test
  void theBestPairOfWindowsWins() {
    // The answer's second window points the same way as the question: a long answer that
    // addresses the question in one part is not diluted by the rest.
    String answer = "north aaaa bbbb cccc east dddd eeee";
    assertThat(similarity.windows(answer))
        .containsExactly("north aaaa bbbb cccc", "east dddd eeee");
    assertThat(similarity.similarity("east", answer)).isEqualTo(1.0);
  }

  @Test
  void textAfterTheLastWindowIsNotRead() {
    String answer = "north aaaa bbbb cccc ".repeat(3) + "east";
    assertThat(similarity.similarity("east", answer)).isEqualTo(0.0);
  }

  @Test
  void windowLimitsMustBePositive() {
    assertThatThrownBy(() -> new EmbeddingSimilarity(model, "fake", 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowChars must be >= 1, was 0");
    assertThatThrownBy(() -> new EmbeddingSimilarity(model, "fake", 20, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWindows must be >= 1, was 0");
  }

  @Test
  void toStringNamesTheModelAndTheLimits() {
    assertThat(similarity).hasToString("EmbeddingSimilarity[fake, 3 windows of 20 chars]");
  }
}
