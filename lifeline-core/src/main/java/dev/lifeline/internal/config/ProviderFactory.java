package dev.lifeline.internal.config;

import dev.lifeline.config.ConfigException;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Deployment;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.net.URI;
import java.time.Duration;

/** Builds the adapter and ladder that one configured provider names. Not API. */
public final class ProviderFactory {

  private ProviderFactory() {}

  /**
   * The ladder of {@code entry}.
   *
   * @throws ConfigException naming the provider when a required part is missing or wrong
   */
  public static ProviderLadder ladder(ConfigFile.ProviderEntry entry) {
    ProviderLadder ladder;
    try {
      ladder = ProviderLadder.of(provider(entry));
      for (ConfigFile.ModelEntry model : entry.models()) {
        ladder =
            ladder.model(
                new Deployment(
                    entry.name(),
                    model.name(),
                    model.contextWindow(),
                    model.inputPrice(),
                    model.outputPrice()));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigException("provider '" + entry.name() + "': " + e.getMessage(), e);
    }
    return ladder;
  }

  private static Provider provider(ConfigFile.ProviderEntry entry) {
    ApiKey key =
        entry.apiKey() == null || entry.apiKey().isBlank() ? null : ApiKey.of(entry.apiKey());
    URI baseUrl = entry.baseUrl() == null ? null : URI.create(entry.baseUrl());
    Timeouts timeouts = timeouts(entry.timeouts());
    switch (entry.type()) {
      case ANTHROPIC:
        {
          AnthropicProvider.Builder builder =
              AnthropicProvider.builder()
                  .name(entry.name())
                  .timeouts(timeouts)
                  .apiKey(required(key, entry));
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
                  .apiKey(required(key, entry));
          if (baseUrl != null) {
            builder.baseUrl(baseUrl);
          }
          entry.headers().forEach(builder::header);
          return builder.build();
        }
      default:
        {
          OpenAiProvider.Builder builder =
              openAiPreset(entry, baseUrl).name(entry.name()).timeouts(timeouts);
          if (baseUrl != null) {
            builder.baseUrl(baseUrl);
          }
          if (key != null) {
            builder.apiKey(key);
          }
          if (entry.apiVersion() != null) {
            builder.apiVersion(entry.apiVersion());
          }
          entry.headers().forEach(builder::header);
          return builder.build();
        }
    }
  }

  private static OpenAiProvider.Builder openAiPreset(ConfigFile.ProviderEntry entry, URI baseUrl) {
    switch (entry.type()) {
      case OPENAI:
        return OpenAiProvider.openAi();
      case AZURE:
        return OpenAiProvider.azure(requiredUrl(baseUrl, entry));
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
        return OpenAiProvider.vllm(requiredUrl(baseUrl, entry));
      default:
        return OpenAiProvider.builder().baseUrl(requiredUrl(baseUrl, entry));
    }
  }

  private static ApiKey required(ApiKey key, ConfigFile.ProviderEntry entry) {
    if (key == null) {
      throw new ConfigException(
          "provider '" + entry.name() + "' (" + entry.type().wireName() + ") needs an 'apiKey'");
    }
    return key;
  }

  private static URI requiredUrl(URI url, ConfigFile.ProviderEntry entry) {
    if (url == null) {
      throw new ConfigException(
          "provider '" + entry.name() + "' (" + entry.type().wireName() + ") needs a 'baseUrl'");
    }
    return url;
  }

  private static Timeouts timeouts(ConfigFile.TimeoutsEntry entry) {
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
      throw new ConfigException("timeouts: " + e.getMessage(), e);
    }
  }

  private static Duration or(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
