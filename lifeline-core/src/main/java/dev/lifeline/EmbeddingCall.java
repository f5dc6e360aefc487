package dev.lifeline;

import dev.lifeline.embedding.Embedder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Verdict;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.validation.ResponseValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One embedding call as the cascade sees it: a chat call whose attempts embed. Not API.
 *
 * <p>The cascade ({@link CascadeCall}, {@link CallState}, {@link CascadeDecision}) is typed on chat
 * requests and answers; rather than a second copy of it, an embedding call runs through it as is,
 * with three stand-ins made for this call alone: a {@linkplain #carrierRequest() carrier request}
 * (the inputs as user messages, so routing, token estimates and learning see their size), one
 * {@linkplain #providers(Map) provider per name} whose {@code send} embeds and answers with a
 * carrier {@link ChatResponse} (no text; usage, model, rate limits and request id as the provider
 * gave them), and this call's {@linkplain #validator() shape check}, the one validator of the call.
 * The vectors wait here, beside their carrier, until the cascade accepts one; {@link #answerOf}
 * then hands them to the caller with the call's trace. Retry, Retry-After, failover, circuits,
 * cooldowns, the retry budget, the deadline, learning and the typed errors are the chat calls'.
 */
final class EmbeddingCall {
  private static final String CHECK = "embedding-shape";

  private final EmbeddingRequest request;
  private final int dimensions;
  private final List<Carried> answers = new ArrayList<>(); // guarded by itself

  /** A carrier answer and the vectors it stands for. */
  private record Carried(ChatResponse carrier, EmbeddingResponse vectors) {}

  EmbeddingCall(EmbeddingRequest request, int dimensions) {
    this.request = request;
    this.dimensions = dimensions;
  }

  /** The request the cascade routes, estimates and learns from: each input as a user message. */
  ChatRequest carrierRequest() {
    ChatRequest.Builder carrier = ChatRequest.builder();
    request.inputs().forEach(carrier::user);
    return carrier.build();
  }

  /**
   * A stand-in for each of {@code embedders} (providers that are {@link Embedder}s), under its
   * name, that embeds this call's request.
   */
  Map<String, Provider> providers(Map<String, Provider> embedders) {
    Map<String, Provider> providers = new LinkedHashMap<>();
    embedders.forEach((name, embedder) -> providers.put(name, new Attempts(embedder)));
    return providers;
  }

  /**
   * The check that makes a 200 with no, too few, too many, wrong-sized or non-finite vectors a
   * failure.
   */
  ResponseValidator validator() {
    return new ResponseValidator() {
      @Override
      public String name() {
        return CHECK;
      }

      @Override
      public Verdict validate(ChatRequest carrier, ChatResponse response) {
        EmbeddingResponse vectors = vectorsOf(response);
        return vectors == null
            ? Verdict.fail(CHECK, "no vectors came with the answer")
            : judge(vectors);
      }
    };
  }

  private Verdict judge(EmbeddingResponse vectors) {
    int expected = request.inputs().size();
    if (vectors.size() == 0) {
      return Verdict.fail(CHECK, "200 with no vectors for " + expected + " inputs");
    }
    if (vectors.size() != expected) {
      return Verdict.fail(CHECK, vectors.size() + " vectors for " + expected + " inputs");
    }
    int wrong = vectors.countNotOf(dimensions);
    if (wrong > 0) {
      return Verdict.fail(
          CHECK,
          wrong
              + " of "
              + expected
              + " vectors are not of "
              + dimensions
              + " dimensions (first: "
              + vectors.dimensions()
              + ")");
    }
    int broken = vectors.countNotFinite();
    if (broken > 0) {
      return Verdict.fail(
          CHECK, broken + " of " + expected + " vectors hold a NaN or an infinite value");
    }
    return Verdict.pass(CHECK);
  }

  /** The vectors of the accepted {@code answer}, with its trace. */
  EmbeddingResponse answerOf(ChatResponse answer) {
    ChatResponse carrier = answer.withTrace(CallTrace.EMPTY); // as it was before the cascade's copy
    synchronized (answers) {
      // The latest equal carrier whose vectors pass: two attempts at one deployment may carry
      // alike.
      for (int i = answers.size() - 1; i >= 0; i--) {
        Carried carried = answers.get(i);
        if (carried.carrier().equals(carrier) && judge(carried.vectors()).passed()) {
          return carried.vectors().withTrace(answer.trace());
        }
      }
    }
    throw new IllegalStateException("the cascade accepted an answer this call never received");
  }

  /** The vectors of the very object {@code carrier}, or null. */
  private EmbeddingResponse vectorsOf(ChatResponse carrier) {
    synchronized (answers) {
      for (Carried carried : answers) {
        if (carried.carrier() == carrier) {
          return carried.vectors();
        }
      }
    }
    return null;
  }

  private ChatResponse carry(EmbeddingResponse vectors) {
    ChatResponse carrier =
        ChatResponse.builder()
            .finishReason(FinishReason.STOP)
            .usage(vectors.usage())
            .provider(vectors.provider())
            .model(vectors.model())
            .rateLimits(vectors.rateLimits())
            .build();
    synchronized (answers) {
      answers.add(new Carried(carrier, vectors));
    }
    return carrier;
  }

  /** A provider of this call: its {@code send} embeds the call's request. */
  private final class Attempts implements Provider {
    private final Provider embedder;

    Attempts(Provider embedder) {
      this.embedder = embedder;
    }

    @Override
    public String name() {
      return embedder.name();
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest ignored, String model) {
      CompletableFuture<EmbeddingResponse> sent = ((Embedder) embedder).embed(request, model);
      if (sent == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException(embedder.name() + ".embed returned null"));
      }
      CompletableFuture<ChatResponse> carried = sent.thenApply(EmbeddingCall.this::carry);
      // A dependent future does not cancel its source: the cascade's cancel must reach the
      // exchange.
      carried.whenComplete(
          (answer, error) -> {
            if (carried.isCancelled()) {
              sent.cancel(true);
            }
          });
      return carried;
    }

    @Override
    public List<ApiKey> credentials() {
      return embedder.credentials();
    }

    @Override
    public ErrorClassifier classifier() {
      return embedder.classifier();
    }
  }
}
