package dev.lifeline.testkit;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One call of a {@link ScriptedProvider}, playing its fault in process: what an adapter would have
 * made of the fake server's response, without the HTTP in between.
 */
final class ScriptedPlay {

  private final ScriptedProvider provider;
  private final Fault fault;
  private final ChatRequest request;
  private final String model;
  private final ParsedRequest parsed;
  private final Consumer<String> onDelta;

  ScriptedPlay(
      ScriptedProvider provider,
      Fault fault,
      ChatRequest request,
      String model,
      ParsedRequest parsed,
      Consumer<String> onDelta) {
    this.provider = provider;
    this.fault = fault;
    this.request = request;
    this.model = model;
    this.parsed = parsed;
    this.onDelta = onDelta;
  }

  void run(CompletableFuture<ChatResponse> future) {
    if (fault instanceof Fault.ProviderError error) {
      reply(
          future,
          provider
              .codec()
              .error(
                  error.errorCase(),
                  parsed,
                  model,
                  error.status(),
                  error.retryAfter(),
                  provider.now()));
    } else if (fault instanceof Fault.Raw raw) {
      reply(future, WireCodec.raw(raw.status(), raw.body(), raw.headers()));
    } else if (fault instanceof Fault.Hang) {
      provider.hang(future);
    } else if (fault instanceof Fault.ResetConnection) {
      fail(future, provider.classify(new SocketException("Connection reset")));
    } else if (fault instanceof Fault.CloseMidBody) {
      fail(future, provider.classify(new IOException("the connection closed mid-body")));
    } else if (fault instanceof Fault.MalformedJson) {
      fail(future, provider.invalidResponse("the answer's JSON is cut off mid-object"));
    } else if (FaultText.isStreamFault(fault)) {
      streamFault(future);
    } else {
      answer(future, completion(fault));
    }
  }

  private void streamFault(CompletableFuture<ChatResponse> future) {
    Completion healthy = completion(Fault.healthy());
    if (onDelta == null) {
      // As the fake server plays stream faults to a call that does not stream.
      if (fault instanceof Fault.SlowStream slow) {
        provider.after(slow.perChunk(), () -> answer(future, healthy));
      } else if (fault instanceof Fault.StallStream) {
        provider.hang(future);
      } else if (fault instanceof Fault.CutStream) {
        fail(future, provider.classify(new IOException("the connection closed mid-body")));
      } else {
        reply(future, overloaded());
      }
      return;
    }
    List<String> chunks = healthy.chunks();
    if (fault instanceof Fault.SlowStream slow) {
      slowly(future, healthy, slow.perChunk(), 0);
    } else if (fault instanceof Fault.StallStream stall) {
      chunks.subList(0, Math.min(stall.afterChunks(), chunks.size())).forEach(onDelta);
      provider.hang(future);
    } else if (fault instanceof Fault.CutStream cut) {
      chunks.subList(0, Math.min(cut.afterChunks(), chunks.size())).forEach(onDelta);
      fail(future, provider.invalidResponse("the stream ended without its terminator"));
    } else {
      int sent = ((Fault.MidStreamError) fault).afterChunks();
      chunks.subList(0, Math.min(sent, chunks.size())).forEach(onDelta);
      reply(future, inBandError(sent));
    }
  }

  /** Delivers chunk {@code index} and the rest, each after {@code pause}, then the answer. */
  private void slowly(
      CompletableFuture<ChatResponse> future, Completion completion, Duration pause, int index) {
    provider.after(
        pause,
        () -> {
          if (future.isDone()) {
            return;
          }
          if (index == completion.chunks().size()) {
            future.complete(response(completion));
            return;
          }
          onDelta.accept(completion.chunks().get(index));
          slowly(future, completion, pause, index + 1);
        });
  }

  /** The provider's in-band stream error, as the JSON an adapter finds in the event. */
  private HttpReply inBandError(int framesSent) {
    for (Frame frame : provider.codec().streamError(parsed, framesSent)) {
      String text = frame.text();
      int start = text.indexOf('{');
      int end = text.lastIndexOf('}');
      if (start >= 0 && end > start) {
        return HttpReply.of(
            200,
            java.util.Map.of("content-type", "application/json"),
            text.substring(start, end + 1));
      }
    }
    return overloaded();
  }

  private HttpReply overloaded() {
    return provider.codec().error(ErrorCase.OVERLOADED, parsed, model, 0, null, provider.now());
  }

  /** Answers with {@code reply} as an adapter reads it: a failure, or a raw 2xx's body as text. */
  private void reply(CompletableFuture<ChatResponse> future, HttpReply reply) {
    Failure failure = provider.classify(reply);
    if (failure != null) {
      fail(future, failure);
      return;
    }
    String body = new String(reply.body(), StandardCharsets.UTF_8);
    answer(future, Completion.text(body, parsed.promptTokens()));
  }

  private void answer(CompletableFuture<ChatResponse> future, Completion completion) {
    if (completion.kind() == Completion.Kind.FILTERED) {
      // Adapters report a filtered 200 as a failure, not an answer: ask the classifier as they do.
      Failure filtered =
          provider.classify(provider.codec().answer(parsed, completion, provider.now()));
      if (filtered != null) {
        fail(future, filtered);
        return;
      }
    }
    boolean text =
        completion.kind() == Completion.Kind.TEXT || completion.kind() == Completion.Kind.TRUNCATED;
    if (onDelta != null && text) {
      completion.chunks().forEach(onDelta);
    }
    future.complete(response(completion));
  }

  private ChatResponse response(Completion completion) {
    ChatResponse.Builder answer =
        ChatResponse.builder()
            .provider(provider.name())
            .model(model)
            .usage(new Usage(completion.promptTokens(), completion.completionTokens()));
    switch (completion.kind()) {
      case TOOL_CALL:
        return answer
            .toolCall(
                new ToolCall(
                    "call_" + Integer.toHexString(completion.hashCode()),
                    completion.toolName(),
                    completion.toolArguments()))
            .finishReason(FinishReason.TOOL_CALLS)
            .build();
      case REFUSAL:
        return answer.refusal(completion.text()).finishReason(FinishReason.REFUSAL).build();
      case FILTERED:
        return answer.finishReason(FinishReason.CONTENT_FILTER).build();
      case TRUNCATED:
        return answer.text(completion.text()).finishReason(FinishReason.LENGTH).build();
      case EMPTY:
        return answer.text("").finishReason(FinishReason.STOP).build();
      default:
        return answer.text(completion.text()).finishReason(FinishReason.STOP).build();
    }
  }

  /** What the model says, as the fake server would (see its exchange handler). */
  private Completion completion(Fault answerFault) {
    int promptTokens = parsed.promptTokens();
    if (answerFault instanceof Fault.Refusal) {
      return Completion.refusal(promptTokens);
    }
    if (answerFault instanceof Fault.EmptyAnswer) {
      return Completion.empty(promptTokens);
    }
    if (answerFault instanceof Fault.ContentFiltered) {
      return Completion.filtered(promptTokens);
    }
    boolean truncated = answerFault instanceof Fault.Truncated;
    String toolName = provider.answerSetting(model, Script::configuredToolName);
    if (toolName != null && parsed.toolNames().contains(toolName) && !truncated) {
      return Completion.toolCall(
          toolName, provider.answerSetting(model, Script::configuredToolArguments), promptTokens);
    }
    String text;
    String defaultText = ExchangeHandler.defaultText(request.lastUserText());
    if (parsed.wantsJson()) {
      String json = provider.answerSetting(model, Script::configuredJsonAnswer);
      text = json != null ? json : Json.write(Json.object().put("answer", defaultText));
    } else {
      String configured = provider.answerSetting(model, Script::configuredAnswerText);
      text = configured != null ? configured : defaultText;
    }
    return truncated
        ? Completion.truncated(text, promptTokens)
        : Completion.text(text, promptTokens);
  }

  private static void fail(CompletableFuture<ChatResponse> future, Failure failure) {
    future.completeExceptionally(new ProviderException(failure));
  }
}
