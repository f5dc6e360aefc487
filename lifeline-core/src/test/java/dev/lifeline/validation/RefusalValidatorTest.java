package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefusalValidatorTest {

  private static final ChatRequest REQUEST = ChatRequest.of("Can you help me with my refund?");

  /** A long, plainly helpful paragraph, to push later text out of the opening. */
  static final String HELPFUL =
      "Refunds go back to the original payment method. Open Orders, pick the order, choose 'Request"
          + " a refund', select the items and a reason, and submit. Card refunds take 5 to 10"
          + " business days to appear; PayPal refunds usually arrive within 24 hours. You will get"
          + " an email at every step, and the order page shows the refund's status until it"
          + " completes. ";

  private static Verdict judge(String text) {
    return RefusalValidator.create().validate(REQUEST, ChatResponse.builder().text(text).build());
  }

  // The provider's own signals

  @Test
  void failsTheProvidersRefusalFieldEvenWithFinishReasonStop() {
    ChatResponse response =
        ChatResponse.builder()
            .refusal("I'm sorry, I cannot assist with that request.")
            .finishReason(FinishReason.STOP)
            .build();

    Verdict verdict = RefusalValidator.create().validate(REQUEST, response);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.score()).isEqualTo(1.0);
    assertThat(verdict.reason()).contains("refusal field");
  }

  @Test
  void failsFinishReasonRefusal() {
    ChatResponse response =
        ChatResponse.builder().text("").finishReason(FinishReason.REFUSAL).build();

    assertThat(RefusalValidator.create().validate(REQUEST, response).reason()).contains("REFUSAL");
  }

  @Test
  void failsAContentFilterBlockWithNoText() {
    ChatResponse blocked = ChatResponse.builder().finishReason(FinishReason.CONTENT_FILTER).build();

    assertThat(RefusalValidator.create().validate(REQUEST, blocked).reason())
        .contains("content filter");
  }

  @Test
  void aContentFilterStopAfterSomeTextIsNotARefusal() {
    ChatResponse partial =
        ChatResponse.builder().text(HELPFUL).finishReason(FinishReason.CONTENT_FILTER).build();

    assertThat(RefusalValidator.create().validate(REQUEST, partial).passed()).isTrue();
  }

  @Test
  void aBlankRefusalFieldIsNoSignal() {
    ChatResponse response = ChatResponse.builder().text("Done.").refusal("  ").build();

    assertThat(RefusalValidator.create().validate(REQUEST, response).passed()).isTrue();
  }

  @Test
  void turningPhrasesOffKeepsTheProviderSignals() {
    RefusalValidator signalsOnly = RefusalValidator.builder().phraseDetection(false).build();

    assertThat(
            signalsOnly
                .validate(
                    REQUEST,
                    ChatResponse.builder().text("I'm sorry, but I can't help with that.").build())
                .passed())
        .isTrue();
    assertThat(
            signalsOnly.validate(REQUEST, ChatResponse.builder().refusal("No.").build()).passed())
        .isFalse();
  }

  // Phrases, in many languages

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I'm sorry, but I can't help with that.",
        "I’m sorry, but I can’t assist with that request.",
        "I cannot comply with this request.",
        "I can't help with that.",
        "I am unable to provide that information.",
        "I won't be able to help you with this.",
        "I must decline.",
        "Lo siento, pero no puedo ayudarte con eso.",
        "Je suis désolé, mais je ne peux pas vous aider avec cela.",
        "Es tut mir leid, aber ich kann Ihnen dabei nicht helfen.",
        "Desculpe, mas não posso ajudar com isso.",
        "抱歉，我无法帮助你完成这个请求。",
        "申し訳ありませんが、そのご依頼にはお応えできません。",
        "Mi dispiace, ma non posso aiutarti.",
        "Извините, но я не могу помочь с этим.",
        "죄송하지만 그 요청은 도와드릴 수 없습니다.",
        "Het spijt me, maar daar kan ik je niet mee helpen.",
      })
  void failsRefusalPhrasing(String refusal) {
    Verdict verdict = judge(refusal);

    assertThat(verdict.passed()).as(refusal).isFalse();
    assertThat(verdict.score()).isBetween(0.9, 1.0);
    assertThat(verdict.reason()).startsWith("the answer opens with refusal phrasing: \"");
  }

  @Test
  void aShortAiDisclaimerFailsWithAMiddlingScore() {
    Verdict verdict = judge("As an AI language model, I don't have access to real-time data.");

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.score()).isEqualTo(0.6);
  }

  @Test
  void aRefusalThatOpensALongAnswerStillFails() {
    assertThat(judge("I can't help with creating a keylogger. " + HELPFUL + HELPFUL).passed())
        .isFalse();
  }

  // Passing mentions

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I can't stress enough how important backups are: run pg_dump before every migration.",
        "I cannot recommend Postgres highly enough for this workload.",
        "The customer wrote: 'I cannot pay the full amount this month.' Offer a two-part payment"
            + " plan.",
        "Unfortunately the refund window closed, so the customer cannot get a full refund; offer"
            + " store credit.",
        "If the API returns 'I cannot', retry with another model.",
        "You can't use await outside an async function; mark it async def.",
        "I'm sorry for the delay! Your refund was processed today.",
        "Translation: \"I'm sorry, but I can't attend the meeting on Thursday.\"",
        "I can't help but notice the loop never ends; use < instead of <=.",
      })
  void passesAnswersThatMerelyMentionRefusalWords(String answer) {
    assertThat(judge(answer).passed()).as(answer).isTrue();
  }

  @Test
  void passesARefusalPhraseLateInALongAnswer() {
    String answer =
        HELPFUL + HELPFUL + "Here's why I can't help with cash refunds: the store has no till.";

    assertThat(judge(answer).passed()).isTrue();
  }

  @Test
  void passesAnAnswerThatIsOnlyToolCalls() {
    ChatResponse calls =
        ChatResponse.builder().toolCall(new ToolCall("c1", "lookup_order", "{}")).build();

    assertThat(RefusalValidator.create().validate(REQUEST, calls).passed()).isTrue();
  }

  @Test
  void anAiDisclaimerInFrontOfALongAnswerPassesWithALowScore() {
    Verdict verdict =
        judge(
            "As an AI, I don't have personal experience, but here is what most teams do. "
                + HELPFUL);

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.score()).isBetween(0.01, 0.49);
  }

  @Test
  void aCleanAnswerScoresZero() {
    assertThat(judge("Paris is the capital of France.")).isEqualTo(Verdict.pass("refusal", 0));
  }

  // Configuration

  @Test
  void extraPatternsCountLikeTheBuiltInOnes() {
    RefusalValidator custom =
        RefusalValidator.builder().extraPattern("^computer says no\\b").build();
    ChatResponse answer = ChatResponse.builder().text("Computer says no.").build();

    assertThat(custom.validate(REQUEST, answer).passed()).isFalse();
    assertThat(RefusalValidator.create().validate(REQUEST, answer).passed()).isTrue();
  }

  @Test
  void theThresholdDecides() {
    RefusalValidator strict = RefusalValidator.builder().threshold(0.3).build();
    String disclaimer =
        "As an AI, I don't have personal experience, but here is what most teams do. " + HELPFUL;

    assertThat(strict.validate(REQUEST, ChatResponse.builder().text(disclaimer).build()).passed())
        .isFalse();
  }

  @Test
  void badSettingsFailFastNamingTheValue() {
    assertThatThrownBy(() -> RefusalValidator.builder().threshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> RefusalValidator.builder().extraPattern("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(unclosed");
  }
}
