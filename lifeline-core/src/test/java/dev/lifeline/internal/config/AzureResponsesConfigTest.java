package dev.lifeline.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.provider.Provider;
import dev.lifeline.provider.openai.OpenAiApi;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An Azure OpenAI entry may speak the Responses API, as the README's {@code api: responses}. */
class AzureResponsesConfigTest {

  @Test
  void anAzureEntryWithApiResponsesBuildsAResponsesProvider() {
    String text =
        """
        providers:
          - name: azure
            type: azure
            baseUrl: https://my-resource.openai.azure.com
            apiKey: ${AZURE_OPENAI_API_KEY}
            api: responses
            models: [gpt-4o-prod]
        """;

    Provider provider =
        ConfigLoader.parseLoaded("c.yaml", text, Map.of("AZURE_OPENAI_API_KEY", "k")::get)
            .ladder(0)
            .provider();

    assertThat(provider).isInstanceOf(OpenAiProvider.class);
    assertThat(((OpenAiProvider) provider).api()).isEqualTo(OpenAiApi.RESPONSES);
    provider.close();
  }
}
