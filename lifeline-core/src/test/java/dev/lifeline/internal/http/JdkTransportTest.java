package dev.lifeline.internal.http;

import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.net.http.HttpClient;

/** The transport over a JDK client a user gave. */
class JdkTransportTest extends TransportContract {

  @Override
  Transport newTransport(Timeouts timeouts, Scheduler scheduler) {
    return new JdkTransport(jdkClient(timeouts), scheduler, Ticker.system());
  }

  /** A JDK client as a user would give one: the connect timeout set, no redirects. */
  static HttpClient jdkClient(Timeouts timeouts) {
    return HttpClient.newBuilder()
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
