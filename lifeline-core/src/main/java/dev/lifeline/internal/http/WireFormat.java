package dev.lifeline.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.ApiKey;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What one wire format (Chat Completions, Anthropic Messages, Gemini) adds to the HTTP plumbing
 * every adapter shares in {@link HttpProvider}: where a call goes, how the key is sent, how the
 * request is written, how the answer and its stream are read and how failures are classified.
 * Implementations are immutable and thread-safe. Not API.
 */
public interface WireFormat {

  /**
   * The URL a call to {@code model} goes to, under {@code baseUrl}; it never carries the key.
   *
   * @throws dev.lifeline.failure.ProviderException or {@link IllegalArgumentException} if no
   *     request can go to this model (a model name that would reshape the URL); the call then fails
   *     with {@code BAD_REQUEST}
   */
  URI endpoint(URI baseUrl, String model, boolean streaming);

  /** The header that carries the key ({@code Authorization}, {@code x-api-key}, ...). */
  String keyHeader();

  /** The value of {@link #keyHeader()} for {@code key}; the key itself unless overridden. */
  default String keyValue(ApiKey key) {
    return key.reveal();
  }

  /** Headers this wire format sends on every request; an extra header of the same name wins. */
  default Map<String, String> fixedHeaders() {
    return Map.of();
  }

  /**
   * The JSON body of {@code request} to {@code model}.
   *
   * @throws dev.lifeline.failure.ProviderException or {@link IllegalArgumentException} if the
   *     request cannot be written (a schema that is not a JSON object); the call then fails with
   *     {@code BAD_REQUEST}
   */
  byte[] body(ChatRequest request, String model, boolean streaming);

  /**
   * The settings of {@code request} that {@link #body} leaves out, each with why; none by default.
   *
   * @see dev.lifeline.provider.Provider#unsentSettings
   */
  default java.util.List<UnsentSetting> unsentSettings(ChatRequest request) {
    return java.util.List.of();
  }

  /** The classifier of this wire format's failures. */
  ErrorClassifier classifier();

  /** The answer a whole 2xx body holds, already checked by {@link #classifier()}. */
  ChatResponse parse(RawResponse response, String provider, String model);

  /**
   * The answer a whole 2xx body holds, given the body as {@link
   * dev.lifeline.internal.json.BodyTree#read} reads it (null when that is not JSON); a format that
   * does not override this parses the body itself.
   */
  default ChatResponse parse(RawResponse response, JsonNode root, String provider, String model) {
    return parse(response, provider, model);
  }

  /** A reader of one 2xx stream that sends each piece of text to {@code onDelta}. */
  StreamReader streamReader(String provider, String model, Consumer<String> onDelta);

  /** Reads one streamed answer: chunks of its body as they arrive, then how it ended. */
  interface StreamReader {

    /** Takes the next chunk of the body. */
    void feed(String chunk);

    /**
     * The whole answer once the body ended.
     *
     * @throws dev.lifeline.failure.ProviderException if the stream did not end properly
     */
    ChatResponse finish(RawResponse response);

    /** A reader of {@code feed} and {@code finish}. */
    static StreamReader of(Consumer<String> feed, ChatExchange.AnswerReader finish) {
      Objects.requireNonNull(feed, "feed");
      Objects.requireNonNull(finish, "finish");
      return new StreamReader() {
        @Override
        public void feed(String chunk) {
          feed.accept(chunk);
        }

        @Override
        public ChatResponse finish(RawResponse response) {
          return finish.read(response);
        }
      };
    }
  }
}
