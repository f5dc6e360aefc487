package dev.lifeline.embedding;

import java.util.concurrent.CompletableFuture;

/**
 * A provider that also has an embeddings API: OpenAI-compatible servers ({@code POST /embeddings})
 * and Gemini ({@code :batchEmbedContents}). Anthropic has none, and a provider that does not
 * implement this interface is refused in an {@link EmbeddingLadder}.
 *
 * <p>As for chat, an implementation sends each request once and never retries: the engine owns
 * every retry. Implementations must be thread-safe.
 */
public interface Embedder {

  /**
   * Sends {@code request} to the embedding {@code model}, once.
   *
   * <p>The future completes with the vectors as the provider gave them (their number and size are
   * checked by the engine, not here), or exceptionally with a {@code ProviderException} carrying a
   * classified failure. Cancelling the future must abort the request in flight.
   *
   * @param request the texts, never null
   * @param model the embedding model (Azure: the deployment's name)
   */
  CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request, String model);
}
