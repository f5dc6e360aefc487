package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TruncationValidatorTest {

  private static final ChatRequest PLAIN = ChatRequest.of("Summarise the report");
  private static final ChatRequest CAPPED =
      ChatRequest.builder().user("Summarise").maxTokens(50).build();
  private static final ChatRequest JSON =
      ChatRequest.builder()
          .user("The refund as JSON")
          .responseFormat(ResponseFormat.json())
          .build();

  private static ChatResponse answer(String text, FinishReason reason) {
    return ChatResponse.builder().text(text).finishReason(reason).build();
  }

  @Test
  void failsALengthFinish() {
    Verdict verdict =
        TruncationValidator.create()
            .validate(PLAIN, answer("The report finds that", FinishReason.LENGTH));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .isEqualTo("the answer was cut off at the token limit (finish reason LENGTH)");
  }

  @Test
  void namesTheCallersLimitWhenThereIsOne() {
    assertThat(
            TruncationValidator.create()
                .validate(CAPPED, answer("The", FinishReason.LENGTH))
                .reason())
        .isEqualTo("the answer was cut off at the token limit of 50 tokens (finish reason LENGTH)");
  }

  @Test
  void aCallerWhoCappedTheAnswerOnPurposeCanAcceptPartialAnswers() {
    TruncationValidator partialOk =
        TruncationValidator.builder().acceptPartialWhenMaxTokensSet(true).build();

    assertThat(
            partialOk
                .validate(CAPPED, answer("The report finds that", FinishReason.LENGTH))
                .passed())
        .isTrue();
    // Without a limit of the caller's, LENGTH is the provider's own cap: still a failure.
    assertThat(
            partialOk
                .validate(PLAIN, answer("The report finds that", FinishReason.LENGTH))
                .passed())
        .isFalse();
  }

  @Test
  void passesACompleteAnswer() {
    assertThat(
            TruncationValidator.create()
                .validate(PLAIN, answer("Done.", FinishReason.STOP))
                .passed())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"refund_id\": \"r-1\", \"amount\": 12",
        "{\"refund_id\": \"r-1\", \"items\": [{\"sku\": \"A\"}, {\"sku\": \"B",
        "[1, 2, 3",
        "```json\n{\"refund_id\": \"r-1\", \"note\": \"cut here"
      })
  void failsJsonCutOffMidwayWhateverTheFinishReason(String cut) {
    Verdict verdict = TruncationValidator.create().validate(JSON, answer(cut, FinishReason.STOP));

    assertThat(verdict.passed()).as(cut).isFalse();
    assertThat(verdict.reason()).startsWith("the JSON is cut off");
  }

  @Test
  void saysHowManyBracketsAreOpen() {
    assertThat(
            TruncationValidator.create()
                .validate(JSON, answer("{\"a\": [1, {\"b\": 2", FinishReason.UNKNOWN))
                .reason())
        .isEqualTo("the JSON is cut off: 3 unclosed brackets (finish reason UNKNOWN)");
  }

  @Test
  void partialJsonFailsEvenWhenPartialAnswersAreAccepted() {
    ChatRequest cappedJson = JSON.toBuilder().maxTokens(10).build();
    TruncationValidator partialOk =
        TruncationValidator.builder().acceptPartialWhenMaxTokensSet(true).build();

    assertThat(partialOk.validate(cappedJson, answer("{\"a\": ", FinishReason.LENGTH)).passed())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"{\"a\": \"}{\"}", "{\"a\": \"\\\"}\"}", "[]", "{} trailing", "not json at all"})
  void completeOrNonJsonTextIsNotCalledCut(String text) {
    assertThat(
            TruncationValidator.create().validate(JSON, answer(text, FinishReason.STOP)).passed())
        .as(text)
        .isTrue();
  }

  @Test
  void textRequestsAreNotCheckedForJson() {
    assertThat(
            TruncationValidator.create()
                .validate(PLAIN, answer("{\"a\": ", FinishReason.STOP))
                .passed())
        .isTrue();
  }
}
