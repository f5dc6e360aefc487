package dev.lifeline.internal.http;

import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * The settings every HTTP adapter takes from its builder, as one immutable value, so a provider can
 * be rebuilt from them ({@code toBuilder()}) or bound to an engine's runtime. Not API.
 *
 * @param name the provider's name
 * @param baseUrl the base URL requests go under, checked by {@link BaseUrl#check}
 * @param apiKey the key; null to send none
 * @param headers extra headers, already checked, sent with every request
 * @param timeouts the timeouts of each call
 * @param maxBodyBytes the largest body read
 * @param httpClient a client the user gave; null for one of the adapter's own
 * @param scheduler the scheduler that times idle and total timeouts
 * @param schedulerSet whether the user gave the scheduler (an engine's binding keeps it)
 * @param ticker the clock the user gave; null to use the scheduler's or the system's
 */
public record HttpSettings(
    String name,
    URI baseUrl,
    ApiKey apiKey,
    Map<String, String> headers,
    Timeouts timeouts,
    long maxBodyBytes,
    HttpClient httpClient,
    Scheduler scheduler,
    boolean schedulerSet,
    Ticker ticker) {

  /** Copies {@code headers}, so later changes to the map are not seen. */
  public HttpSettings {
    headers = Map.copyOf(headers);
  }

  /**
   * The clock the adapter reads: the given ticker, else the scheduler if it is one, else the
   * system's.
   */
  public Ticker clock() {
    if (ticker != null) {
      return ticker;
    }
    return scheduler instanceof Ticker clock ? clock : Ticker.system();
  }

  /**
   * These settings on {@code runtime}: its scheduler and ticker wherever the user gave none of
   * their own; {@code this} when the user gave every one.
   */
  public HttpSettings boundTo(ProviderRuntime runtime) {
    Scheduler boundScheduler = scheduler;
    Ticker boundTicker = ticker;
    boolean changed = false;
    if (!schedulerSet) {
      boundScheduler = runtime.scheduler();
      changed = true;
    }
    if (ticker == null && !(schedulerSet && scheduler instanceof Ticker)) {
      // A user's scheduler that is also a clock (a VirtualClock) stays the adapter's clock.
      boundTicker = runtime.ticker();
      changed = true;
    }
    if (!changed) {
      return this;
    }
    return new HttpSettings(
        name,
        baseUrl,
        apiKey,
        headers,
        timeouts,
        maxBodyBytes,
        httpClient,
        boundScheduler,
        schedulerSet,
        boundTicker);
  }
}
