package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import dev.lifeline.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmptyAnswerValidatorTest {

  private static final ChatRequest TEXT = ChatRequest.of("How many seats does the Pro plan have?");
  private static final ChatRequest JSON =
      ChatRequest.builder()
          .user("List the seats as JSON")
          .responseFormat(ResponseFormat.json())
          .build();

  private static Verdict judge(String text) {
    return EmptyAnswerValidator.create().validate(TEXT, ChatResponse.builder().text(text).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t  \n", "\u2003"})
  void failsBlankText(String text) {
    Verdict verdict = judge(text);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).startsWith("empty answer: no text and no tool calls");
  }

  @Test
  void aNullTextIsEmptyToo() {
    assertThat(judge(null).passed()).isFalse();
  }

  @Test
  void saysWhenTheProviderReportedZeroCompletionTokens() {
    ChatResponse empty =
        ChatResponse.builder()
            .text("")
            .finishReason(FinishReason.STOP)
            .usage(new Usage(12, 0))
            .build();

    assertThat(EmptyAnswerValidator.create().validate(TEXT, empty).reason())
        .isEqualTo(
            "empty answer: no text and no tool calls (finish reason STOP, 0 completion tokens)");
  }

  @Test
  void anAnswerThatIsOnlyToolCallsPasses() {
    ChatResponse calls =
        ChatResponse.builder()
            .toolCall(new ToolCall("c1", "get_plan", "{\"plan\":\"pro\"}"))
            .build();

    assertThat(EmptyAnswerValidator.create().validate(TEXT, calls).passed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "No.", "42", "Yes", "👍", "-1"})
  void shortRealAnswersPassByDefault(String text) {
    assertThat(judge(text).passed()).as(text).isTrue();
  }

  @Test
  void aMinimumLengthIsOptIn() {
    EmptyAnswerValidator prose = EmptyAnswerValidator.builder().minLength(20).build();

    Verdict verdict = prose.validate(TEXT, ChatResponse.builder().text("Ten seats.").build());

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .isEqualTo("answer too short: 9 visible characters, the minimum is 20");
    assertThat(
            prose
                .validate(TEXT, ChatResponse.builder().text("The Pro plan has ten seats.").build())
                .passed())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "N/A",
        "n/a",
        "null",
        "undefined",
        "...",
        "…",
        "—",
        "[insert answer here]",
        "<your answer>",
        "TODO",
        "TBD",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "<empty>",
        "(empty)",
        "{}",
        "[]",
        "\"N/A\"",
        "**TODO**",
        "`null`"
      })
  void failsPlaceholders(String placeholder) {
    Verdict verdict = judge(placeholder);

    assertThat(verdict.passed()).as(placeholder).isFalse();
    assertThat(verdict.reason()).startsWith("the answer is a placeholder");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "null"})
  void jsonLiteralsAreLegitimateWhenJsonWasAskedFor(String literal) {
    assertThat(
            EmptyAnswerValidator.create()
                .validate(JSON, ChatResponse.builder().text(literal).build())
                .passed())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "None of them.", "Lorem ipsum is placeholder text used in print since the 1500s.",
        "The value is null when the user has no address.", "NA (North America)"
      })
  void answersThatMentionPlaceholderWordsPass(String answer) {
    assertThat(judge(answer).passed()).as(answer).isTrue();
  }

  @Test
  void callersCanAddPlaceholders() {
    EmptyAnswerValidator custom =
        EmptyAnswerValidator.builder().placeholder("Pending review").build();

    assertThat(
            custom
                .validate(TEXT, ChatResponse.builder().text(" *pending REVIEW* ").build())
                .passed())
        .isFalse();
  }

  @Test
  void badSettingsFailFast() {
    assertThatThrownBy(() -> EmptyAnswerValidator.builder().minLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minLength must be >= 1, was 0");
    assertThatThrownBy(() -> EmptyAnswerValidator.builder().placeholder("  "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
