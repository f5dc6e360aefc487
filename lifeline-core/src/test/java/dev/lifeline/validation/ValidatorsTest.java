package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  private static List<Verdict> runDefaults(ChatRequest request, ChatResponse response) {
    return Validators.defaults().stream().map(v -> v.validate(request, response)).toList();
  }

  @Test
  void theDefaultsAreTheSafeFourInOrder() {
    assertThat(Validators.defaults())
        .extracting(ResponseValidator::name)
        .containsExactly("refusal", "empty", "truncation", "json");
  }

  @Test
  void eachFactoryGivesTheNamedValidator() {
    assertThat(Validators.refusal().name()).isEqualTo("refusal");
    assertThat(Validators.emptyAnswer().name()).isEqualTo("empty");
    assertThat(Validators.emptyAnswer(20).name()).isEqualTo("empty");
    assertThat(Validators.truncation().name()).isEqualTo("truncation");
    assertThat(Validators.json().name()).isEqualTo("json");
    assertThat(Validators.relevance(0.3).name()).isEqualTo("relevance");
    assertThat(Validators.relevance((q, a) -> 1, 0.3).name()).isEqualTo("relevance");
    assertThat(Validators.custom("c", r -> true, "x").name()).isEqualTo("c");
    assertThat(Validators.custom("d", (q, r) -> Verdict.pass("d")).name()).isEqualTo("d");
  }

  @Test
  void aGoodAnswerPassesEveryDefault() {
    ChatResponse good =
        ChatResponse.builder()
            .text("Your refund of $42.10 was issued today.")
            .finishReason(FinishReason.STOP)
            .build();

    assertThat(runDefaults(ChatRequest.of("Where is my refund?"), good)).allMatch(Verdict::passed);
  }

  @Test
  void eachSilentFailureIsCaughtByTheDefaultsAndOnlyByTheRightOne() {
    ChatRequest text = ChatRequest.of("Where is my refund?");
    ChatRequest schema =
        ChatRequest.builder()
            .user("The refund as JSON")
            .responseFormat(ResponseFormat.jsonSchema("refund", JsonValidatorTest.REFUND_SCHEMA))
            .build();

    assertThat(
            failed(
                text,
                ChatResponse.builder().text("I'm sorry, but I can't help with that.").build()))
        .containsExactly("refusal");
    assertThat(failed(text, ChatResponse.builder().text("").build())).containsExactly("empty");
    assertThat(
            failed(
                text,
                ChatResponse.builder()
                    .text("Your refund")
                    .finishReason(FinishReason.LENGTH)
                    .build()))
        .containsExactly("truncation");
    assertThat(failed(schema, ChatResponse.builder().text("{\"amount\": 1}").build()))
        .containsExactly("json");
  }

  private static List<String> failed(ChatRequest request, ChatResponse response) {
    return runDefaults(request, response).stream()
        .filter(v -> !v.passed())
        .map(Verdict::validator)
        .toList();
  }
}
