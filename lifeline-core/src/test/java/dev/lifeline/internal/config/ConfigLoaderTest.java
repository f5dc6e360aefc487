package dev.lifeline.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.config.ConfigException;
import dev.lifeline.model.ProviderType;
import dev.lifeline.retry.Jitter;
import dev.lifeline.routing.FallbackStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static final Function<String, String> ENV =
      Map.of("OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test")::get;

  private static final String FULL =
      """
      providers:                      # in failover order
        - name: openai
          type: openai
          baseUrl: https://api.openai.com/v1
          apiKey: ${OPENAI_API_KEY}
          models: [gpt-4o, gpt-4o-mini]
        - name: anthropic
          type: anthropic
          apiKey: ${ANTHROPIC_API_KEY}
          models:
            - name: claude-sonnet-4-20250514
              contextWindow: 200000
              inputPrice: 3
              outputPrice: 15
          timeouts: { firstByte: 30s, idle: 10s }
      strategy: no-degrade
      routing: priority
      deadline: 45s
      retry: { maxAttempts: 4, baseDelay: 250ms, maxDelay: 8s, maxRetryAfter: 1m, jitter: decorrelated }
      attemptTimeout: { firstToken: 8s, multiple: 3, floor: 1s, ceiling: 40s, minSamples: 10, reserve: 0.4 }
      """;

  @Test
  void readsTheArchitectureFormat() {
    ConfigFile config = ConfigLoader.parse("lifeline.yaml", FULL, ENV);

    assertThat(config.providers()).hasSize(2);
    ConfigFile.ProviderEntry openai = config.providers().get(0);
    assertThat(openai.type()).isEqualTo(ProviderType.OPENAI);
    assertThat(openai.apiKey()).isEqualTo("sk-test-openai");
    assertThat(openai.models())
        .extracting(ConfigFile.ModelEntry::name)
        .containsExactly("gpt-4o", "gpt-4o-mini");
    ConfigFile.ModelEntry claude = config.providers().get(1).models().get(0);
    assertThat(claude.contextWindow()).isEqualTo(200_000);
    assertThat(claude.outputPrice()).isEqualTo(15.0);
    assertThat(config.providers().get(1).timeouts().firstByte()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.strategy()).isEqualTo(FallbackStrategy.NO_DEGRADE);
    assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.retry().maxRetryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.retry().baseDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.retry().jitter()).isEqualTo(Jitter.DECORRELATED);
    assertThat(config.attemptTimeout().firstToken()).isEqualTo(Duration.ofSeconds(8));
    assertThat(config.attemptTimeout().reserve()).isEqualTo(0.4);
  }

  @Test
  void theAttemptTimeoutReachesTheEngineAndABadOneIsNamed(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("lifeline.yaml");
    java.nio.file.Files.writeString(file, FULL);
    dev.lifeline.retry.AttemptTimeout timeout =
        dev.lifeline.SelfHealingEngine.builderFromConfig(file, ENV).build().attemptTimeout();
    assertThat(timeout.firstToken()).isEqualTo(Duration.ofSeconds(8));
    assertThat(timeout.multiple()).isEqualTo(3.0);
    assertThat(timeout.floor()).isEqualTo(Duration.ofSeconds(1));
    assertThat(timeout.ceiling()).isEqualTo(Duration.ofSeconds(40));
    assertThat(timeout.minSamples()).isEqualTo(10);

    java.nio.file.Files.writeString(file, FULL.replace("reserve: 0.4", "reserve: 2"));
    assertThatThrownBy(() -> dev.lifeline.SelfHealingEngine.builderFromConfig(file, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("attemptTimeout: reserve must be in [0, 0.9], was 2.0");
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndTheKeysExpected() {
    String text = FULL.replace("models: [gpt-4o, gpt-4o-mini]", "modles: [gpt-4o, gpt-4o-mini]");

    assertThatThrownBy(() -> ConfigLoader.parse("lifeline.yaml", text, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lifeline.yaml line 6")
        .hasMessageContaining("unknown key 'modles'")
        .hasMessageContaining("models");
  }

  @Test
  void aBadDurationIsNamedWithItsLine() {
    String text = FULL.replace("deadline: 45s", "deadline: 45 seconds");

    assertThatThrownBy(() -> ConfigLoader.parse("lifeline.yaml", text, ENV))
        .hasMessageStartingWith("lifeline.yaml line 18")
        .hasMessageContaining("'45 seconds' is not a duration");
  }

  @Test
  void anUnknownProviderTypeListsTheKnownOnes() {
    String text = FULL.replace("type: anthropic", "type: antropic");

    assertThatThrownBy(() -> ConfigLoader.parse("lifeline.yaml", text, ENV))
        .hasMessageStartingWith("lifeline.yaml line 8")
        .hasMessageContaining("unknown provider 'antropic'")
        .hasMessageContaining("anthropic, gemini");
  }

  @Test
  void aMissingEnvironmentVariableIsNamedButItsValueNeverIs() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("lifeline.yaml", FULL, Map.of("OPENAI_API_KEY", "sk-x")::get))
        .hasMessageStartingWith("lifeline.yaml line 9")
        .hasMessageContaining("environment variable ANTHROPIC_API_KEY is not set");
  }

  @Test
  void aVariableMayHaveADefault() {
    ConfigFile config =
        ConfigLoader.parse(
            "c.yaml",
            "providers:\n  - type: ollama\n    baseUrl: ${OLLAMA_URL:-http://127.0.0.1:11434/v1}\n    models: [llama3]\n",
            name -> null);

    assertThat(config.providers().get(0).baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
    assertThat(config.providers().get(0).name()).isEqualTo("ollama");
  }

  @Test
  void missingPartsAreNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "strategy: cascade\n", ENV))
        .hasMessageContaining("'providers' needs at least one provider");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "providers:\n  - type: openai\n", ENV))
        .hasMessageContaining("provider #1 'openai' needs 'models'");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "providers: [\n", ENV))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void jsonWorksToo() {
    ConfigFile config =
        ConfigLoader.parse(
            "c.json",
            "{\"providers\":[{\"type\":\"vllm\",\"baseUrl\":\"http://127.0.0.1:8000/v1\",\"models\":[\"m\"]}]}",
            ENV);

    assertThat(config.providers().get(0).type()).isEqualTo(ProviderType.VLLM);
  }

  @Test
  void anOpenAiProviderMaySpeakTheResponsesApi() {
    String text = ONE.replace("apiKey: sk-test", "apiKey: sk-test\n    api: responses");

    dev.lifeline.provider.Provider provider =
        ConfigLoader.parseLoaded("c.yaml", text, ENV).ladder(0).provider();
    dev.lifeline.provider.Provider byDefault =
        ConfigLoader.parseLoaded("c.yaml", ONE, ENV).ladder(0).provider();

    assertThat(((dev.lifeline.provider.openai.OpenAiProvider) provider).api())
        .isEqualTo(dev.lifeline.provider.openai.OpenAiApi.RESPONSES);
    assertThat(((dev.lifeline.provider.openai.OpenAiProvider) byDefault).api())
        .isEqualTo(dev.lifeline.provider.openai.OpenAiApi.CHAT_COMPLETIONS);
  }

  @Test
  void anUnknownApiOrAnApiOnAnotherFamilyIsNamedWithItsLine(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String withApi = ONE.replace("apiKey: sk-test", "apiKey: sk-test\n    api: %s");

    assertThat(loadError(dir, withApi.formatted("assistants")))
        .hasMessageContaining("bad.yaml line 5, column 5: ")
        .hasMessageContaining("'api' is 'assistants'; use 'chat-completions' (the default) or")
        .hasMessageContaining("'responses'");
    assertThat(loadError(dir, withApi.formatted("responses").replace("openai", "anthropic")))
        .hasMessageContaining("line 5, column 5: ")
        .hasMessageContaining("'api' applies to OpenAI-family providers only");
  }

  private static ConfigException loadError(java.nio.file.Path dir, String text) throws Exception {
    java.nio.file.Path file = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(file, text);
    Throwable error =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> dev.lifeline.SelfHealingEngine.builderFromConfig(file, ENV));
    assertThat(error).isInstanceOf(ConfigException.class);
    return (ConfigException) error;
  }

  private static final String ONE =
      """
      providers:
        - name: openai
          type: openai
          apiKey: sk-test
          models: [gpt-4o]
      """;

  @Test
  void aRetryValueOutOfRangeIsNamedWithItsLine(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ConfigException error = loadError(dir, ONE + "retry:\n  baseDelay: 1s\n  maxAttempts: -1\n");

    assertThat(error)
        .hasMessageContaining("bad.yaml line 8, column 3: ")
        .hasMessageContaining("maxAttempts must be in [1, 100], was -1");
  }

  @Test
  void anEmptyModelListIsNamedWithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    ConfigException error = loadError(dir, ONE.replace("models: [gpt-4o]", "models: []"));

    assertThat(error)
        .hasMessageContaining("bad.yaml line 5, column 5: ")
        .hasMessageContaining("provider #1 'openai' needs 'models'");
  }

  @Test
  void anEmptyApiKeyIsNamedWithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    ConfigException error = loadError(dir, ONE.replace("apiKey: sk-test", "apiKey: \"\""));

    assertThat(error)
        .hasMessageContaining("bad.yaml line 4, column 5: ")
        .hasMessageContaining("provider 'openai': 'apiKey' is empty");
    ConfigException anthropic =
        loadError(
            dir,
            ONE.replace("apiKey: sk-test", "apiKey: \"\"")
                .replace("type: openai", "type: anthropic"));
    assertThat(anthropic).hasMessageContaining("line 4, column 5: ").hasMessageContaining("empty");
  }

  @Test
  void aNonAsciiApiKeyIsRefusedAtLoadWithoutEchoingIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ConfigException error =
        loadError(dir, ONE.replace("apiKey: sk-test", "apiKey: \"sk-t\u00e9st-key\""));

    assertThat(error)
        .hasMessageContaining("bad.yaml line 4, column 5: ")
        .hasMessageContaining("non-ASCII character at position 5")
        .hasMessageNotContaining("st-key");
  }
}
