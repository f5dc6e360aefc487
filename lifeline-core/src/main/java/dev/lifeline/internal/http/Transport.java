package dev.lifeline.internal.http;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Timeouts;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One HTTP exchange with a provider, bounded in time and size, over some client. Not API.
 *
 * <p>Every implementation enforces the four {@link Timeouts}, cuts bodies off at a size limit
 * instead of buffering them unbounded, decodes UTF-8 incrementally, and either buffers the body or
 * hands a 2xx body to a chunk consumer as it arrives (for streams). Cancelling the returned future
 * aborts the exchange and closes its connection; so does every failure. It never follows a
 * redirect, so a key is never replayed to another host.
 */
public interface Transport extends AutoCloseable {

  /**
   * Sends {@code request}.
   *
   * @param onChunk null to buffer the body; else each decoded chunk of a 2xx body goes here as it
   *     arrives and the returned response has an empty body (error bodies are always buffered)
   * @return the answer; exceptionally a {@link ProviderException} with a {@code TIMEOUT} or {@code
   *     INVALID_RESPONSE} failure, or the client's own exception for network failures
   */
  CompletableFuture<RawResponse> send(
      WireRequest request, Timeouts timeouts, long maxBodyBytes, Consumer<String> onChunk);

  /** Stops this transport: later exchanges fail with a {@code NETWORK} failure. Idempotent. */
  @Override
  void close();
}
