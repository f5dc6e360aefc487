package dev.lifeline.testkit;

/** The HTTP API a {@link FakeLlmServer} speaks. */
public enum WireFormat {
  /**
   * OpenAI chat completions: {@code POST {baseUrl}/chat/completions} with the base URL ending in
   * {@code /v1}; the model and {@code "stream": true} in the body; request id in {@code
   * x-request-id}.
   */
  OPENAI,

  /**
   * Anthropic messages: {@code POST {baseUrl}/v1/messages}; the model and {@code "stream": true} in
   * the body; request id in {@code request-id}.
   */
  ANTHROPIC,

  /**
   * Google Gemini: {@code POST {baseUrl}/v1beta/models/{model}:generateContent}, and {@code
   * :streamGenerateContent?alt=sse} to stream; the model in the path.
   */
  GEMINI
}
