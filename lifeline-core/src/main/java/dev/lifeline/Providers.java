package dev.lifeline;

import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.net.URI;

/**
 * The shortest way to a provider with default settings: each method returns a ladder with no model
 * yet, to which {@link ProviderLadder#models(String...)} adds the degrade order.
 *
 * <pre>{@code
 * .provider(Providers.openAi(ApiKey.fromEnv("OPENAI_API_KEY")).models("gpt-4o", "gpt-4o-mini"))
 * }</pre>
 *
 * For timeouts, base URLs, headers or a name of your own, use the adapter's builder ({@code
 * OpenAiProvider.openAi().apiKey(key).timeouts(...).build()}) and {@link ProviderLadder#of}.
 */
public final class Providers {

  private Providers() {}

  /** OpenAI's Chat Completions API. */
  public static ProviderLadder openAi(ApiKey key) {
    return ProviderLadder.of(OpenAiProvider.openAi().apiKey(key).build());
  }

  /**
   * Azure OpenAI at {@code resourceBaseUrl} (https://NAME.openai.azure.com); models are deployment
   * names.
   */
  public static ProviderLadder azure(ApiKey key, URI resourceBaseUrl) {
    return ProviderLadder.of(OpenAiProvider.azure(resourceBaseUrl).apiKey(key).build());
  }

  /** Anthropic's Messages API. */
  public static ProviderLadder anthropic(ApiKey key) {
    return ProviderLadder.of(AnthropicProvider.builder().apiKey(key).build());
  }

  /** Google's Gemini API. */
  public static ProviderLadder gemini(ApiKey key) {
    return ProviderLadder.of(GeminiProvider.builder().apiKey(key).build());
  }

  /** DeepSeek. */
  public static ProviderLadder deepSeek(ApiKey key) {
    return ProviderLadder.of(OpenAiProvider.deepSeek().apiKey(key).build());
  }

  /** Groq. */
  public static ProviderLadder groq(ApiKey key) {
    return ProviderLadder.of(OpenAiProvider.groq().apiKey(key).build());
  }

  /** Mistral. */
  public static ProviderLadder mistral(ApiKey key) {
    return ProviderLadder.of(OpenAiProvider.mistral().apiKey(key).build());
  }

  /** OpenRouter. */
  public static ProviderLadder openRouter(ApiKey key) {
    return ProviderLadder.of(OpenAiProvider.openRouter().apiKey(key).build());
  }

  /** Together. */
  public static ProviderLadder together(ApiKey key) {
    return ProviderLadder.of(OpenAiProvider.together().apiKey(key).build());
  }

  /** A local Ollama at http://localhost:11434/v1, without a key. */
  public static ProviderLadder ollama() {
    return ProviderLadder.of(OpenAiProvider.ollama().build());
  }

  /** A vLLM server at {@code baseUrl}, without a key. */
  public static ProviderLadder vllm(URI baseUrl) {
    return ProviderLadder.of(OpenAiProvider.vllm(baseUrl).build());
  }
}
