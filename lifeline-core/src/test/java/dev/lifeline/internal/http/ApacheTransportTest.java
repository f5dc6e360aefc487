package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedSelectorException;
import java.nio.charset.StandardCharsets;
import java.util.ConcurrentModificationException;
import org.junit.jupiter.api.Test;

/** The adapters' own transport. */
class ApacheTransportTest extends TransportContract {

  @Override
  Transport newTransport(Timeouts timeouts, Scheduler scheduler) {
    return new ApacheTransport(timeouts, scheduler, Ticker.system(), 1);
  }

  @Test
  void aSelectorClosedUnderItsThreadByCloseIsNotLoggedButAnotherFailureIsAWarning() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ApacheTransport.reactorFailed(new ClosedSelectorException(), false);
      // What a close that shuts the selector mid-iteration throws (seen in the load race).
      ApacheTransport.reactorFailed(new ConcurrentModificationException(), true);
      assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();

      ApacheTransport.reactorFailed(new IOException("too many open files"), false);
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines().findFirst())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains("WARN")
                    .contains("HTTP I/O thread failed: java.io.IOException: too many open files"));
  }
}
