package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import org.junit.jupiter.api.Test;

class RelevanceValidatorTest {

  private static final String QUESTION = "What is the refund policy for damaged items?";

  private static ChatResponse answer(String text) {
    return ChatResponse.builder().text(text).build();
  }

  // LexicalSimilarity

  @Test
  void anOnTopicAnswerSharesTheQuestionsContentWords() {
    double score =
        LexicalSimilarity.create()
            .similarity(
                QUESTION,
                "Damaged items can be refunded within 30 days under our refund policies.");

    assertThat(score).isEqualTo(1.0); // refund, policy, damaged, items: inflections meet
  }

  @Test
  void anAnswerAboutSomethingElseScoresLow() {
    assertThat(LexicalSimilarity.create().similarity(QUESTION, "Paris is the capital of France."))
        .isZero();
  }

  @Test
  void partialOverlapIsAFraction() {
    assertThat(LexicalSimilarity.create().similarity(QUESTION, "Our policy is generous."))
        .isCloseTo(0.25, within(1e-9));
  }

  @Test
  void cjkTextIsComparedByCharacterPairs() {
    double onTopic = LexicalSimilarity.create().similarity("退款政策是什么？", "我们的退款政策是30天内全额退款。");
    double offTopic = LexicalSimilarity.create().similarity("退款政策是什么？", "今天天气很好。");

    assertThat(onTopic).isGreaterThan(0.5);
    assertThat(offTopic).isZero();
  }

  @Test
  void accentsAndCaseDoNotMatter() {
    assertThat(
            LexicalSimilarity.create()
                .similarity("Política de reembolso", "POLITICA DE REEMBOLSO: 30 días"))
        .isEqualTo(1.0);
  }

  @Test
  void aQuestionWithoutContentWordsCannotBeJudged() {
    assertThat(LexicalSimilarity.create().similarity("Hi, what is it?", "Hello!")).isEqualTo(1.0);
  }

  @Test
  void stemmingIsLightAndBounded() {
    assertThat(LexicalSimilarity.stem("refunds")).isEqualTo("refund");
    assertThat(LexicalSimilarity.stem("refunded")).isEqualTo("refund");
    assertThat(LexicalSimilarity.stem("policies")).isEqualTo(LexicalSimilarity.stem("policy"));
    assertThat(LexicalSimilarity.stem("damaged")).isEqualTo(LexicalSimilarity.stem("damage"));
    assertThat(LexicalSimilarity.stem("internationalization"))
        .hasSize(LexicalSimilarity.STEM_LENGTH);
    assertThat(LexicalSimilarity.stem("55120")).isEqualTo("55120");
  }

  // RelevanceValidator

  @Test
  void failsAnOffTopicAnswerWithTheSimilarityAsScore() {
    Verdict verdict =
        Validators.relevance(RelevanceValidator.DEFAULT_THRESHOLD)
            .validate(ChatRequest.of(QUESTION), answer("Paris is the capital of France."));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.score()).isZero();
    assertThat(verdict.reason())
        .isEqualTo("the answer looks unrelated to the question: similarity 0.00 is below 0.30");
  }

  @Test
  void passesAnOnTopicAnswerWithTheSimilarityAsScore() {
    Verdict verdict =
        Validators.relevance(0.3)
            .validate(ChatRequest.of(QUESTION), answer("Damaged items get a full refund."));

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.score()).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void comparesTheLastUserMessage() {
    ChatRequest conversation =
        ChatRequest.builder()
            .user("What is the capital of France?")
            .assistant("Paris.")
            .user(QUESTION)
            .build();

    assertThat(Validators.relevance(0.3).validate(conversation, answer("Paris.")).passed())
        .isFalse();
  }

  @Test
  void takesAnySimilarityAndClampsItsAnswer() {
    Similarity tooHigh = (q, a) -> 7;
    Similarity broken = (q, a) -> Double.NaN;

    assertThat(
            Validators.relevance(tooHigh, 0.5).validate(ChatRequest.of("q"), answer("a")).score())
        .isEqualTo(1.0);
    Verdict unjudged = Validators.relevance(broken, 0.5).validate(ChatRequest.of("q"), answer("a"));
    assertThat(unjudged.passed()).isTrue();
    assertThat(unjudged.reason()).contains("NaN");
  }

  @Test
  void nothingToCompareIsAPass() {
    assertThat(Validators.relevance(0.9).validate(ChatRequest.of(QUESTION), answer("")).passed())
        .isTrue();
  }

  @Test
  void theThresholdIsChecked() {
    assertThatThrownBy(() -> Validators.relevance(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be in [0, 1], was 1.5");
  }

  @Test
  void isNotAmongTheDefaults() {
    assertThat(Validators.defaults())
        .extracting(ResponseValidator::name)
        .doesNotContain(RelevanceValidator.NAME);
  }
}
