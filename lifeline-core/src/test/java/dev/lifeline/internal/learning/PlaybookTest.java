package dev.lifeline.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.state.InMemoryStateStore;
import dev.lifeline.state.StateStore;
import dev.lifeline.state.StateStoreException;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaybookTest {

  private static final Deployment A = Deployment.of("alpha", "a");
  private static final Deployment B = Deployment.of("beta", "b");
  private final VirtualClock clock = new VirtualClock();

  private static CallTrace failedThenAnswered(
      Deployment failed, Failure failure, Deployment answered) {
    List<Attempt> attempts = new ArrayList<>();
    attempts.add(
        new Attempt(
            1,
            failed,
            Duration.ZERO,
            Duration.ofMillis(100),
            Duration.ZERO,
            failure,
            Decision.FAILOVER,
            "",
            List.of()));
    if (answered != null) {
      attempts.add(
          new Attempt(
              2,
              answered,
              Duration.ofMillis(100),
              Duration.ofMillis(400),
              Duration.ZERO,
              null,
              Decision.ACCEPT,
              "",
              List.of()));
    }
    return new CallTrace(attempts, Duration.ofMillis(500));
  }

  private static CallTrace answeredAtOnce(Deployment answered) {
    return new CallTrace(
        List.of(
            new Attempt(
                1,
                answered,
                Duration.ZERO,
                Duration.ofMillis(100),
                Duration.ZERO,
                null,
                Decision.ACCEPT,
                "",
                List.of())),
        Duration.ofMillis(100));
  }

  private static Failure failure(ErrorKind kind) {
    return Failure.builder(kind).status(400).providerCode("code").message("no").build();
  }

  private static ChatRequest tokens(int approximately) {
    return ChatRequest.of("y".repeat(approximately * 4));
  }

  @Test
  void confidenceGrowsWithEvidenceAndHalvesWithEachHalfLife() {
    PlaybookMemory playbook = PlaybookMemory.inMemory(LearningSettings.defaults(), clock);
    ChatRequest request = ChatRequest.of("hello");
    RequestShape shape = RequestShape.of(request, false);

    playbook.learn(request, false, failedThenAnswered(A, failure(ErrorKind.QUOTA_EXHAUSTED), B));
    assertThat(playbook.hint(A, shape)).as("one failure: 0.5, under the 0.6 threshold").isEmpty();
    for (int i = 0; i < 13; i++) {
      playbook.learn(request, false, failedThenAnswered(A, failure(ErrorKind.QUOTA_EXHAUSTED), B));
    }

    LearnedRemedy hint = playbook.hint(A, shape).orElseThrow();
    assertThat(hint.confidence()).isCloseTo(14.0 / 15, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(hint.resolver()).contains("beta/b");
    assertThat(hint.explanation())
        .isEqualTo(
            "learned from 14 QUOTA_EXHAUSTED failures (any request), confidence 0.93; beta/b answered instead");

    clock.advance(Duration.ofHours(3)); // QUOTA_EXHAUSTED's half-life
    PlaybookEntry entry = playbook.entries().get(0);
    assertThat(playbook.confidence(entry))
        .isCloseTo(14.0 / 15 / 2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(playbook.hint(A, shape)).isEmpty();
  }

  @Test
  void anAnswerFromTheDeploymentClearsWhatWasHeldAgainstIt() {
    PlaybookMemory playbook = PlaybookMemory.inMemory(LearningSettings.defaults(), clock);
    ChatRequest request = ChatRequest.of("hello");
    for (int i = 0; i < 5; i++) {
      playbook.learn(request, false, failedThenAnswered(A, failure(ErrorKind.RATE_LIMITED), B));
    }
    assertThat(playbook.hint(A, RequestShape.of(request, false))).isPresent();

    playbook.learn(request, false, answeredAtOnce(A));

    assertThat(playbook.hint(A, RequestShape.of(request, false))).isEmpty();
    assertThat(playbook.entries()).isEmpty();
  }

  @Test
  void aContextLengthFailureAppliesToPromptsAtLeastAsLarge() {
    PlaybookMemory playbook = PlaybookMemory.inMemory(LearningSettings.defaults(), clock);
    ChatRequest large = tokens(10_000);
    for (int i = 0; i < 3; i++) {
      playbook.learn(
          large, false, failedThenAnswered(A, failure(ErrorKind.CONTEXT_LENGTH_EXCEEDED), B));
    }

    assertThat(playbook.hint(A, RequestShape.of(tokens(12_000), false))).isPresent();
    assertThat(playbook.hint(A, RequestShape.of(tokens(100_000), true))).isPresent();
    assertThat(playbook.hint(A, RequestShape.of(tokens(3_000), false))).isEmpty();
    assertThat(playbook.hint(B, RequestShape.of(tokens(12_000), false))).isEmpty();
  }

  @Test
  void anInvalidAnswerAppliesOnlyToRequestsOfTheSameShape() {
    PlaybookMemory playbook = PlaybookMemory.inMemory(LearningSettings.defaults(), clock);
    ChatRequest json =
        ChatRequest.builder().user("give JSON").responseFormat(ResponseFormat.json()).build();
    for (int i = 0; i < 3; i++) {
      playbook.learn(json, false, failedThenAnswered(A, failure(ErrorKind.VALIDATION_FAILED), B));
    }

    assertThat(playbook.hint(A, RequestShape.of(json, false))).isPresent();
    assertThat(playbook.hint(A, RequestShape.of(ChatRequest.of("give text"), false))).isEmpty();
    assertThat(playbook.hint(A, RequestShape.of(json, true))).isEmpty();
  }

  @Test
  void badRequestsAndContentFiltersSaySomethingAboutOnePromptAndAreNotLearned() {
    PlaybookMemory playbook = PlaybookMemory.inMemory(LearningSettings.defaults(), clock);
    for (int i = 0; i < 5; i++) {
      playbook.learn(
          ChatRequest.of("q"), false, failedThenAnswered(A, failure(ErrorKind.BAD_REQUEST), null));
      playbook.learn(
          ChatRequest.of("q"),
          false,
          failedThenAnswered(A, failure(ErrorKind.CONTENT_FILTERED), B));
    }
    assertThat(playbook.entries()).isEmpty();
  }

  @Test
  void remedyForNamesTheDeploymentThatAnsweredMostOften() {
    PlaybookMemory playbook = PlaybookMemory.inMemory(LearningSettings.defaults(), clock);
    Deployment c = Deployment.of("gamma", "c");
    ChatRequest request = ChatRequest.of("q");
    for (int i = 0; i < 3; i++) {
      playbook.learn(request, false, failedThenAnswered(A, failure(ErrorKind.OVERLOADED), B));
    }
    playbook.learn(request, false, failedThenAnswered(A, failure(ErrorKind.OVERLOADED), c));
    FailureSignature signature =
        FailureSignature.of(A, failure(ErrorKind.OVERLOADED), request, false).orElseThrow();

    assertThat(playbook.remedyFor(signature))
        .map(remedy -> remedy.resolver().orElseThrow())
        .contains("beta/b");
    PlaybookEntry entry = playbook.entries().get(0);
    assertThat(entry.recoveries()).isEqualTo(4);
    assertThat(entry.meanRecoveryAttempts()).isEqualTo(1.0);
    assertThat(entry.meanRecoveryTime()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void entriesRoundTripThroughTheStoreAndUnreadableOnesAreSkipped() {
    StateStore store = new InMemoryStateStore();
    PlaybookMemory first = PlaybookMemory.create(LearningSettings.defaults(), clock, store);
    ChatRequest request = tokens(20_000);
    for (int i = 0; i < 4; i++) {
      first.learn(
          request, true, failedThenAnswered(A, failure(ErrorKind.CONTEXT_LENGTH_EXCEEDED), B));
    }
    store.put(Playbook.NAMESPACE, "garbage", "{not json");
    store.put(Playbook.NAMESPACE, "future", "{\"version\": 99}");

    PlaybookMemory second = PlaybookMemory.create(LearningSettings.defaults(), clock, store);

    assertThat(second.entries()).containsExactlyElementsOf(first.entries());
    assertThat(second.hint(A, RequestShape.of(request, false))).isPresent();
  }

  @Test
  void aFailingStoreNeverFailsLearning() {
    StateStore broken =
        new StateStore() {
          @Override
          public Optional<String> get(String namespace, String key) {
            throw new StateStoreException("locked");
          }

          @Override
          public void put(String namespace, String key, String value) {
            throw new StateStoreException("disk full");
          }

          @Override
          public Map<String, String> all(String namespace) {
            throw new StateStoreException("locked");
          }

          @Override
          public void remove(String namespace, String key) {
            throw new StateStoreException("locked");
          }

          @Override
          public void clear(String namespace) {
            throw new StateStoreException("locked");
          }

          @Override
          public void close() {}
        };
    PlaybookMemory playbook = PlaybookMemory.create(LearningSettings.defaults(), clock, broken);
    for (int i = 0; i < 3; i++) {
      playbook.learn(
          ChatRequest.of("q"), false, failedThenAnswered(A, failure(ErrorKind.AUTHENTICATION), B));
    }
    assertThat(playbook.hint(A, RequestShape.ANY)).isPresent();
  }

  @Test
  void theLeastConfidentEntriesGoWhenThePlaybookIsFull() {
    PlaybookMemory playbook =
        PlaybookMemory.inMemory(LearningSettings.builder().maxEntries(2).build(), clock);
    Deployment c = Deployment.of("gamma", "c");
    playbook.learn(
        ChatRequest.of("q"), false, failedThenAnswered(A, failure(ErrorKind.RATE_LIMITED), B));
    clock.advance(Duration.ofMinutes(10));
    playbook.learn(
        ChatRequest.of("q"), false, failedThenAnswered(B, failure(ErrorKind.QUOTA_EXHAUSTED), A));
    playbook.learn(
        ChatRequest.of("q"), false, failedThenAnswered(c, failure(ErrorKind.QUOTA_EXHAUSTED), A));

    assertThat(playbook.entries())
        .extracting(entry -> entry.signature().deployment())
        .containsExactlyInAnyOrder("beta/b", "gamma/c");
  }

  @Test
  void shapesRoundTripThroughTheirKeys() {
    RequestShape shape = new RequestShape(14, true, ResponseFormat.Type.JSON_SCHEMA, true);
    assertThat(RequestShape.parse(shape.key())).isEqualTo(shape);
    assertThat(RequestShape.parse("*")).isEqualTo(RequestShape.ANY);
    assertThat(shape.toString())
        .isEqualTo("prompts under 16,384 tokens, with tools, json schema, streamed");
    assertThatThrownBy(() -> RequestShape.parse("p1/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Optional.of(RequestShape.of(tokens(10_000), false).promptBucket())).contains(14);
  }
}
