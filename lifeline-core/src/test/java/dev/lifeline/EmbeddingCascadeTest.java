package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lifeline.embedding.Embedder;
import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Embedding calls run through the cascade: retries and failover between the deployments of one
 * ladder, never to a ladder of other dimensions, and a 200 whose vectors do not fit is a failure.
 */
class EmbeddingCascadeTest {

  private final VirtualClock clock = new VirtualClock();
  private final Embedders openai = new Embedders("openai");
  private final Embedders azure = new Embedders("azure");
  private final Embedders gemini = new Embedders("gemini");

  private SelfHealingEngine engine(EmbeddingLadder... ladders) {
    SelfHealingEngine.Builder builder = SelfHealingEngine.builder().ticker(clock).scheduler(clock);
    for (EmbeddingLadder ladder : ladders) {
      builder.embeddings(ladder);
    }
    return builder.build();
  }

  private EmbeddingLadder small() {
    return EmbeddingLadder.builder()
        .deployment(openai, "small", 4)
        .deployment(azure, "embed-small", 4)
        .build();
  }

  private EmbeddingResponse run(SelfHealingEngine engine, EmbeddingRequest request) {
    CompletableFuture<EmbeddingResponse> call = engine.embedAsync(request);
    clock.runUntilIdle(Duration.ofHours(1));
    try {
      return call.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Test
  void aHealthyDeploymentAnswersOneVectorPerInputInOrder() {
    openai.script("small", 4);

    EmbeddingResponse response = run(engine(small()), EmbeddingRequest.of("a", "bb", "ccc"));

    assertThat(response.size()).isEqualTo(3);
    assertThat(response.dimensions()).isEqualTo(4);
    assertThat(response.vector(2)[0]).isEqualTo(3f); // the fake puts the input's length first
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.trace().attemptCount()).isEqualTo(1);
    assertThat(azure.calls).isEmpty();
  }

  @Test
  void aRateLimitedDeploymentFailsOverToTheEquivalentOne() {
    openai.script("small", Failure.builder(ErrorKind.RATE_LIMITED).status(429).build());
    azure.script("embed-small", 4);

    EmbeddingResponse response = run(engine(small()), EmbeddingRequest.of("hello"));

    assertThat(response.provider()).isEqualTo("azure");
    assertThat(response.trace().attempts().get(0).failure().kind())
        .isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(response.trace().last()).get().extracting(Attempt::succeeded).isEqualTo(true);
  }

  @Test
  void aTwoHundredOfTheWrongDimensionIsAFailureAndTheCallMovesOn() {
    openai.script("small", 3);
    azure.script("embed-small", 4);

    EmbeddingResponse response = run(engine(small()), EmbeddingRequest.of("x", "y"));

    assertThat(response.provider()).isEqualTo("azure");
    assertThat(response.dimensions()).isEqualTo(4);
    Failure first = response.trace().attempts().get(0).failure();
    assertThat(first.kind()).isEqualTo(ErrorKind.VALIDATION_FAILED);
    assertThat(first.message()).contains("2 of 2 vectors are not of 4 dimensions (first: 3)");
  }

  @Test
  void vectorsWithANaNOrTheWrongCountAreFailures() {
    openai.script("small", new float[] {1, Float.NaN, 0, 0});
    azure.script("embed-small", List.of(new float[] {1, 0, 0, 0})); // one vector for two inputs

    Throwable thrown = catchThrowable(() -> run(engine(small()), EmbeddingRequest.of("x", "y")));

    assertThat(thrown).isInstanceOf(AllAttemptsFailedException.class);
    List<String> messages =
        ((LifelineException) thrown)
            .trace().attempts().stream().map(attempt -> attempt.failure().message()).toList();
    assertThat(messages).anyMatch(message -> message.contains("hold a NaN or an infinite value"));
    assertThat(messages).anyMatch(message -> message.contains("1 vectors for 2 inputs"));
    assertThat(((LifelineException) thrown).trace().attempts())
        .allMatch(attempt -> attempt.failure().kind() == ErrorKind.VALIDATION_FAILED);
  }

  @Test
  void aCallNeverFailsOverToALadderOfOtherDimensions() {
    EmbeddingLadder large =
        EmbeddingLadder.builder().deployment(gemini, "embedding-001", 8).build();
    openai.script("small", 4);
    gemini.script("embedding-001", Failure.builder(ErrorKind.SERVER_ERROR).status(500).build());
    SelfHealingEngine engine = engine(small(), large);

    Throwable thrown =
        catchThrowable(() -> run(engine, EmbeddingRequest.of("x").withDimensions(8)));

    assertThat(thrown).isInstanceOf(AllAttemptsFailedException.class);
    assertThat(gemini.calls).isNotEmpty();
    assertThat(openai.calls).isEmpty();
    assertThat(azure.calls).isEmpty();
    assertThat(run(engine, EmbeddingRequest.of("x")).provider())
        .as("no dimensions asked: the first ladder")
        .isEqualTo("openai");
  }

  @Test
  void aRequestOfDimensionsNoLadderHasIsRefused() {
    SelfHealingEngine engine = engine(small());

    assertThatThrownBy(() -> engine.embed(EmbeddingRequest.of("x").withDimensions(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no embedding ladder has 7 dimensions; the engine's have 4");
  }

  @Test
  void anEngineWithoutEmbeddingLaddersSaysHowToAddOne() {
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(new FakeProvider("chat", clock), "m")
            .ticker(clock)
            .scheduler(clock)
            .build();

    assertThatThrownBy(() -> engine.embed(EmbeddingRequest.of("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Builder.embeddings(EmbeddingLadder)");
  }

  @Test
  void laddersRefuseMixedDimensionsProvidersWithoutAnEmbeddingsApiAndBadInput() {
    assertThatThrownBy(
            () ->
                EmbeddingLadder.builder()
                    .deployment(openai, "small", 4)
                    .deployment(gemini, "large", 8)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes dimensions");
    Provider anthropic =
        AnthropicProvider.builder().apiKey(dev.lifeline.provider.ApiKey.of("k")).build();
    assertThatThrownBy(() -> EmbeddingLadder.builder().deployment(anthropic, "claude", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no embeddings API");
    assertThatThrownBy(() -> EmbeddingLadder.builder().deployment(openai, "small", 0))
        .hasMessageContaining("must be >= 1, was 0");
    assertThatThrownBy(() -> EmbeddingRequest.of(List.of()))
        .hasMessageContaining("inputs must hold 1 to 2048 texts, held 0");
    assertThatThrownBy(() -> SelfHealingEngine.builder().embeddings(small()).embeddings(small()))
        .hasMessageContaining("an embedding ladder of 4 dimensions is already there");
  }

  /**
   * An in-process embedder answering each model from a script, the last outcome repeating: a {@link
   * Failure}, a number of dimensions (one vector per input, the input's length first), a vector
   * (the same for every input) or a list of vectors (as given).
   */
  private final class Embedders implements Provider, Embedder {
    private final String name;
    private final Map<String, Deque<Object>> scripts = new HashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    Embedders(String name) {
      this.name = name;
    }

    Embedders script(String model, Object... outcomes) {
      scripts.put(model, new ArrayDeque<>(List.of(outcomes)));
      return this;
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
      Deque<Object> script = scripts.get(model);
      Object outcome = script.size() > 1 ? script.poll() : script.peek();
      CompletableFuture<EmbeddingResponse> answer = new CompletableFuture<>();
      clock.schedule(
          () -> {
            if (outcome instanceof Failure failure) {
              answer.completeExceptionally(new ProviderException(failure));
            } else {
              answer.complete(
                  new EmbeddingResponse(vectors(outcome, request), null, name, model, null, null));
            }
          },
          Duration.ofMillis(50));
      return answer;
    }

    @SuppressWarnings("unchecked")
    private List<float[]> vectors(Object outcome, EmbeddingRequest request) {
      if (outcome instanceof List<?> given) {
        return (List<float[]>) given;
      }
      List<float[]> vectors = new ArrayList<>();
      for (String input : request.inputs()) {
        float[] vector =
            outcome instanceof float[] same ? same.clone() : new float[(Integer) outcome];
        if (!(outcome instanceof float[])) {
          vector[0] = input.length();
        }
        vectors.add(vector);
      }
      return vectors;
    }
  }
}
