package dev.lifeline.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.failure.ScrubbedFailure;
import dev.lifeline.internal.json.BodyTree;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Timeouts;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one chat exchange over the transport and turns whatever happens into an answer or a
 * classified {@link ProviderException}: network failures, timeouts, non-2xx answers, 2xx error
 * envelopes and unreadable bodies alike; the same for every wire format. Immutable and thread-safe.
 * Not API.
 */
public final class ChatExchange {

  /**
   * Reads a successful answer into a response; throws {@link ProviderException} when it is none.
   */
  @FunctionalInterface
  public interface AnswerReader {
    /** The answer {@code response} holds. */
    ChatResponse read(RawResponse response);

    /**
     * The answer {@code response} holds, given its body as {@link BodyTree#read} reads it (null
     * when that is not JSON); a reader that parses the body itself need not override this.
     */
    default ChatResponse read(RawResponse response, JsonNode root) {
      return read(response);
    }
  }

  private final Transport transport;
  private final Timeouts timeouts;
  private final long maxBodyBytes;
  private final ErrorClassifier classifier;
  private final SecretScrubber scrubber;

  /**
   * An exchange over {@code transport}; {@code apiKey} is scrubbed from failures, null when none.
   */
  public ChatExchange(
      Transport transport,
      Timeouts timeouts,
      long maxBodyBytes,
      ErrorClassifier classifier,
      ApiKey apiKey) {
    this.transport = transport;
    this.timeouts = timeouts;
    this.maxBodyBytes = maxBodyBytes;
    this.classifier = classifier;
    this.scrubber = SecretScrubber.forKey(apiKey == null ? null : apiKey.reveal());
  }

  /**
   * Sends {@code request}; a 2xx answer is read by {@code reader}, anything else is classified.
   *
   * @param onChunk null to read the body whole; else each chunk of a 2xx body as it arrives (a
   *     stream), and {@code reader} is what checks how the stream ended
   * @return the answer; cancelling it cancels the exchange and closes its connection
   */
  public CompletableFuture<ChatResponse> run(
      WireRequest request, Consumer<String> onChunk, AnswerReader reader) {
    return send(request, onChunk, reader::read, null);
  }

  /**
   * Sends {@code request} as {@link #run}, reading and classifying the answer on {@code settleOn}
   * rather than on the HTTP client's I/O thread: a blocking caller's own thread parses its answer,
   * so that many callers do not queue behind the client's few I/O threads. The executor must run
   * every task it takes, also after its caller left (see {@code CallerLoop}).
   */
  public CompletableFuture<ChatResponse> run(
      WireRequest request, Consumer<String> onChunk, AnswerReader reader, Executor settleOn) {
    return send(request, onChunk, reader::read, Objects.requireNonNull(settleOn, "settleOn"));
  }

  /**
   * Sends {@code request}, as {@link #run}, for an answer of any type (the vectors of an embedding
   * call): a 2xx answer is read by {@code reader}, anything else is classified.
   */
  public <T> CompletableFuture<T> exchange(
      WireRequest request, Consumer<String> onChunk, Function<RawResponse, T> reader) {
    return send(request, onChunk, (raw, root) -> reader.apply(raw), null);
  }

  /**
   * Sends {@code request}: a 2xx answer is read by {@code reader}, given the body's JSON tree when
   * read whole (null when streamed or not JSON), anything else is classified; on {@code settleOn}
   * when given, else where the exchange ends.
   */
  private <T> CompletableFuture<T> send(
      WireRequest request,
      Consumer<String> onChunk,
      BiFunction<RawResponse, JsonNode, T> reader,
      Executor settleOn) {
    CompletableFuture<RawResponse> sent;
    try {
      sent = transport.send(request, timeouts, maxBodyBytes, onChunk);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<RawResponse> exchange = sent;
    CompletableFuture<T> result = new CompletableFuture<>();
    // A dependent future does not cancel its source, so cancellation is passed down by hand.
    result.whenComplete(
        (response, error) -> {
          if (result.isCancelled()) {
            exchange.cancel(true);
          }
        });
    BiConsumer<RawResponse, Throwable> settle =
        (raw, error) -> {
          if (result.isDone()) {
            return; // cancelled by the caller: nothing to report
          }
          try {
            result.complete(answer(raw, error, onChunk == null, reader));
          } catch (ProviderException e) {
            result.completeExceptionally(scrub(e));
          } catch (RuntimeException e) {
            // A parser bug must still end the call with a classified failure, never hang it.
            result.completeExceptionally(
                scrub(
                    new ProviderException(
                        Failure.of(ErrorKind.INVALID_RESPONSE, "unreadable answer: " + e), e)));
          }
        };
    if (settleOn == null || exchange.isDone()) {
      exchange.whenComplete(settle);
    } else {
      exchange.whenCompleteAsync(settle, settleOn);
    }
    return result;
  }

  private <T> T answer(
      RawResponse raw,
      Throwable error,
      boolean whole,
      BiFunction<RawResponse, JsonNode, T> reader) {
    if (error != null) {
      throw failure(error);
    }
    if (!raw.isSuccessful()) {
      throw new ProviderException(
          classifier
              .classify(raw)
              .orElseGet(() -> Failure.of(ErrorKind.INVALID_RESPONSE, "HTTP " + raw.status())));
    }
    if (!whole) {
      return reader.apply(raw, null);
    }
    // A 2xx can still be a failure: an error envelope (OpenRouter), a content block (Azure). The
    // classifier and the reader share one parse of the body.
    JsonNode root = BodyTree.read(raw.body());
    Optional<Failure> failure = Verdicts.of(classifier, raw, root);
    if (failure.isPresent()) {
      throw new ProviderException(failure.get());
    }
    return reader.apply(raw, root);
  }

  /** The exception an exchange ended with, as a classified provider failure. */
  private ProviderException failure(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ProviderException) {
      return (ProviderException) cause;
    }
    return new ProviderException(classifier.classify(cause), cause);
  }

  /**
   * The failure with this provider's key, and every piece of it, removed wherever a server echoed
   * it, even when it does not look like a key to the generic rules ("Incorrect API key provided:
   * ...").
   */
  private ProviderException scrub(ProviderException e) {
    Failure clean = ScrubbedFailure.of(scrubber, e.failure());
    return clean == e.failure() ? e : new ProviderException(clean, e.getCause());
  }
}
