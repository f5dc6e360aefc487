package dev.lifeline.provider.openai;

import dev.lifeline.model.ChatRequest;

/**
 * The benchmarks' way to the OpenAI adapter's request writer, which is package-private in
 * lifeline-core: the benchmarks run on the class path, where this class shares its package. It lets
 * them time the JSON writing of a request body alone, without a transport.
 */
public final class OpenAiRequestBodies {

  private OpenAiRequestBodies() {}

  /** The body of a non-streaming Chat Completions request of {@code request} to {@code model}. */
  public static byte[] write(ChatRequest request, String model) {
    return ChatCompletionsRequest.write(request, model, true, true, false);
  }
}
