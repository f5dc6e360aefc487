package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Verdict;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.validation.ResponseValidator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A 200 that fails validation is a failure: the cascade moves on, and the trace says why. */
class ValidationCascadeTest {

  /** Fails answers that start with "I'm sorry", with a score by length. */
  private static final ResponseValidator NO_SORRY =
      new ResponseValidator() {
        @Override
        public String name() {
          return "no-sorry";
        }

        @Override
        public Verdict validate(ChatRequest request, ChatResponse response) {
          return response.text().startsWith("I'm sorry")
              ? Verdict.fail(
                  name(), "answer is a refusal", Math.min(1, response.text().length() / 100.0))
              : Verdict.pass(name());
        }
      };

  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider openai = new FakeProvider("openai", clock);
  private final FakeProvider anthropic = new FakeProvider("anthropic", clock);

  private SelfHealingEngine engine(ResponseValidator... validators) {
    return SelfHealingEngine.builder()
        .provider(ProviderLadder.of(openai).models("gpt-4o", "gpt-4o-mini"))
        .provider(ProviderLadder.of(anthropic).models("claude"))
        .validators(List.of(validators))
        .ticker(clock)
        .scheduler(clock)
        .build();
  }

  private ChatResponse run(CompletableFuture<ChatResponse> call) {
    clock.runUntilIdle(Duration.ofHours(1));
    try {
      return call.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Test
  void aRefusalDegradesToTheNextModelAndTheTraceSaysWhy() {
    openai.script("gpt-4o", answer("I'm sorry, but I can't help with that."));
    openai.script("gpt-4o-mini", answer("Refund approved."));

    ChatResponse response = run(engine(NO_SORRY).callAsync(ChatRequest.of("refund?")));

    assertThat(response.text()).isEqualTo("Refund approved.");
    Attempt first = response.trace().attempts().get(0);
    assertThat(first.failure().kind()).isEqualTo(ErrorKind.VALIDATION_FAILED);
    assertThat(first.failure().message()).contains("no-sorry: answer is a refusal");
    assertThat(first.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(first.failedVerdicts())
        .singleElement()
        .extracting(Verdict::validator)
        .isEqualTo("no-sorry");
    assertThat(response.trace().attempts().get(1).verdicts())
        .singleElement()
        .extracting(Verdict::passed)
        .isEqualTo(true);
    assertThat(openai.calls())
        .containsExactly("gpt-4o", "gpt-4o-mini"); // no retry of the same model
  }

  @Test
  void whenEveryAnswerFailsTheExceptionCarriesEveryVerdict() {
    openai.script("gpt-4o", answer("I'm sorry, no."));
    openai.script("gpt-4o-mini", answer("I'm sorry, still no."));
    anthropic.script("claude", answer("I'm sorry, I cannot."));

    Throwable error = catchThrowable(() -> run(engine(NO_SORRY).callAsync(ChatRequest.of("q"))));

    assertThat(error).isInstanceOf(AllAttemptsFailedException.class);
    assertThat(((LifelineException) error).trace().verdicts())
        .hasSize(3)
        .noneMatch(Verdict::passed);
  }

  @Test
  void bestEffortReturnsTheBestAnswerSeenOnlyWhenAsked() {
    openai.script("gpt-4o", answer("I'm sorry, no."));
    openai.script(
        "gpt-4o-mini",
        answer("I'm sorry, but here is a partial answer that is much longer and more useful."));
    anthropic.script("claude", answer("I'm sorry."));

    ChatResponse response =
        run(
            engine(NO_SORRY)
                .callAsync(ChatRequest.of("q"), CallOptions.defaults().withBestEffort(true)));

    assertThat(response.model()).isEqualTo("gpt-4o-mini");
    assertThat(response.trace().attempts()).hasSize(3);
    assertThat(response.trace().last().orElseThrow().reason()).contains("best effort");
  }

  @Test
  void validatorsCanBeOverriddenPerCall() {
    openai.script("gpt-4o", answer("I'm sorry, but this call accepts it."));

    ChatResponse response =
        run(
            engine(NO_SORRY)
                .callAsync(ChatRequest.of("q"), CallOptions.defaults().withValidators(List.of())));

    assertThat(response.model()).isEqualTo("gpt-4o");
  }

  @Test
  void aThrowingValidatorFailsOpen() {
    ResponseValidator broken =
        new ResponseValidator() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public Verdict validate(ChatRequest request, ChatResponse response) {
            throw new IllegalStateException("validator bug");
          }
        };
    openai.script("gpt-4o", answer("fine"));

    ChatResponse response = run(engine(broken).callAsync(ChatRequest.of("q")));

    assertThat(response.text()).isEqualTo("fine");
    assertThat(response.trace().attempts().get(0).verdicts())
        .singleElement()
        .extracting(Verdict::passed)
        .isEqualTo(true);
  }
}
