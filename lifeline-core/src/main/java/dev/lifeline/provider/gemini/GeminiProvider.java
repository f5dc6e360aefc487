package dev.lifeline.provider.gemini;

import dev.lifeline.embedding.Embedder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.internal.http.HttpProvider;
import dev.lifeline.internal.http.HttpProviderBuilder;
import dev.lifeline.provider.Provider;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Google's Gemini API ({@code POST {baseUrl}/v1beta/models/{model}:generateContent}, and {@code
 * :streamGenerateContent?alt=sse} for streams) as a {@link Provider}.
 *
 * <p>The key goes in the {@code x-goog-api-key} header, never in the URL, so it cannot leak through
 * a logged URL. The request is translated as {@link GeminiRequestWriter} describes ({@code
 * systemInstruction}, {@code contents} of user/model turns, {@code functionCall} / {@code
 * functionResponse} parts, {@code generationConfig}; JSON modes through {@code responseMimeType}
 * and {@code responseJsonSchema}). A model name without a slash is taken as {@code models/{name}};
 * one with a slash ({@code tunedModels/x}) is used as it is.
 *
 * <p>Failures are classified with Gemini's rules: Google's envelope (also wrapped in a one-element
 * array), {@code RetryInfo}, daily quotas, a bad key reported as a 400. A 200 that withholds the
 * answer ({@code promptFeedback.blockReason} and no candidates; a candidate stopped for safety or
 * recitation with no parts) is {@code CONTENT_FILTERED}. A stream in which no chunk carried a
 * {@code finishReason} is {@code INVALID_RESPONSE}; an error chunk mid-stream fails with its
 * classified kind.
 *
 * <p>A stream sends each text part to {@code onDelta} as its chunk arrives and completes with the
 * whole answer once the stream ended after a chunk with a {@code finishReason}; an exception thrown
 * by {@code onDelta} fails the call. A blank model name is refused with {@link
 * IllegalArgumentException}; one no model id looks like fails with {@code BAD_REQUEST}.
 *
 * <p>Immutable and thread-safe. It never retries: the engine owns every retry. Cancelling a
 * returned future aborts the HTTP exchange.
 */
@SuppressWarnings("exports") // the shared base is internal; its methods are this type's API
public final class GeminiProvider extends HttpProvider<GeminiProvider, GeminiProvider.Builder>
    implements Embedder {

  /** Google's public endpoint for the Gemini API. */
  public static final URI DEFAULT_BASE_URL =
      URI.create("https://generativelanguage.googleapis.com");

  /** The largest body read by default, 8 MiB: far above any answer, far below a memory problem. */
  public static final long DEFAULT_MAX_BODY_BYTES = HttpProviderBuilder.DEFAULT_MAX_BODY_BYTES;

  private GeminiProvider(Builder builder) {
    super(builder, true, GeminiWire::new);
  }

  /** A new builder; {@code apiKey} is the only required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code request} once to the embeddings API: {@code :embedContent} for one input, {@code
   * :batchEmbedContents} for several, with {@code outputDimensionality} when the request sets
   * dimensions.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  @Override
  public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request, String model) {
    return sendEmbedding(GeminiEmbeddingWire.of(request), request, model);
  }

  /** A builder with every setting of this provider, to derive another one. */
  @Override
  public Builder toBuilder() {
    return withSettings(new Builder());
  }

  /**
   * Builds a {@link GeminiProvider}. Mutable and not thread-safe; {@link #build()} copies every
   * setting, so the provider is unaffected by later changes. When a setter is called twice, the
   * last value wins.
   *
   * <p>The settings every HTTP adapter shares: {@code name} ({@code "gemini"} by default), {@code
   * baseUrl} ({@link #DEFAULT_BASE_URL} by default; a path is kept, {@code
   * https://proxy.example/google} sends to {@code .../google/v1beta/models/...}), {@code apiKey}
   * (sent as {@code x-goog-api-key}; required), {@code header} ({@code x-goog-user-project: ...}),
   * {@code timeouts}, {@code maxBodyBytes} ({@link #DEFAULT_MAX_BODY_BYTES} by default), {@code
   * httpClient}, {@code scheduler}, {@code ticker} and {@code executor}.
   */
  @SuppressWarnings("exports") // the shared base is internal; its setters are this type's API
  public static final class Builder extends HttpProviderBuilder<Builder, GeminiProvider> {

    private Builder() {
      super("gemini", DEFAULT_BASE_URL, GeminiWire.KEY_HEADER);
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no API key was set
     */
    @Override
    public GeminiProvider build() {
      return new GeminiProvider(this);
    }
  }
}
