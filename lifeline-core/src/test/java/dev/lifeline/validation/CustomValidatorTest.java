package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import org.junit.jupiter.api.Test;

class CustomValidatorTest {

  private static final ChatRequest REQUEST = ChatRequest.of("Process this refund");

  private static ChatResponse answer(String text) {
    return ChatResponse.builder().text(text).build();
  }

  @Test
  void aPredicateAndAReason() {
    ResponseValidator mentionsId =
        Validators.custom(
            "refund-id", r -> r.text().contains("RF-"), "the answer names no refund id");

    assertThat(mentionsId.name()).isEqualTo("refund-id");
    assertThat(mentionsId.validate(REQUEST, answer("Refund RF-123 issued.")))
        .isEqualTo(Verdict.pass("refund-id"));
    assertThat(mentionsId.validate(REQUEST, answer("Refund issued.")))
        .isEqualTo(Verdict.fail("refund-id", "the answer names no refund id"));
  }

  @Test
  void aFullJudgementSeesTheRequestToo() {
    ResponseValidator echo =
        Validators.custom(
            "no-echo",
            (request, response) ->
                response.text().equals(request.lastUserText())
                    ? Verdict.fail("no-echo", "the answer repeats the question", 0.2)
                    : Verdict.pass("no-echo"));

    Verdict verdict = echo.validate(REQUEST, answer("Process this refund"));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.score()).isEqualTo(0.2);
  }

  @Test
  void aVerdictUnderAnotherNameIsRenamed() {
    ResponseValidator sloppy =
        Validators.custom("mine", (request, response) -> Verdict.fail("other", "no"));

    assertThat(sloppy.validate(REQUEST, answer("x")).validator()).isEqualTo("mine");
  }

  @Test
  void aNullVerdictPasses() {
    assertThat(
            Validators.custom("lazy", (request, response) -> null)
                .validate(REQUEST, answer("x"))
                .passed())
        .isTrue();
  }

  @Test
  void aThrowingCheckFailsOpenAndSaysSo() {
    ResponseValidator broken =
        Validators.custom(
            "broken",
            r -> {
              throw new IllegalStateException("bug");
            },
            "never");

    Verdict verdict = broken.validate(REQUEST, answer("x"));

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.reason()).isEqualTo("the check threw IllegalStateException; failing open");
  }

  @Test
  void aNameIsRequired() {
    assertThatThrownBy(() -> Validators.custom(" ", r -> true, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a validator's name must not be blank");
  }
}
