package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of refusal detection that must hold for any text. */
class RefusalProperties {

  private static final ChatRequest REQUEST = ChatRequest.of("q");

  private static Verdict judge(String text) {
    return RefusalValidator.create().validate(REQUEST, ChatResponse.builder().text(text).build());
  }

  @Property(tries = 300)
  void neverThrowsAndScoresWithinBounds(@ForAll String text) {
    Verdict verdict = judge(text);

    assertThat(verdict.score()).isBetween(0.0, 1.0);
    assertThat(verdict.passed()).isEqualTo(verdict.score() < RefusalValidator.DEFAULT_THRESHOLD);
  }

  @Property(tries = 200)
  void aRefusalAfterTheOpeningOfALongAnswerNeverCounts(
      @ForAll("helpfulOpenings") String opening, @ForAll("refusals") String refusal) {
    String answer = opening + "\n\n" + refusal;

    assertThat(judge(answer).passed()).isTrue();
  }

  @Property(tries = 200)
  void aQuotedRefusalNeverCounts(@ForAll("refusals") String refusal) {
    assertThat(judge("The customer wrote: \"" + refusal + "\" Please draft a kind reply.").passed())
        .isTrue();
  }

  @Provide
  Arbitrary<String> refusals() {
    return Arbitraries.of(
        "I'm sorry, but I can't help with that.",
        "I cannot provide that information.",
        "Lo siento, pero no puedo ayudarte con eso.",
        "Je ne peux pas vous aider.",
        "Es tut mir leid, aber ich kann Ihnen dabei nicht helfen.",
        "抱歉，我无法帮助你。",
        "申し訳ありませんが、お手伝いできません。");
  }

  @Provide
  Arbitrary<String> helpfulOpenings() {
    Arbitrary<String> sentence =
        Arbitraries.of(
            "Open Settings and choose Billing.",
            "The refund takes five business days.",
            "Your order shipped on Monday from the Leeds warehouse.",
            "Run the migration inside a transaction so it can be rolled back.",
            "The index on user_id turns the sequential scan into an index scan.");
    return sentence.list().ofMinSize(8).ofMaxSize(14).map(list -> String.join(" ", list));
  }
}
