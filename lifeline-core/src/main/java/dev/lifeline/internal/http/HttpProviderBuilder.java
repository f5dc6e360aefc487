package dev.lifeline.internal.http;

import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every HTTP adapter's builder shares: name, base URL, key, extra headers, timeouts,
 * body limit, HTTP client, scheduler and clock. Each adapter's public {@code Builder} extends it
 * with its own options; setters check their argument at once and return that builder. Mutable and
 * not thread-safe; {@link #build()} copies every setting. Not API: the adapters' builders are.
 *
 * @param <B> the adapter's builder
 * @param <P> the provider it builds
 */
public abstract class HttpProviderBuilder<B extends HttpProviderBuilder<B, P>, P extends Provider> {

  /**
   * 8 MiB: a long answer with tool calls is a few hundred KiB; anything larger is a misbehaving
   * server, and buffering it unbounded would let it exhaust the heap.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  private final String keyHeader;
  private String name;
  private URI baseUrl;
  private ApiKey apiKey;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private Timeouts timeouts = Timeouts.defaults();
  private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private HttpClient httpClient;
  private Scheduler scheduler = Scheduler.system();
  private boolean schedulerSet;
  private Ticker ticker;

  /**
   * A builder with the adapter's defaults.
   *
   * @param name the default name
   * @param baseUrl the default base URL; null when the user must give one
   * @param keyHeader the header that carries the key, which {@link #header} refuses
   */
  protected HttpProviderBuilder(String name, URI baseUrl, String keyHeader) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.keyHeader = keyHeader;
  }

  /**
   * Names the provider in traces, metrics and state; give two providers of one service different
   * names.
   *
   * @throws IllegalArgumentException if blank
   */
  public B name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = name.strip();
    return self();
  }

  /**
   * Sets the base URL requests go under; a path is kept ({@code https://proxy.example/llm}) and a
   * trailing slash is dropped.
   *
   * @throws IllegalArgumentException if it is not an absolute http or https URL with a host, has
   *     user info, a query or a fragment, or is plain http to a host that is not this machine
   *     ({@code localhost}, 127.0.0.0/8, {@code [::1]}): the key would cross the network in clear
   *     text
   */
  public B baseUrl(URI baseUrl) {
    this.baseUrl = BaseUrl.check(Objects.requireNonNull(baseUrl, "baseUrl"));
    return self();
  }

  /**
   * Sets the base URL from text; see {@link #baseUrl(URI)}.
   *
   * @throws IllegalArgumentException if it is not a valid absolute http or https URL
   */
  public B baseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    try {
      return baseUrl(new URI(baseUrl.strip()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
    }
  }

  /** Sets the key, sent on every request to the base URL and nowhere else. */
  public B apiKey(ApiKey apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    return self();
  }

  /**
   * Sets the connect, first-byte, idle and total timeouts of each call; {@link Timeouts#defaults()}
   * unless set.
   */
  public B timeouts(Timeouts timeouts) {
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    return self();
  }

  /**
   * Sets the largest body read, in bytes; {@value #DEFAULT_MAX_BODY_BYTES} (8 MiB) unless set. A
   * 2xx body or stream over it fails with {@code INVALID_RESPONSE}; an error body over it is cut
   * off and classified by what was read.
   *
   * @throws IllegalArgumentException if less than 1
   */
  public B maxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return self();
  }

  /**
   * Adds a static header sent with every request; a second call with the same name (in any case)
   * replaces the value, and a header the wire format sends by default of the same name is replaced.
   *
   * @throws IllegalArgumentException if the name is not an HTTP token, the value has a line break,
   *     the header carries a credential (use {@link #apiKey(ApiKey)}), or the adapter or HTTP
   *     client sets it ({@code Content-Type}, {@code Accept}, {@code Host}, ...)
   */
  public B header(String name, String value) {
    BaseUrl.checkHeader(name, value, keyHeader);
    if (name.toLowerCase(Locale.ROOT).equals("accept")) {
      // The adapter asks for JSON or an event stream; another value would get the wrong body back.
      throw new IllegalArgumentException("header " + name + " is set by the adapter");
    }
    headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    headers.put(name, value);
    return self();
  }

  /**
   * Uses {@code client} instead of a client of the adapter's own (which follows no redirects and
   * connects within {@link Timeouts#connect()}). The client's own connect timeout, proxy and TLS
   * settings then apply; share one client between providers to share its connection pool.
   *
   * @throws IllegalArgumentException if the client follows redirects: a redirect would replay the
   *     key to whatever host the redirect names
   */
  public B httpClient(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException(
          "the HttpClient follows redirects ("
              + client.followRedirects()
              + "); it must use "
              + "Redirect.NEVER, or a redirect would send the API key to another host");
    }
    this.httpClient = client;
    return self();
  }

  /**
   * Sets the scheduler that times idle and total timeouts; {@link Scheduler#system()} unless set.
   */
  public B scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.schedulerSet = true;
    return self();
  }

  /**
   * Sets the clock the adapter reads (rate-limit reset dates, Retry-After dates, idle timeouts);
   * the scheduler when it is also a ticker ({@link dev.lifeline.time.VirtualClock}), else {@link
   * Ticker#system()}, unless set. An engine fills it with its own when it binds the provider.
   */
  public B ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return self();
  }

  /**
   * Builds the provider.
   *
   * @throws IllegalStateException if a required setting is missing
   */
  public abstract P build();

  /**
   * The settings, checked: a base URL is always required, a key when {@code keyRequired}.
   *
   * @throws IllegalStateException if one is missing
   */
  final HttpSettings settings(boolean keyRequired) {
    if (baseUrl == null) {
      throw new IllegalStateException("provider " + name + " needs a baseUrl");
    }
    if (keyRequired && apiKey == null) {
      throw new IllegalStateException("provider " + name + " needs an apiKey");
    }
    return new HttpSettings(
        name,
        baseUrl,
        apiKey,
        headers,
        timeouts,
        maxBodyBytes,
        httpClient,
        scheduler,
        schedulerSet,
        ticker);
  }

  /** Takes every setting from {@code settings}, as a provider's {@code toBuilder()} does. */
  final B settings(HttpSettings settings) {
    this.name = settings.name();
    this.baseUrl = settings.baseUrl();
    this.apiKey = settings.apiKey();
    this.headers.clear();
    this.headers.putAll(settings.headers());
    this.timeouts = settings.timeouts();
    this.maxBodyBytes = settings.maxBodyBytes();
    this.httpClient = settings.httpClient();
    this.scheduler = settings.scheduler();
    this.schedulerSet = settings.schedulerSet();
    this.ticker = settings.ticker();
    return self();
  }

  @SuppressWarnings("unchecked") // B is this builder's own class, by the contract of the type
  private B self() {
    return (B) this;
  }
}
