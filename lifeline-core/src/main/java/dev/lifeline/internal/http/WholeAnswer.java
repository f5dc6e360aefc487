package dev.lifeline.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.RawResponse;

/** Reads a whole 2xx answer through a wire format, from the exchange's tree when it has one. */
final class WholeAnswer implements ChatExchange.AnswerReader {

  private final WireFormat wire;
  private final String provider;
  private final String model;

  WholeAnswer(WireFormat wire, String provider, String model) {
    this.wire = wire;
    this.provider = provider;
    this.model = model;
  }

  @Override
  public ChatResponse read(RawResponse response) {
    return wire.parse(response, provider, model);
  }

  @Override
  public ChatResponse read(RawResponse response, JsonNode root) {
    return wire.parse(response, root, provider, model);
  }
}
