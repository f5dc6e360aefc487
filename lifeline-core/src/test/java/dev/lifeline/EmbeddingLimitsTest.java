package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.embedding.Embedder;
import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.Provider;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Embedding calls pass the same client-side limits as chat calls: requests per minute, tokens per
 * minute estimated from the inputs, calls in flight; at a limit a call waits or moves to the next
 * deployment of its ladder as the {@link LimitPolicy} says, so the provider never has to say 429.
 */
class EmbeddingLimitsTest {

  private final VirtualClock clock = new VirtualClock();
  private final FakeEmbedder openai = new FakeEmbedder("openai");
  private final FakeEmbedder azure = new FakeEmbedder("azure");

  private SelfHealingEngine engine(DeploymentLimits limits, LimitPolicy policy, boolean sibling) {
    EmbeddingLadder.Builder ladder = EmbeddingLadder.builder().deployment(openai, "small", 4);
    if (sibling) {
      ladder.deployment(azure, "embed-small", 4);
    }
    return SelfHealingEngine.builder()
        .ticker(clock)
        .scheduler(clock)
        .embeddings(ladder.build())
        .limits("openai/small", limits)
        .limitPolicy(policy)
        .build();
  }

  /** Starts each request in turn, then runs the clock until every call has ended. */
  private List<EmbeddingResponse> run(SelfHealingEngine engine, EmbeddingRequest... requests) {
    List<CompletableFuture<EmbeddingResponse>> calls = new ArrayList<>();
    for (EmbeddingRequest request : requests) {
      calls.add(engine.embedAsync(request));
    }
    clock.runUntilIdle(Duration.ofHours(1));
    List<EmbeddingResponse> answers = new ArrayList<>();
    for (CompletableFuture<EmbeddingResponse> call : calls) {
      try {
        answers.add(call.join());
      } catch (CompletionException e) {
        throw (RuntimeException) e.getCause();
      }
    }
    return answers;
  }

  @Test
  void overTheRequestLimitACallGoesToTheNextDeploymentOfItsLadder() {
    SelfHealingEngine engine = engine(new DeploymentLimits(1, 0, 0), LimitPolicy.NEXT_RUNG, true);

    List<EmbeddingResponse> answers =
        run(engine, EmbeddingRequest.of("first"), EmbeddingRequest.of("second"));

    assertThat(answers).extracting(EmbeddingResponse::provider).containsExactly("openai", "azure");
    assertThat(openai.calls).containsExactly("small");
    assertThat(azure.calls).containsExactly("embed-small");
  }

  @Test
  void atTheConcurrencyLimitACallWaitsForRoomUnderTheWaitPolicy() {
    SelfHealingEngine engine = engine(new DeploymentLimits(0, 0, 1), LimitPolicy.WAIT, true);

    List<EmbeddingResponse> answers =
        run(engine, EmbeddingRequest.of("first"), EmbeddingRequest.of("second"));

    assertThat(answers).extracting(EmbeddingResponse::provider).containsExactly("openai", "openai");
    assertThat(azure.calls).isEmpty();
    // The second call was sent once the first (50 ms) had ended, never beside it.
    assertThat(openai.sentAtNanos.get(1) - openai.sentAtNanos.get(0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
  }

  @Test
  void theTokenLimitCountsTheInputsEstimatedSize() {
    // 1,000 tokens a minute; two inputs of 1,600 characters are about 800 tokens.
    SelfHealingEngine engine =
        engine(new DeploymentLimits(0, 1_000, 0), LimitPolicy.NEXT_RUNG, true);
    String text = "x".repeat(1_600);

    List<EmbeddingResponse> answers =
        run(
            engine,
            EmbeddingRequest.of(text, text),
            EmbeddingRequest.of("tiny"),
            EmbeddingRequest.of(text, text));

    // The tiny one still fits in the minute's tokens; the second large one does not.
    assertThat(answers)
        .extracting(EmbeddingResponse::provider)
        .containsExactly("openai", "openai", "azure");
  }

  @Test
  void theConcurrencyLimitHoldsEmbeddingCallsInFlight() {
    SelfHealingEngine engine = engine(new DeploymentLimits(0, 0, 1), LimitPolicy.NEXT_RUNG, true);

    List<EmbeddingResponse> answers =
        run(engine, EmbeddingRequest.of("a"), EmbeddingRequest.of("b"), EmbeddingRequest.of("c"));

    assertThat(answers)
        .extracting(EmbeddingResponse::provider)
        .containsExactly("openai", "azure", "azure");
  }

  @Test
  void withNoDeploymentLeftTheCallOverTheLimitFailsWithoutAskingTheProvider() {
    SelfHealingEngine engine = engine(new DeploymentLimits(1, 0, 0), LimitPolicy.NEXT_RUNG, false);
    CompletableFuture<EmbeddingResponse> first = engine.embedAsync(EmbeddingRequest.of("first"));
    CompletableFuture<EmbeddingResponse> second = engine.embedAsync(EmbeddingRequest.of("second"));
    clock.runUntilIdle(Duration.ofHours(1));

    assertThat(first.join().provider()).isEqualTo("openai");
    Throwable failure = catchThrowable(second::join);
    assertThat(failure).isInstanceOf(CompletionException.class);
    assertThat(failure.getCause()).isInstanceOf(LifelineException.class);
    assertThat(failure.getCause().getMessage()).contains("client-side limit");
    assertThat(openai.calls).hasSize(1);
  }

  /** An embedder that answers every input with a vector of 4 after 50 ms, and counts its calls. */
  private final class FakeEmbedder implements Provider, Embedder {
    private final String name;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Long> sentAtNanos = Collections.synchronizedList(new ArrayList<>());

    FakeEmbedder(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      throw new UnsupportedOperationException("an embedding fake does not chat");
    }

    @Override
    public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request, String model) {
      calls.add(model);
      sentAtNanos.add(clock.nanos());
      CompletableFuture<EmbeddingResponse> answer = new CompletableFuture<>();
      List<float[]> vectors = new ArrayList<>();
      request.inputs().forEach(input -> vectors.add(new float[] {input.length(), 0, 0, 0}));
      int tokens = request.inputs().stream().mapToInt(input -> input.length() / 4).sum();
      clock.schedule(
          () ->
              answer.complete(
                  new EmbeddingResponse(vectors, new Usage(tokens, 0), name, model, null, null)),
          Duration.ofMillis(50));
      return answer;
    }
  }
}
