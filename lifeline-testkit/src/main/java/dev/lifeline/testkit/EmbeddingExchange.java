package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Serves one embedding exchange of a {@link FakeLlmServer}, already recorded, its key checked and
 * its body JSON: picks its fault from the scripts as a chat request does and plays it. Errors, raw
 * replies, hangs, resets, malformed JSON and bodies closed midway play as for chat; an {@link
 * Fault#emptyAnswer() empty answer} is a 200 without vectors; every other fault answers healthily
 * (embeddings have no refusal, truncation or stream).
 */
final class EmbeddingExchange {
  private final FakeLlmServer server;
  private final WireCodec codec;
  private final EmbeddingCodec embeddings;

  EmbeddingExchange(FakeLlmServer server, WireCodec codec) {
    this.server = server;
    this.codec = codec;
    this.embeddings = new EmbeddingCodec(server.wireFormat());
  }

  void serve(
      HttpExchange exchange,
      EmbeddingCodec.Route route,
      JsonNode body,
      String model,
      CountDownLatch release)
      throws IOException {
    EmbeddingCodec.Asked asked = embeddings.parse(route, body);
    Instant now = server.ticker().now();
    if (asked == null) {
      ExchangeHandler.send(exchange, codec.error(ErrorCase.BAD_REQUEST, null, model, 0, null, now));
      return;
    }
    Fault fault = server.resolve(model);
    if (!fault.latency().isNone() && server.waiter().await(release, fault.latency().draw())) {
      throw new ExchangeHandler.DropConnection("server stopping or reset during latency");
    }
    now = server.ticker().now();
    if (fault instanceof Fault.ProviderError error) {
      ExchangeHandler.send(
          exchange,
          codec.error(
              error.errorCase(),
              asked.asParsed(model),
              model,
              error.status(),
              error.retryAfter(),
              now));
    } else if (fault instanceof Fault.Raw raw) {
      ExchangeHandler.send(exchange, WireCodec.raw(raw.status(), raw.body(), raw.headers()));
    } else if (fault instanceof Fault.Hang) {
      ReleaseGate.awaitRelease(release);
      throw new ExchangeHandler.DropConnection("hung exchange released");
    } else if (fault instanceof Fault.ResetConnection) {
      exchange.close();
    } else {
      HttpReply reply = healthy(asked, model, fault instanceof Fault.EmptyAnswer ? 0 : -1);
      if (fault instanceof Fault.MalformedJson) {
        byte[] half = new byte[reply.body().length / 2];
        System.arraycopy(reply.body(), 0, half, 0, half.length);
        ExchangeHandler.send(exchange, new HttpReply(200, reply.headers(), half));
      } else if (fault instanceof Fault.CloseMidBody) {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(200, reply.body().length);
        OutputStream out = exchange.getResponseBody();
        out.write(reply.body(), 0, reply.body().length / 2);
        out.flush();
        throw new ExchangeHandler.DropConnection("closed mid-body");
      } else {
        ExchangeHandler.send(exchange, reply);
      }
    }
  }

  /** The healthy answer, with {@code count} vectors (all the inputs' when negative). */
  private HttpReply healthy(EmbeddingCodec.Asked asked, String model, int count) {
    Integer scripted = server.answerSetting(model, Script::configuredEmbeddingDimensions);
    int dimensions =
        scripted != null
            ? scripted
            : asked.dimensions() != null ? asked.dimensions() : EmbeddingCodec.DEFAULT_DIMENSIONS;
    return embeddings.answer(asked, model, count < 0 ? asked.inputs().size() : count, dimensions);
  }
}
