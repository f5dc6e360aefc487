package dev.lifeline.internal.http;

import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;

/** The adapters' own transport. */
class ApacheTransportTest extends TransportContract {

  @Override
  Transport newTransport(Timeouts timeouts, Scheduler scheduler) {
    return new ApacheTransport(timeouts, scheduler, Ticker.system(), 1);
  }
}
