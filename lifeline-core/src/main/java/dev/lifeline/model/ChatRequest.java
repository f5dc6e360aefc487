package dev.lifeline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A provider-neutral chat request: what to ask, whichever provider answers.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}, or {@link #of(String)} for a
 * single user prompt. Optional settings are null when unset, so each provider keeps its own
 * default. A sampling setting a provider's wire format has no field for (top-k on Chat Completions,
 * every one on Anthropic's Messages API) is left out of that provider's request, and the call's
 * trace {@linkplain CallTrace#notes() notes} it: see {@link
 * dev.lifeline.provider.Provider#unsentSettings}.
 *
 * @param messages the conversation, at least one message
 * @param temperature sampling temperature in [0, 2], or null
 * @param maxTokens the most output tokens, at least 1, or null
 * @param stop stop sequences; empty when none
 * @param tools tools the model may call; empty when none
 * @param responseFormat the wanted shape of the answer
 * @param topP nucleus sampling: only the tokens of this top probability mass, in (0, 1], or null
 * @param topK only the k most likely tokens, at least 1, or null
 * @param frequencyPenalty penalises tokens by how often they appeared, in [-2, 2], or null
 * @param presencePenalty penalises tokens that appeared at all, in [-2, 2], or null
 * @param seed asks for best-effort deterministic sampling, or null; an int, so that every wire
 *     format that takes a seed can carry it (Gemini's is 32-bit)
 */
public record ChatRequest(
    List<Message> messages,
    Double temperature,
    Integer maxTokens,
    List<String> stop,
    List<Tool> tools,
    ResponseFormat responseFormat,
    Double topP,
    Integer topK,
    Double frequencyPenalty,
    Double presencePenalty,
    Integer seed) {

  /** A rough count of characters per token, enough to compare a prompt with a context window. */
  private static final int CHARS_PER_TOKEN = 4;

  /** Per-message framing tokens most chat formats add (role markers and separators). */
  private static final int TOKENS_PER_MESSAGE = 4;

  /** Validates every part; see the builder's setters for the bounds. */
  public ChatRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one message");
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], was " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
    }
    SamplingRanges.check(topP, topK, frequencyPenalty, presencePenalty);
    stop = stop == null ? List.of() : List.copyOf(stop);
    tools = tools == null ? List.of() : List.copyOf(tools);
    responseFormat = responseFormat == null ? ResponseFormat.text() : responseFormat;
  }

  /** A request of one user message. */
  public static ChatRequest of(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    return builder().user(prompt).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this request. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.messages.addAll(messages);
    builder.temperature = temperature;
    builder.maxTokens = maxTokens;
    builder.stop.addAll(stop);
    builder.tools.addAll(tools);
    builder.responseFormat = responseFormat;
    builder.topP = topP;
    builder.topK = topK;
    builder.frequencyPenalty = frequencyPenalty;
    builder.presencePenalty = presencePenalty;
    builder.seed = seed;
    return builder;
  }

  /** The system instruction, the text of the first system message, or empty. */
  public String system() {
    return messages.stream()
        .filter(message -> message.role() == Role.SYSTEM)
        .map(Message::content)
        .findFirst()
        .orElse("");
  }

  /** The text of the last user message, or empty; what validators compare an answer with. */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  /**
   * An estimate of the prompt's size in tokens, from its characters: deliberately simple, used only
   * to keep a request away from deployments whose context window it cannot fit.
   */
  public int estimatedPromptTokens() {
    long chars = 0;
    for (Message message : messages) {
      chars += message.content().length();
      for (ToolCall call : message.toolCalls()) {
        chars += call.name().length() + call.argumentsJson().length();
      }
    }
    for (Tool tool : tools) {
      chars +=
          tool.name().length() + tool.description().length() + tool.parametersSchemaJson().length();
    }
    long tokens = chars / CHARS_PER_TOKEN + (long) TOKENS_PER_MESSAGE * messages.size();
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  /** Builds a {@link ChatRequest}; not thread-safe. */
  public static final class Builder {
    private final List<Message> messages = new ArrayList<>();
    private Double temperature;
    private Integer maxTokens;
    private final List<String> stop = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private ResponseFormat responseFormat;
    private Double topP;
    private Integer topK;
    private Double frequencyPenalty;
    private Double presencePenalty;
    private Integer seed;

    private Builder() {}

    /** Adds a message. */
    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Adds all of {@code messages}, in order. */
    public Builder messages(List<Message> messages) {
      messages.forEach(this::message);
      return this;
    }

    /** Adds a system instruction. */
    public Builder system(String content) {
      return message(Message.system(content));
    }

    /** Adds a user turn. */
    public Builder user(String content) {
      return message(Message.user(content));
    }

    /** Adds an assistant turn. */
    public Builder assistant(String content) {
      return message(Message.assistant(content));
    }

    /**
     * Sets the sampling temperature.
     *
     * @throws IllegalArgumentException if it is outside [0, 2]
     */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be in [0, 2], was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets the most output tokens.
     *
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** Adds a stop sequence. */
    public Builder stop(String sequence) {
      stop.add(Objects.requireNonNull(sequence, "sequence"));
      return this;
    }

    /** Adds a tool the model may call. */
    public Builder tool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Sets the wanted shape of the answer. */
    public Builder responseFormat(ResponseFormat format) {
      this.responseFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets nucleus sampling: only the tokens of the top {@code topP} probability mass.
     *
     * @throws IllegalArgumentException if it is outside (0, 1]
     */
    public Builder topP(double topP) {
      this.topP = SamplingRanges.topP(topP);
      return this;
    }

    /**
     * Sets top-k sampling: only the {@code topK} most likely tokens.
     *
     * @throws IllegalArgumentException if it is less than 1
     */
    public Builder topK(int topK) {
      this.topK = SamplingRanges.topK(topK);
      return this;
    }

    /**
     * Sets the frequency penalty: positive values make repeated tokens less likely.
     *
     * @throws IllegalArgumentException if it is outside [-2, 2]
     */
    public Builder frequencyPenalty(double penalty) {
      this.frequencyPenalty = SamplingRanges.penalty("frequencyPenalty", penalty);
      return this;
    }

    /**
     * Sets the presence penalty: positive values make tokens already present less likely.
     *
     * @throws IllegalArgumentException if it is outside [-2, 2]
     */
    public Builder presencePenalty(double penalty) {
      this.presencePenalty = SamplingRanges.penalty("presencePenalty", penalty);
      return this;
    }

    /** Sets the seed of best-effort deterministic sampling; any int. */
    public Builder seed(int seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if no message was added
     */
    public ChatRequest build() {
      return new ChatRequest(
          messages,
          temperature,
          maxTokens,
          stop,
          tools,
          responseFormat,
          topP,
          topK,
          frequencyPenalty,
          presencePenalty,
          seed);
    }
  }
}
