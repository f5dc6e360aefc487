package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.Ticker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a careful team builds with Resilience4j 2.x: per provider (its first model) a {@link Retry}
 * around a {@link CircuitBreaker}, configured as the docs suggest, and a fallback to the next
 * provider when one gives up or its breaker is open.
 *
 * <ul>
 *   <li>CircuitBreaker: the library's defaults (50 % failure rate over a count window of 100 calls,
 *       at least 100 calls, 60 s open, 10 half-open calls), on the fleet's clock through {@code
 *       CircuitBreakerConfig.clock(...)}, so that OPEN → HALF_OPEN happens in virtual time too.
 *   <li>Retry: 3 attempts, exponential backoff from 500 ms doubling ({@code
 *       IntervalFunction.ofExponentialBackoff}), not retrying {@code CallNotPermittedException}.
 *       Driven asynchronously through {@code retry.asyncContext()}: {@code onError} returns the
 *       delay, which is scheduled on the fleet's scheduler.
 * </ul>
 *
 * Like most such code it does not read Retry-After and does not validate 200 OK answers; a stream
 * that breaks is retried from the start, its text appended to what the caller already has.
 */
public final class Resilience4jStrategy implements Strategy {

  @Override
  public String name() {
    return "resilience4j";
  }

  @Override
  public String description() {
    return "Retry + CircuitBreaker per provider, then next";
  }

  @Override
  public Caller open(Fleet fleet) {
    CircuitBreakerConfig breakerConfig =
        CircuitBreakerConfig.custom().clock(new TickerClock(fleet.ticker())).build();
    RetryConfig retryConfig =
        RetryConfig.custom()
            .maxAttempts(3)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2))
            .ignoreExceptions(CallNotPermittedException.class)
            .build();
    List<Guarded> guarded =
        fleet.ladders().stream()
            .map(
                ladder ->
                    new Guarded(
                        ladder,
                        CircuitBreaker.of(ladder.provider().name(), breakerConfig),
                        Retry.of(ladder.provider().name(), retryConfig)))
            .toList();
    return Caller.streaming(
        (request, onDelta) -> {
          CompletableFuture<ChatResponse> result = new CompletableFuture<>();
          new Call(fleet, guarded, request, onDelta, result).provider(0, null);
          return result;
        });
  }

  /** One provider with its breaker and retry. */
  private record Guarded(ProviderLadder ladder, CircuitBreaker breaker, Retry retry) {}

  /** One request walking the providers. */
  private static final class Call {
    private final Fleet fleet;
    private final List<Guarded> guarded;
    private final SimRequest request;
    private final Consumer<String> onDelta; // null unless streaming
    private final CompletableFuture<ChatResponse> result;

    Call(
        Fleet fleet,
        List<Guarded> guarded,
        SimRequest request,
        Consumer<String> onDelta,
        CompletableFuture<ChatResponse> result) {
      this.fleet = fleet;
      this.guarded = guarded;
      this.request = request;
      this.onDelta = onDelta;
      this.result = result;
    }

    void provider(int k, Throwable last) {
      if (k == guarded.size()) {
        result.completeExceptionally(last);
        return;
      }
      attempt(k, guarded.get(k).retry().asyncContext());
    }

    void attempt(int k, Retry.AsyncContext<ChatResponse> retry) {
      Guarded g = guarded.get(k);
      CircuitBreaker breaker = g.breaker();
      if (!breaker.tryAcquirePermission()) {
        CallNotPermittedException open =
            CallNotPermittedException.createCallNotPermittedException(breaker);
        retry.onError(open); // ignored exception: the retry gives up at once
        provider(k + 1, open);
        return;
      }
      long start = fleet.ticker().nanos();
      Strategy.send(
              g.ladder().provider(), g.ladder().deployments().get(0).model(), request, onDelta)
          .whenComplete(
              (answer, error) -> {
                long took = fleet.ticker().nanos() - start;
                if (error == null) {
                  breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                  retry.onComplete();
                  result.complete(answer);
                  return;
                }
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                breaker.onError(took, TimeUnit.NANOSECONDS, cause);
                long delayMillis = retry.onError(cause);
                if (delayMillis < 0) {
                  provider(k + 1, cause);
                } else {
                  fleet
                      .scheduler()
                      .schedule(() -> attempt(k, retry), Duration.ofMillis(delayMillis));
                }
              });
    }
  }

  /**
   * A {@link Clock} that reads the fleet's ticker, so the breaker's open state lasts in fleet time.
   */
  private static final class TickerClock extends Clock {
    private final Ticker ticker;

    TickerClock(Ticker ticker) {
      this.ticker = ticker;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return ticker.now();
    }
  }
}
