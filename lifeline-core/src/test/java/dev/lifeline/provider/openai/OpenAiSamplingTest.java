package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sampling settings on Chat Completions: OpenAI's own fields, top-k only to the services that
 * document it, and every setting left out named by {@code unsentSettings}.
 */
class OpenAiSamplingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK =
      "{\"id\":\"chatcmpl-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
          + "\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";
  private static final List<String> SAMPLING =
      List.of(
          "temperature",
          "top_p",
          "top_k",
          "frequency_penalty",
          "presence_penalty",
          "seed",
          "random_seed");

  private static final ChatRequest EVERY_SETTING =
      ChatRequest.builder()
          .user("hi")
          .temperature(0.5)
          .topP(0.9)
          .topK(40)
          .frequencyPenalty(0.25)
          .presencePenalty(-0.5)
          .seed(1234)
          .build();

  private final OpenAiTestServer server = OpenAiTestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  /** The sampling fields of the body {@code provider} sends for {@code request}. */
  private ObjectNode samplingSentBy(OpenAiProvider provider, ChatRequest request) {
    server.enqueue(Reply.json(200, OK));
    Await.answer(provider.send(request, "m"));
    var requests = server.requests();
    JsonNode body = requests.get(requests.size() - 1).json();
    ObjectNode sampling = JSON.createObjectNode();
    for (String name : SAMPLING) {
      if (body.has(name)) {
        sampling.set(name, body.get(name));
      }
    }
    return sampling;
  }

  @Test
  void openAiGetsItsOwnFieldsAndTopKIsLeftOutAndNamed() throws Exception {
    var openAi = OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();

    assertThat(samplingSentBy(openAi, EVERY_SETTING))
        .isEqualTo(
            JSON.readTree(
                """
                {"temperature":0.5,"top_p":0.9,"frequency_penalty":0.25,
                 "presence_penalty":-0.5,"seed":1234}"""));
    assertThat(openAi.unsentSettings(EVERY_SETTING, "gpt-4o"))
        .containsExactly(
            new UnsentSetting(
                SamplingSetting.TOP_K, 40, "this service's Chat Completions takes no top_k"));
    assertThat(openAi.unsentSettings(ChatRequest.builder().user("hi").topP(0.5).build(), "m"))
        .isEmpty();
  }

  @Test
  void servicesThatDocumentTopKGetIt() {
    List<OpenAiProvider> takeTopK =
        List.of(
            OpenAiProvider.vllm(server.baseUrl()).build(),
            OpenAiProvider.together().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build(),
            OpenAiProvider.openRouter().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build());

    for (OpenAiProvider provider : takeTopK) {
      assertThat(samplingSentBy(provider, EVERY_SETTING).path("top_k").asInt())
          .as(provider.toString())
          .isEqualTo(40);
      assertThat(provider.unsentSettings(EVERY_SETTING, "m")).as(provider.toString()).isEmpty();
    }
  }

  @Test
  void mistralTakesTheSeedAsRandomSeed() {
    var mistral = OpenAiProvider.mistral().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();

    ObjectNode sent = samplingSentBy(mistral, EVERY_SETTING);

    assertThat(sent.path("random_seed").asInt()).isEqualTo(1234);
    assertThat(sent.has("seed")).isFalse();
    assertThat(sent.has("top_k")).isFalse();
  }
}
