package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiTestServer.Recorded;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import dev.lifeline.provider.openai.OpenAiTestServer.Sse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What reaches the server: path, query, headers and the exact JSON body, for OpenAI and Azure. */
class OpenAiRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK =
      "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

  private final OpenAiTestServer server = OpenAiTestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void openAiRequestCarriesEveryPartOfTheConversationAsJsonWithABearerKey() throws IOException {
    server.enqueue(Reply.json(200, OK));
    var provider =
        OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test-key")).build();
    ChatRequest request =
        ChatRequest.builder()
            .system("You are terse.")
            .user("What is the weather in Paris?")
            .message(
                Message.assistant(
                    "", List.of(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"))))
            .message(Message.tool("call_1", "{\"celsius\":21}"))
            .temperature(0.2)
            .maxTokens(100)
            .stop("END")
            .tool(
                new Tool(
                    "weather",
                    "Current weather",
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
            .responseFormat(ResponseFormat.jsonSchema("weather report", "{\"type\":\"object\"}"))
            .build();

    Await.answer(provider.send(request, "gpt-4o"));

    Recorded sent = server.onlyRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.query()).isNull();
    assertThat(sent.header("authorization")).contains("Bearer sk-test-key");
    assertThat(sent.header("api-key")).isEmpty();
    assertThat(sent.header("content-type")).contains("application/json");
    assertThat(sent.header("accept")).contains("application/json");
    assertThat(sent.json())
        .isEqualTo(
            json(
                """
                {"model":"gpt-4o",
                 "messages":[
                   {"role":"system","content":"You are terse."},
                   {"role":"user","content":"What is the weather in Paris?"},
                   {"role":"assistant","content":null,"tool_calls":[
                     {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"{\\"celsius\\":21}"}],
                 "temperature":0.2,
                 "max_completion_tokens":100,
                 "stop":["END"],
                 "tools":[{"type":"function","function":{"name":"weather","description":"Current weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"weather_report",
                   "schema":{"type":"object"},"strict":false}}}
                """));
  }

  @Test
  void aPlainRequestSendsOnlyModelAndMessages() throws IOException {
    server.enqueue(Reply.json(200, OK));
    var provider = OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();

    Await.answer(provider.send(ChatRequest.of("hi"), "gpt-4o-mini"));

    assertThat(server.onlyRequest().json())
        .isEqualTo(
            json(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
  }

  @Test
  void theTokenLimitIsMaxCompletionTokensForOpenAiAndAzureAndMaxTokensForCompatibleServers()
      throws IOException {
    List<OpenAiProvider> completionTokens =
        List.of(
            OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build(),
            OpenAiProvider.azure(server.root()).apiKey(ApiKey.of("k")).build(),
            OpenAiProvider.azure(server.root(), "preview").apiKey(ApiKey.of("k")).build());
    List<OpenAiProvider> maxTokens =
        List.of(
            // Azure versions before 2024-09-01 do not know max_completion_tokens.
            OpenAiProvider.azure(server.root(), "2024-06-01").apiKey(ApiKey.of("k")).build(),
            OpenAiProvider.deepSeek().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build(),
            OpenAiProvider.builder().baseUrl(server.baseUrl()).build(),
            OpenAiProvider.vllm(server.baseUrl()).build());
    ChatRequest limited = ChatRequest.builder().user("hi").maxTokens(42).build();

    for (OpenAiProvider provider : completionTokens) {
      assertThat(limitSentBy(provider, limited))
          .as(provider.toString())
          .isEqualTo(json("{\"max_completion_tokens\":42}"));
    }
    for (OpenAiProvider provider : maxTokens) {
      assertThat(limitSentBy(provider, limited))
          .as(provider.toString())
          .isEqualTo(json("{\"max_tokens\":42}"));
    }
  }

  /** The token-limit fields of the body {@code provider} sends for {@code request}. */
  private JsonNode limitSentBy(OpenAiProvider provider, ChatRequest request) {
    server.enqueue(Reply.json(200, OK));
    Await.answer(provider.send(request, "m"));
    List<Recorded> requests = server.requests();
    JsonNode body = requests.get(requests.size() - 1).json();
    var limits = JSON.createObjectNode();
    for (String name : List.of("max_tokens", "max_completion_tokens")) {
      if (body.has(name)) {
        limits.set(name, body.get(name));
      }
    }
    return limits;
  }

  @Test
  void jsonModeIsAJsonObjectResponseFormat() throws IOException {
    server.enqueue(Reply.json(200, OK));
    var provider = OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();

    Await.answer(
        provider.send(
            ChatRequest.builder().user("json please").responseFormat(ResponseFormat.json()).build(),
            "m"));

    assertThat(server.onlyRequest().json().get("response_format"))
        .isEqualTo(json("{\"type\":\"json_object\"}"));
  }

  @Test
  void azureRequestGoesToTheDeploymentWithApiVersionAndApiKeyHeader() throws IOException {
    server.enqueue(Reply.json(200, OK));
    var provider = OpenAiProvider.azure(server.root()).apiKey(ApiKey.of("azure-secret")).build();

    Await.answer(provider.send(ChatRequest.of("hi"), "gpt-4o-prod"));

    Recorded sent = server.onlyRequest();
    assertThat(sent.path()).isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions");
    assertThat(sent.query()).isEqualTo("api-version=2024-10-21");
    assertThat(sent.header("api-key")).contains("azure-secret");
    assertThat(sent.header("authorization")).isEmpty();
    // The deployment in the URL names the model; the body does not repeat it.
    assertThat(sent.json())
        .isEqualTo(json("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
  }

  @Test
  void azureTakesAnotherApiVersionAndEncodesTheDeploymentAsOneSegment() {
    server.enqueue(Reply.json(200, OK));
    var provider =
        OpenAiProvider.azure(URI.create(server.root() + "/"), "2025-01-01-preview")
            .apiKey(ApiKey.of("k"))
            .build();

    Await.answer(provider.send(ChatRequest.of("hi"), "my deployment/../x?y"));

    Recorded sent = server.onlyRequest();
    assertThat(sent.path())
        .isEqualTo("/openai/deployments/my%20deployment%2F..%2Fx%3Fy/chat/completions");
    assertThat(sent.query()).isEqualTo("api-version=2025-01-01-preview");
  }

  @Test
  void aStreamingRequestAsksForAStreamWithUsage() throws IOException {
    server.enqueue(Reply.stream(Sse.of("hi")));
    var provider = OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();

    Await.answer(provider.stream(ChatRequest.of("hi"), "gpt-4o", delta -> {}));

    Recorded sent = server.onlyRequest();
    assertThat(sent.header("accept")).contains("text/event-stream");
    assertThat(sent.json())
        .isEqualTo(
            json(
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
  }

  @Test
  void ollamaSendsNoCredentialAndExtraHeadersAreSent() {
    server.enqueue(Reply.json(200, OK));
    var provider =
        OpenAiProvider.ollama()
            .baseUrl(server.baseUrl())
            .header("X-Title", "lifeline tests")
            .build();

    Await.answer(provider.send(ChatRequest.of("hi"), "llama3"));

    Recorded sent = server.onlyRequest();
    assertThat(sent.header("authorization")).isEmpty();
    assertThat(sent.header("api-key")).isEmpty();
    assertThat(sent.header("x-title")).contains("lifeline tests");
  }

  @Test
  void aPlainHttpRequestAsksForNoH2cUpgrade() {
    // uvicorn (vLLM's server) has answered the JDK client's "Upgrade: h2c" with a 400
    // [Kludex/uvicorn#1501, Soju06/codex-lb#1757] or lost the body [MagicStack/httptools#124].
    server.enqueue(Reply.json(200, OK));
    var provider = OpenAiProvider.vllm(server.baseUrl()).build();

    Await.answer(provider.send(ChatRequest.of("hi"), "m"));

    Recorded sent = server.onlyRequest();
    assertThat(sent.header("upgrade")).isEmpty();
    assertThat(sent.header("http2-settings")).isEmpty();
  }

  @Test
  void aToolSchemaThatIsNotJsonFailsAsABadRequestWithoutCallingTheServer() {
    var provider = OpenAiProvider.openAi().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k")).build();
    ChatRequest request =
        ChatRequest.builder().user("hi").tool(new Tool("broken", "", "{not json")).build();

    Failure failure = Await.failure(provider.send(request, "gpt-4o"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(failure.message()).contains("tool 'broken'");
    assertThat(server.requests()).isEmpty();
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }
}
