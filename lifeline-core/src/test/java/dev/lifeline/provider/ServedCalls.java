package dev.lifeline.provider;

import static dev.lifeline.provider.ProviderFailures.failureOf;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Failure;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * One provider and the loopback server it calls: each call serves one response and sends one
 * request to it, ending with the answer or the classified failure.
 */
public final class ServedCalls implements AutoCloseable {

  private static final Map<String, String> JSON = Map.of("content-type", "application/json");

  private final LoopbackServer server = LoopbackServer.start();
  private final Provider provider;
  private final String model;

  /** Calls to {@code model} of the provider {@code provider} builds for the server's base URL. */
  public ServedCalls(Function<URI, Provider> provider, String model) {
    this.provider = provider.apply(server.baseUrl());
    this.model = model;
  }

  /** The answer to a 200 with the JSON {@code body}. */
  public ChatResponse answer(String body) {
    return answer(JSON, body);
  }

  /** The answer to a 200 with {@code headers} and {@code body}. */
  public ChatResponse answer(Map<String, String> headers, String body) {
    server.respond(200, headers, body);
    return provider.send(ChatRequest.of("q"), model).join();
  }

  /** The failure a {@code status} with the JSON {@code body} ends as. */
  public Failure failure(int status, String body) {
    return failure(status, JSON, body);
  }

  /** The failure a {@code status} with {@code headers} and {@code body} ends as. */
  public Failure failure(int status, Map<String, String> headers, String body) {
    server.respond(status, headers, body);
    return failureOf(() -> provider.send(ChatRequest.of("q"), model).join());
  }

  @Override
  public void close() {
    provider.close();
    server.close();
  }
}
