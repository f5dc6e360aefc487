package dev.lifeline.provider.openai;

import dev.lifeline.model.ProviderType;
import dev.lifeline.model.SamplingSetting;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/**
 * The OpenAI-compatible services {@link OpenAiProvider} knows by name: what each one is called,
 * where it lives, how it takes its key and which classification rules apply to it.
 */
enum Preset {
  OPENAI(ProviderType.OPENAI, "https://api.openai.com/v1", true),
  // Azure's base URL is the user's own resource; there is no default to fill in.
  AZURE(ProviderType.AZURE, null, true),
  // DeepSeek serves the API at its root (a /v1 prefix also works, but the root is what its docs
  // show).
  DEEPSEEK(ProviderType.DEEPSEEK, "https://api.deepseek.com", true),
  GROQ(ProviderType.GROQ, "https://api.groq.com/openai/v1", true),
  MISTRAL(ProviderType.MISTRAL, "https://api.mistral.ai/v1", true),
  OPENROUTER(ProviderType.OPENROUTER, "https://openrouter.ai/api/v1", true),
  TOGETHER(ProviderType.TOGETHER, "https://api.together.xyz/v1", true),
  // Local servers: no key unless the operator configured one.
  OLLAMA(ProviderType.OLLAMA, "http://localhost:11434/v1", false),
  VLLM(ProviderType.VLLM, null, false),
  // Any other server that speaks Chat Completions: only the generic rules, a key only if given.
  GENERIC(ProviderType.GENERIC, null, false);

  /** The first Azure API version that takes {@code max_completion_tokens}. */
  private static final String FIRST_AZURE_COMPLETION_TOKENS = "2024-09-01";

  private final ProviderType type;
  private final URI baseUrl;
  private final boolean keyRequired;

  Preset(ProviderType type, String baseUrl, boolean keyRequired) {
    this.type = type;
    this.baseUrl = baseUrl == null ? null : URI.create(baseUrl);
    this.keyRequired = keyRequired;
  }

  ProviderType type() {
    return type;
  }

  /** The name a provider built from this preset gets unless one is given. */
  String defaultName() {
    return this == GENERIC ? "openai-compatible" : type.wireName();
  }

  /** The service's public base URL, or null when the user must give one. */
  URI defaultBaseUrl() {
    return baseUrl;
  }

  boolean keyRequired() {
    return keyRequired;
  }

  /**
   * Azure takes the key in {@code api-key} and the model in the URL; everyone else as OpenAI does.
   */
  boolean isAzure() {
    return this == AZURE;
  }

  /**
   * The sampling settings the service takes in a Chat Completions body: OpenAI's own (temperature,
   * top-p, the penalties, the seed) everywhere, and top-k where the service documents it as an
   * extension (vLLM, Together, OpenRouter); OpenAI itself has no top-k.
   */
  Set<SamplingSetting> sampling() {
    Set<SamplingSetting> carried =
        EnumSet.of(
            SamplingSetting.TEMPERATURE,
            SamplingSetting.TOP_P,
            SamplingSetting.FREQUENCY_PENALTY,
            SamplingSetting.PRESENCE_PENALTY,
            SamplingSetting.SEED);
    if (this == VLLM || this == TOGETHER || this == OPENROUTER) {
      carried.add(SamplingSetting.TOP_K);
    }
    return carried;
  }

  /** The name of the seed in the body: Mistral's API calls it {@code random_seed}. */
  String seedField() {
    return this == MISTRAL ? "random_seed" : "seed";
  }

  /**
   * Whether the service names the token limit {@code max_completion_tokens}: OpenAI does, and so
   * does Azure from API version 2024-09-01(-preview) on (both deprecate {@code max_tokens});
   * compatible servers may know only {@code max_tokens}.
   *
   * @param apiVersion Azure's {@code api-version}; ignored for everyone else
   */
  boolean namesCompletionTokens(String apiVersion) {
    if (this == AZURE) {
      // Dated versions sort by date; a named one ("preview", "latest") is newer than any date.
      return apiVersion != null && apiVersion.compareTo(FIRST_AZURE_COMPLETION_TOKENS) >= 0;
    }
    return this == OPENAI;
  }
}
