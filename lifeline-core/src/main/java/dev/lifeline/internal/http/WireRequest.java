package dev.lifeline.internal.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP POST as an adapter means it, before any client sees it: where, which headers, which
 * body. Each {@link Transport} turns it into its client's own request. Not API.
 *
 * @param uri where the request goes
 * @param headers name and value pairs, each name once (case ignored), in the order set
 * @param body the body bytes, sent as they are; the record keeps the caller's array, unchanged
 */
public record WireRequest(URI uri, List<Header> headers, byte[] body) {

  /** One header. */
  public record Header(String name, String value) {
    /** Checks that neither part is null. */
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Copies the headers. */
  public WireRequest {
    Objects.requireNonNull(uri, "uri");
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A request to {@code uri} with {@code body} and no headers yet. */
  public static Builder post(URI uri, byte[] body) {
    return new Builder(uri, body);
  }

  /** The value of header {@code name}, ignoring case; null when absent. */
  public String header(String name) {
    for (Header header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        return header.value();
      }
    }
    return null;
  }

  /** Builds a {@link WireRequest}; {@link #header} replaces an earlier value of the same name. */
  public static final class Builder {
    private final URI uri;
    private final byte[] body;
    private final List<Header> headers = new ArrayList<>();

    private Builder(URI uri, byte[] body) {
      this.uri = uri;
      this.body = body;
    }

    /** Sets header {@code name} to {@code value}, replacing any value it had (case ignored). */
    public Builder header(String name, String value) {
      String lower = name.toLowerCase(Locale.ROOT);
      headers.removeIf(header -> header.name().toLowerCase(Locale.ROOT).equals(lower));
      headers.add(new Header(name, value));
      return this;
    }

    /** The request. */
    public WireRequest build() {
      return new WireRequest(uri, headers, body);
    }
  }
}
