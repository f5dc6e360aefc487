package dev.lifeline.internal.config;

import dev.lifeline.config.ConfigException;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ProviderType;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiApi;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.net.URI;
import java.time.Duration;

/** Builds the adapter and ladder that one configured provider names. Not API. */
public final class ProviderFactory {

  private ProviderFactory() {}

  /**
   * The ladder of the provider at {@code index} in {@code config}.
   *
   * @throws ConfigException naming the line of the key at fault when a part is missing or wrong
   */
  static ProviderLadder ladder(LoadedConfig config, int index) {
    ConfigFile.ProviderEntry entry = config.file().providers().get(index);
    String path = "providers[" + index + "]";
    String label = "provider '" + entry.name() + "'";
    ProviderLadder ladder;
    try {
      ladder = ProviderLadder.of(provider(config, path, entry));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw config.error(path, label + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < entry.models().size(); i++) {
      ConfigFile.ModelEntry model = entry.models().get(i);
      try {
        ladder =
            ladder.model(
                new Deployment(
                    entry.name(),
                    model.name(),
                    model.contextWindow(),
                    model.inputPrice(),
                    model.outputPrice()));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw config.error(path + ".models[" + i + "]", label + ": " + e.getMessage(), e);
      }
    }
    return ladder;
  }

  private static Provider provider(
      LoadedConfig config, String path, ConfigFile.ProviderEntry entry) {
    ApiKey key = apiKey(config, path, entry);
    URI baseUrl;
    try {
      baseUrl = entry.baseUrl() == null ? null : URI.create(entry.baseUrl());
    } catch (IllegalArgumentException e) {
      throw config.error(
          path + ".baseUrl",
          "provider '" + entry.name() + "': 'baseUrl' is not a URL: " + e.getMessage(),
          e);
    }
    Timeouts timeouts = timeouts(config, path, entry.timeouts());
    if (entry.api() != null
        && (entry.type() == ProviderType.ANTHROPIC || entry.type() == ProviderType.GEMINI)) {
      throw config.error(
          path + ".api",
          "provider '" + entry.name() + "': 'api' applies to OpenAI-family providers only",
          null);
    }
    switch (entry.type()) {
      case ANTHROPIC:
        {
          AnthropicProvider.Builder builder =
              AnthropicProvider.builder()
                  .name(entry.name())
                  .timeouts(timeouts)
                  .apiKey(required(config, path, key, entry));
          if (baseUrl != null) {
            builder.baseUrl(baseUrl);
          }
          entry.headers().forEach(builder::header);
          return builder.build();
        }
      case GEMINI:
        {
          GeminiProvider.Builder builder =
              GeminiProvider.builder()
                  .name(entry.name())
                  .timeouts(timeouts)
                  .apiKey(required(config, path, key, entry));
          if (baseUrl != null) {
            builder.baseUrl(baseUrl);
          }
          entry.headers().forEach(builder::header);
          return builder.build();
        }
      default:
        {
          OpenAiProvider.Builder builder =
              openAiPreset(config, path, entry, baseUrl).name(entry.name()).timeouts(timeouts);
          if (baseUrl != null) {
            builder.baseUrl(baseUrl);
          }
          if (key != null) {
            builder.apiKey(key);
          } else if (needsKey(entry.type())) {
            required(config, path, null, entry);
          }
          if (entry.apiVersion() != null) {
            builder.apiVersion(entry.apiVersion());
          }
          if (entry.api() != null) {
            builder.api(openAiApi(config, path, entry));
          }
          entry.headers().forEach(builder::header);
          return builder.build();
        }
    }
  }

  /**
   * The key as written, or null when none is; an empty key where one is needed, or one with a
   * character an HTTP header cannot carry, is refused at its line (never echoing the key).
   */
  private static ApiKey apiKey(LoadedConfig config, String path, ConfigFile.ProviderEntry entry) {
    String text = entry.apiKey();
    if (text == null) {
      return null;
    }
    String at = path + ".apiKey";
    String label = "provider '" + entry.name() + "'";
    if (text.isBlank()) {
      if (!needsKey(entry.type())) {
        return null; // a local server: an empty key is no key
      }
      throw config.error(
          at,
          label
              + ": 'apiKey' is empty; set it, e.g. apiKey: ${"
              + entry.type().wireName().toUpperCase(java.util.Locale.ROOT)
              + "_API_KEY}",
          null);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw config.error(
            at,
            label
                + ": 'apiKey' holds a "
                + (c > 0x7E ? "non-ASCII" : "space or control")
                + " character at position "
                + (i + 1)
                + "; a key is printable ASCII (was it pasted with a stray character?)",
            null);
      }
    }
    return ApiKey.of(text);
  }

  /** The {@code api} setting of an OpenAI-family provider, refused at its line when unknown. */
  private static OpenAiApi openAiApi(
      LoadedConfig config, String path, ConfigFile.ProviderEntry entry) {
    switch (entry.api().strip().toLowerCase(java.util.Locale.ROOT)) {
      case "chat-completions":
      case "chat_completions":
        return OpenAiApi.CHAT_COMPLETIONS;
      case "responses":
        return OpenAiApi.RESPONSES;
      default:
        throw config.error(
            path + ".api",
            "provider '"
                + entry.name()
                + "': 'api' is '"
                + entry.api()
                + "'; use 'chat-completions' (the default) or 'responses'",
            null);
    }
  }

  /** Whether the provider type refuses to work without a key: every hosted one. */
  private static boolean needsKey(ProviderType type) {
    return type != ProviderType.OLLAMA && type != ProviderType.VLLM && type != ProviderType.GENERIC;
  }

  private static OpenAiProvider.Builder openAiPreset(
      LoadedConfig config, String path, ConfigFile.ProviderEntry entry, URI baseUrl) {
    switch (entry.type()) {
      case OPENAI:
        return OpenAiProvider.openAi();
      case AZURE:
        return OpenAiProvider.azure(requiredUrl(config, path, baseUrl, entry));
      case DEEPSEEK:
        return OpenAiProvider.deepSeek();
      case GROQ:
        return OpenAiProvider.groq();
      case MISTRAL:
        return OpenAiProvider.mistral();
      case OPENROUTER:
        return OpenAiProvider.openRouter();
      case TOGETHER:
        return OpenAiProvider.together();
      case OLLAMA:
        return OpenAiProvider.ollama();
      case VLLM:
        return OpenAiProvider.vllm(requiredUrl(config, path, baseUrl, entry));
      default:
        return OpenAiProvider.builder().baseUrl(requiredUrl(config, path, baseUrl, entry));
    }
  }

  private static ApiKey required(
      LoadedConfig config, String path, ApiKey key, ConfigFile.ProviderEntry entry) {
    if (key == null) {
      throw config.error(
          path,
          "provider '" + entry.name() + "' (" + entry.type().wireName() + ") needs an 'apiKey'",
          null);
    }
    return key;
  }

  private static URI requiredUrl(
      LoadedConfig config, String path, URI url, ConfigFile.ProviderEntry entry) {
    if (url == null) {
      throw config.error(
          path,
          "provider '" + entry.name() + "' (" + entry.type().wireName() + ") needs a 'baseUrl'",
          null);
    }
    return url;
  }

  private static Timeouts timeouts(
      LoadedConfig config, String path, ConfigFile.TimeoutsEntry entry) {
    Timeouts defaults = Timeouts.defaults();
    if (entry == null) {
      return defaults;
    }
    try {
      return Timeouts.defaults()
          .withConnect(or(entry.connect(), defaults.connect()))
          .withFirstByte(or(entry.firstByte(), defaults.firstByte()))
          .withIdle(or(entry.idle(), defaults.idle()))
          .withTotal(or(entry.total(), defaults.total()));
    } catch (IllegalArgumentException e) {
      throw config.error(path + ".timeouts", "timeouts: " + e.getMessage(), e);
    }
  }

  private static Duration or(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
