package dev.lifeline.internal.http;

import dev.lifeline.embedding.EmbeddingRequest;
import dev.lifeline.embedding.EmbeddingResponse;
import dev.lifeline.model.RawResponse;
import java.net.URI;
import java.time.Instant;

/**
 * What one wire format's embeddings API adds to the HTTP plumbing of {@link HttpProvider}: where an
 * embedding call goes, its body, and how its answer is read. Failures are classified by the
 * provider's chat {@link WireFormat}: the same keys, limits and envelopes. Immutable and
 * thread-safe. Not API.
 */
public interface EmbeddingWire {

  /**
   * The URL of an embedding call to {@code model}, under {@code baseUrl}; never with the key.
   *
   * @throws IllegalArgumentException if no request can go to this model; the call then fails with
   *     {@code BAD_REQUEST}
   */
  URI endpoint(URI baseUrl, String model);

  /** The JSON body of {@code request} to {@code model}. */
  byte[] body(EmbeddingRequest request, String model);

  /**
   * The vectors a 2xx body holds, already checked by the classifier.
   *
   * @param now when the answer came, for the rate-limit headers' reset times
   * @throws dev.lifeline.failure.ProviderException {@code INVALID_RESPONSE} when the body holds no
   *     list of vectors
   */
  EmbeddingResponse parse(RawResponse response, String provider, String model, Instant now);
}
