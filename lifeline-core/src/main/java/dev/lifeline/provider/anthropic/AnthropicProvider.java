package dev.lifeline.provider.anthropic;

import dev.lifeline.internal.http.HttpProvider;
import dev.lifeline.internal.http.HttpProviderBuilder;
import dev.lifeline.provider.Provider;
import java.net.URI;

/**
 * Anthropic's Messages API ({@code POST {baseUrl}/v1/messages}) as a {@link Provider}.
 *
 * <p>Sends {@code x-api-key} and {@code anthropic-version: 2023-06-01}; translates the request as
 * {@link AnthropicRequestWriter} describes (system messages in the top-level {@code system} field,
 * {@code max_tokens} always set, tool calls and results as content blocks); parses the answer and
 * its SSE stream; classifies failures with Anthropic's rules. {@link
 * dev.lifeline.model.ResponseFormat.Type#JSON_SCHEMA JSON_SCHEMA} is sent as the API's structured
 * output ({@code output_config.format}); the API has no schema-less JSON mode, so for {@link
 * dev.lifeline.model.ResponseFormat.Type#JSON_OBJECT JSON_OBJECT} an instruction is added to the
 * system prompt instead: JSON by request, not by guarantee — validate it. No sampling setting
 * (temperature, top-p, top-k, the penalties, the seed) is sent: the current Messages API deprecates
 * the first three and never had the others. Each one a request sets is noted in the call's trace
 * ({@link dev.lifeline.model.CallTrace#notes()}), so the answer is not taken for a sampled one.
 *
 * <p>A 200 whose {@code stop_reason} is {@code model_context_window_exceeded} fails with {@code
 * CONTEXT_LENGTH_EXCEEDED}: the window filled before the answer ended. A stream that ends without
 * {@code message_stop} fails with {@code INVALID_RESPONSE}; an {@code event: error} mid-stream
 * fails with the kind its error type maps to (overloaded_error → {@code OVERLOADED}, and so on).
 *
 * <p>A stream sends each {@code text_delta} to {@code onDelta} as it arrives and completes with the
 * whole answer (tool calls with their assembled input included) once {@code message_stop} arrived;
 * an exception thrown by {@code onDelta} fails the call. A blank model name is refused with {@link
 * IllegalArgumentException}.
 *
 * <p>Immutable and thread-safe. It never retries: the engine owns every retry. Cancelling a
 * returned future aborts the HTTP exchange.
 */
@SuppressWarnings("exports") // the shared base is internal; its methods are this type's API
public final class AnthropicProvider
    extends HttpProvider<AnthropicProvider, AnthropicProvider.Builder> {

  /** Anthropic's public endpoint. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

  /** The API version this adapter speaks, sent as {@code anthropic-version}. */
  public static final String API_VERSION = "2023-06-01";

  /**
   * The {@code max_tokens} sent when the request sets none: the API requires one, and 4096 fits the
   * output limit of every current Claude model while leaving long answers room.
   */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** The largest body read by default, 8 MiB: far above any answer, far below a memory problem. */
  public static final long DEFAULT_MAX_BODY_BYTES = HttpProviderBuilder.DEFAULT_MAX_BODY_BYTES;

  private final int defaultMaxTokens;

  private AnthropicProvider(Builder builder) {
    super(builder, true, ticker -> new AnthropicWire(builder.defaultMaxTokens, ticker));
    this.defaultMaxTokens = builder.defaultMaxTokens;
  }

  /** A new builder; {@code apiKey} is the only required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with every setting of this provider, to derive another one. */
  @Override
  public Builder toBuilder() {
    return withSettings(new Builder()).defaultMaxTokens(defaultMaxTokens);
  }

  /**
   * Builds an {@link AnthropicProvider}. Mutable and not thread-safe; {@link #build()} copies every
   * setting, so the provider is unaffected by later changes. When a setter is called twice, the
   * last value wins.
   *
   * <p>The settings every HTTP adapter shares: {@code name} ({@code "anthropic"} by default),
   * {@code baseUrl} ({@link #DEFAULT_BASE_URL} by default; a path is kept, {@code
   * https://proxy.example/anthropic} sends to {@code .../anthropic/v1/messages}), {@code apiKey}
   * (sent as {@code x-api-key}; required), {@code header} ({@code anthropic-beta: ...}; it replaces
   * a default of the same name, {@code anthropic-version}), {@code timeouts}, {@code maxBodyBytes}
   * ({@link #DEFAULT_MAX_BODY_BYTES} by default), {@code httpClient}, {@code scheduler}, {@code
   * ticker} and {@code executor}; plus {@link #defaultMaxTokens(int)}.
   */
  @SuppressWarnings("exports") // the shared base is internal; its setters are this type's API
  public static final class Builder extends HttpProviderBuilder<Builder, AnthropicProvider> {
    private int defaultMaxTokens = DEFAULT_MAX_TOKENS;

    private Builder() {
      super("anthropic", DEFAULT_BASE_URL, AnthropicWire.KEY_HEADER);
    }

    /**
     * The {@code max_tokens} sent when a request sets none; default {@link #DEFAULT_MAX_TOKENS}.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder defaultMaxTokens(int defaultMaxTokens) {
      if (defaultMaxTokens < 1) {
        throw new IllegalArgumentException(
            "defaultMaxTokens must be >= 1, was " + defaultMaxTokens);
      }
      this.defaultMaxTokens = defaultMaxTokens;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no API key was set
     */
    @Override
    public AnthropicProvider build() {
      return new AnthropicProvider(this);
    }
  }
}
