package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.ProviderType;
import dev.lifeline.provider.ApiKey;
import java.net.URI;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Presets fill in the right name, type and URL; setters fail fast with a message that says why. */
class OpenAiProviderBuilderTest {

  private static final ApiKey KEY = ApiKey.of("test-key");

  static Stream<Arguments> presets() {
    return Stream.of(
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::openAi,
            "openai",
            ProviderType.OPENAI,
            "https://api.openai.com/v1"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::deepSeek,
            "deepseek",
            ProviderType.DEEPSEEK,
            "https://api.deepseek.com"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::groq,
            "groq",
            ProviderType.GROQ,
            "https://api.groq.com/openai/v1"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::mistral,
            "mistral",
            ProviderType.MISTRAL,
            "https://api.mistral.ai/v1"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::openRouter,
            "openrouter",
            ProviderType.OPENROUTER,
            "https://openrouter.ai/api/v1"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::together,
            "together",
            ProviderType.TOGETHER,
            "https://api.together.xyz/v1"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>) OpenAiProvider::ollama,
            "ollama",
            ProviderType.OLLAMA,
            "http://localhost:11434/v1"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>)
                () -> OpenAiProvider.azure(URI.create("https://res.openai.azure.com/")),
            "azure",
            ProviderType.AZURE,
            "https://res.openai.azure.com"),
        Arguments.of(
            (Supplier<OpenAiProvider.Builder>)
                () -> OpenAiProvider.vllm(URI.create("http://localhost:8000/v1")),
            "vllm",
            ProviderType.VLLM,
            "http://localhost:8000/v1"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("presets")
  void eachPresetFillsInItsNameTypeAndBaseUrl(
      Supplier<OpenAiProvider.Builder> preset, String name, ProviderType type, String baseUrl) {
    OpenAiProvider provider = preset.get().apiKey(KEY).build();

    assertThat(provider.name()).isEqualTo(name);
    assertThat(provider.type()).isEqualTo(type);
    assertThat(provider.baseUrl()).isEqualTo(URI.create(baseUrl));
    assertThat(provider.classifier()).isInstanceOf(OpenAiErrorClassifier.class);
  }

  @Test
  void hostedPresetsNeedAKeyAndLocalOnesDoNot() {
    assertThatThrownBy(() -> OpenAiProvider.openAi().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("openai needs an apiKey");
    assertThatThrownBy(() -> OpenAiProvider.azure(URI.create("https://r.openai.azure.com")).build())
        .isInstanceOf(IllegalStateException.class);
    assertThat(OpenAiProvider.ollama().build().credentials()).isEmpty();
    assertThat(
            OpenAiProvider.vllm(URI.create("http://localhost:8000/v1"))
                .apiKey(KEY)
                .build()
                .credentials())
        .hasSize(1);
  }

  @Test
  void theGenericBuilderNeedsABaseUrlAndTakesAName() {
    assertThatThrownBy(() -> OpenAiProvider.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a baseUrl");
    OpenAiProvider custom =
        OpenAiProvider.builder().baseUrl("https://llm.internal.example/v1").build();
    assertThat(custom.name()).isEqualTo("openai-compatible");
    assertThat(custom.type()).isEqualTo(ProviderType.GENERIC);
    assertThat(OpenAiProvider.openAi().name("openai-eu").apiKey(KEY).build().name())
        .isEqualTo("openai-eu");
  }

  @Test
  void setterValidationNamesTheArgumentAndTheValue() {
    assertThatThrownBy(() -> OpenAiProvider.openAi().maxBodyBytes(0))
        .hasMessageContaining("maxBodyBytes must be >= 1, was 0");
    assertThatThrownBy(() -> OpenAiProvider.openAi().name(" "))
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(() -> OpenAiProvider.openAi().apiVersion("2024-10-21"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("azure preset only");
    assertThatThrownBy(() -> OpenAiProvider.azure(URI.create("https://r.openai.azure.com"), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderDerivesAnEqualProviderThatCanBeChanged() {
    OpenAiProvider original =
        OpenAiProvider.openAi()
            .name("primary")
            .apiKey(KEY)
            .header("HTTP-Referer", "https://example.com")
            .maxBodyBytes(4096)
            .build();

    OpenAiProvider copy = original.toBuilder().build();
    OpenAiProvider renamed = original.toBuilder().name("secondary").build();

    assertThat(copy.toString()).isEqualTo(original.toString());
    assertThat(copy.credentials()).isEqualTo(original.credentials());
    assertThat(renamed.name()).isEqualTo("secondary");
    assertThat(renamed.baseUrl()).isEqualTo(original.baseUrl());
  }

  @Test
  void aModelIsRequired() {
    OpenAiProvider provider = OpenAiProvider.ollama().build();

    assertThatThrownBy(() -> provider.send(dev.lifeline.model.ChatRequest.of("x"), " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> provider.send(dev.lifeline.model.ChatRequest.of("x"), null))
        .isInstanceOf(NullPointerException.class);
  }
}
