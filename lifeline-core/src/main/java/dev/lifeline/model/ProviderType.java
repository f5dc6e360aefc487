package dev.lifeline.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The providers Lifeline knows by name: each speaks one wire format and fails in its own ways.
 *
 * <p>The names are the ones configuration files and the CLI use ({@code type: openai}).
 */
public enum ProviderType {
  /** OpenAI's Chat Completions API. */
  OPENAI("openai"),
  /** Azure OpenAI: OpenAI's wire format behind deployment URLs and an {@code api-key} header. */
  AZURE("azure"),
  /** Anthropic's Messages API. */
  ANTHROPIC("anthropic"),
  /** Google's Gemini API. */
  GEMINI("gemini"),
  /** DeepSeek, OpenAI-compatible. */
  DEEPSEEK("deepseek"),
  /** Groq, OpenAI-compatible. */
  GROQ("groq"),
  /** Mistral, OpenAI-compatible. */
  MISTRAL("mistral"),
  /** OpenRouter, OpenAI-compatible, with errors often inside a 200. */
  OPENROUTER("openrouter"),
  /** Together, OpenAI-compatible. */
  TOGETHER("together"),
  /** Ollama's OpenAI-compatible endpoint. */
  OLLAMA("ollama"),
  /** vLLM's OpenAI-compatible server. */
  VLLM("vllm"),
  /** Any other HTTP API: only the generic rules apply. */
  GENERIC("generic");

  private final String wireName;

  ProviderType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in configuration and on the command line. */
  public String wireName() {
    return wireName;
  }

  /**
   * The type named {@code name}, ignoring case.
   *
   * @throws IllegalArgumentException naming the valid names, if none matches
   */
  public static ProviderType fromName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (ProviderType type : values()) {
      if (type.wireName.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown provider '" + name + "'; expected one of " + names());
  }

  /** Every valid name, comma-separated. */
  public static String names() {
    return Arrays.stream(values()).map(ProviderType::wireName).collect(Collectors.joining(", "));
  }
}
