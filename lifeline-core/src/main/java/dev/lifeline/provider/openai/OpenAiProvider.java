package dev.lifeline.provider.openai;

import dev.lifeline.embedding.Embedder;
import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.internal.http.HttpProvider;
import dev.lifeline.internal.http.HttpProviderBuilder;
import dev.lifeline.model.ProviderType;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.Timeouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Provider} for OpenAI's Chat Completions API and every service that speaks it: OpenAI,
 * Azure OpenAI, DeepSeek, Groq, Mistral, OpenRouter, Together, Ollama, vLLM, or any other
 * compatible server.
 *
 * <pre>{@code
 * Provider openai = OpenAiProvider.openAi().apiKey(ApiKey.fromEnv("OPENAI_API_KEY")).build();
 * Provider azure =
 *     OpenAiProvider.azure(URI.create("https://my-resource.openai.azure.com"), "2024-10-21")
 *         .apiKey(ApiKey.fromEnv("AZURE_OPENAI_API_KEY"))
 *         .build();
 * Provider local = OpenAiProvider.ollama().build();
 * }</pre>
 *
 * <p>Each call is one HTTP exchange, never retried here (the engine owns every retry), bounded by
 * the {@link Timeouts} and by a body size limit. Every failure, HTTP or network, reaches the caller
 * as a {@code ProviderException} classified by {@link #classifier()}. Cancelling a returned future
 * aborts the exchange and closes its connection.
 *
 * <p>The key is sent only to the configured base URL: URLs are built from it alone, redirects are
 * never followed, and a user-supplied {@link HttpClient} that follows them is rejected. It is never
 * logged, never in {@link #toString()}, and scrubbed from every failure this provider reports.
 *
 * <p>A stream asks for {@code stream: true} with the usage in a last chunk. A 2xx body that holds
 * no stream at all (an error envelope, or a server that ignored {@code stream}) is read as a whole
 * answer, delivered as one delta. A blank model name is refused with {@link
 * IllegalArgumentException}.
 *
 * <p>Immutable and thread-safe; one instance serves any number of concurrent calls.
 */
@SuppressWarnings("exports") // the shared base is internal; its methods are this type's API
public final class OpenAiProvider extends HttpProvider<OpenAiProvider, OpenAiProvider.Builder>
    implements Embedder {

  /** Azure's current GA version of the data-plane API, used unless another one is set. */
  static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

  /** 8 MiB, the largest body read unless another limit is set. */
  static final long DEFAULT_MAX_BODY_BYTES = HttpProviderBuilder.DEFAULT_MAX_BODY_BYTES;

  private final Preset preset;
  private final String apiVersion;
  private final OpenAiApi api;

  private OpenAiProvider(Builder builder) {
    super(
        builder,
        builder.preset.keyRequired(),
        ticker ->
            builder.api == OpenAiApi.RESPONSES
                ? new ResponsesWire(builder.preset, ticker)
                : new OpenAiWire(builder.preset, builder.apiVersion, ticker));
    this.preset = builder.preset;
    this.apiVersion = builder.apiVersion;
    this.api = builder.api;
  }

  // ---- presets
  // -------------------------------------------------------------------------------------

  /**
   * A builder for any OpenAI-compatible server: set its {@code baseUrl}; a key is optional. Its
   * failures are classified by the generic rules, and it is named "openai-compatible" unless named.
   */
  public static Builder builder() {
    return new Builder(Preset.GENERIC);
  }

  /**
   * OpenAI at {@code https://api.openai.com/v1}, key sent as {@code Authorization: Bearer}; needs a
   * key.
   */
  public static Builder openAi() {
    return new Builder(Preset.OPENAI);
  }

  /**
   * Azure OpenAI on the resource at {@code resourceBaseUrl} ({@code
   * https://my-resource.openai.azure.com}), with API version {@value #DEFAULT_AZURE_API_VERSION}.
   * The model a call names is the deployment's name, sent in the URL ({@code
   * /openai/deployments/{model}/chat/completions?api-version=…}); the key goes in the {@code
   * api-key} header. Needs a key.
   *
   * @throws IllegalArgumentException if the URL is not one {@code baseUrl} accepts
   */
  public static Builder azure(URI resourceBaseUrl) {
    return azure(resourceBaseUrl, DEFAULT_AZURE_API_VERSION);
  }

  /**
   * Azure OpenAI on the resource at {@code resourceBaseUrl}, with {@code apiVersion} (such as
   * "2024-10-21"); see {@link #azure(URI)}.
   *
   * @throws IllegalArgumentException if the URL is not one {@code baseUrl} accepts, or the version
   *     is blank
   */
  public static Builder azure(URI resourceBaseUrl, String apiVersion) {
    Objects.requireNonNull(resourceBaseUrl, "resourceBaseUrl");
    return new Builder(Preset.AZURE).baseUrl(resourceBaseUrl).apiVersion(apiVersion);
  }

  /** DeepSeek at {@code https://api.deepseek.com}; needs a key. */
  public static Builder deepSeek() {
    return new Builder(Preset.DEEPSEEK);
  }

  /** Groq at {@code https://api.groq.com/openai/v1}; needs a key. */
  public static Builder groq() {
    return new Builder(Preset.GROQ);
  }

  /** Mistral at {@code https://api.mistral.ai/v1}; needs a key. */
  public static Builder mistral() {
    return new Builder(Preset.MISTRAL);
  }

  /** OpenRouter at {@code https://openrouter.ai/api/v1}; needs a key. */
  public static Builder openRouter() {
    return new Builder(Preset.OPENROUTER);
  }

  /** Together at {@code https://api.together.xyz/v1}; needs a key. */
  public static Builder together() {
    return new Builder(Preset.TOGETHER);
  }

  /** A local Ollama at {@code http://localhost:11434/v1}; no key unless one is set. */
  public static Builder ollama() {
    return new Builder(Preset.OLLAMA);
  }

  /**
   * A vLLM server at {@code baseUrl} (such as {@code http://localhost:8000/v1}); no key unless one
   * is set (vLLM's {@code --api-key}).
   *
   * @throws IllegalArgumentException if the URL is not one {@code baseUrl} accepts; a server on
   *     another machine must be reached over https
   */
  public static Builder vllm(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    return new Builder(Preset.VLLM).baseUrl(baseUrl);
  }

  // ---- Provider
  // ------------------------------------------------------------------------------------

  /** The kind of service this provider talks to, which decides how its failures are classified. */
  public ProviderType type() {
    return preset.type();
  }

  /**
   * Sends {@code request} once to the embeddings API, {@code POST {baseUrl}/embeddings} (Azure: the
   * deployment's {@code /embeddings}), with {@code dimensions} when the request sets it.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code model} is blank
   */
  @Override
  public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request, String model) {
    return sendEmbedding(new OpenAiEmbeddingWire(preset, apiVersion), request, model);
  }

  /** A builder with every setting of this provider, to derive another one. */
  @Override
  public Builder toBuilder() {
    Builder builder = withSettings(new Builder(preset));
    builder.apiVersion = apiVersion;
    builder.api = api;
    return builder;
  }

  /** Which OpenAI interface this provider speaks. */
  public OpenAiApi api() {
    return api;
  }

  /** The name, type and base URL; never the key. */
  @Override
  public String toString() {
    return "OpenAiProvider[" + name() + ", " + preset.type().wireName() + ", " + baseUrl() + "]";
  }

  // ---- builder
  // -------------------------------------------------------------------------------------

  /**
   * Configures an {@link OpenAiProvider}; start from a preset ({@link #openAi()}, {@link
   * #azure(URI)}, ...) or from {@link #builder()}. Every setter may be called again to replace a
   * preset's value.
   *
   * <p>The settings every HTTP adapter shares: {@code name} (the preset's, "openai", "azure", ...,
   * by default), {@code baseUrl} ({@code {baseUrl}/chat/completions}; Azure: the resource's URL),
   * {@code apiKey}, {@code header} (such as OpenRouter's {@code HTTP-Referer} and {@code X-Title}),
   * {@code timeouts} ({@link Timeouts#defaults()} by default), {@code maxBodyBytes} (8 MiB by
   * default), {@code httpClient} (one that follows no redirects; see {@link HttpClient.Redirect}),
   * {@code scheduler}, {@code ticker} and {@code executor}; plus {@link #apiVersion(String)} for
   * Azure.
   *
   * <p>Setters check their argument at once. Not thread-safe; {@link #build()} copies the settings,
   * so a builder can go on to build other providers.
   */
  @SuppressWarnings("exports") // the shared base is internal; its setters are this type's API
  public static final class Builder extends HttpProviderBuilder<Builder, OpenAiProvider> {
    private final Preset preset;
    private String apiVersion;
    private OpenAiApi api = OpenAiApi.CHAT_COMPLETIONS;

    private Builder(Preset preset) {
      super(
          preset.defaultName(),
          preset.defaultBaseUrl(),
          preset.isAzure() ? "api-key" : "authorization");
      this.preset = preset;
      this.apiVersion = preset.isAzure() ? DEFAULT_AZURE_API_VERSION : null;
    }

    /**
     * Sets Azure's {@code api-version}; {@value OpenAiProvider#DEFAULT_AZURE_API_VERSION} by
     * default.
     *
     * @throws IllegalStateException if this is not the Azure preset
     * @throws IllegalArgumentException if blank
     */
    public Builder apiVersion(String apiVersion) {
      Objects.requireNonNull(apiVersion, "apiVersion");
      if (!preset.isAzure()) {
        throw new IllegalStateException(
            "apiVersion applies to the azure preset only, not to " + preset.defaultName());
      }
      if (apiVersion.isBlank()) {
        throw new IllegalArgumentException("apiVersion must not be blank");
      }
      this.apiVersion = apiVersion.strip();
      return this;
    }

    /**
     * Sets the interface to speak: {@link OpenAiApi#CHAT_COMPLETIONS} ({@code {baseUrl}/chat/
     * completions}, the default) or {@link OpenAiApi#RESPONSES} ({@code {baseUrl}/responses}; for
     * the Azure preset its v1 endpoint {@code {resource}/openai/v1/responses}, the deployment named
     * as the model, the key in {@code api-key}, no {@code api-version}). The Responses API has no
     * stop sequences: a request's stop sequences are not sent.
     */
    public Builder api(OpenAiApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException if no base URL was given (the generic builder), or the preset
     *     needs a key and none was given
     */
    @Override
    public OpenAiProvider build() {
      return new OpenAiProvider(this);
    }
  }
}
