package dev.lifeline.bench;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Provider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link ImmediateProvider} that, while {@linkplain #lag lagging}, passes a realistic latency on
 * an {@link AdvancingTicker} before it answers: the engine records it in the deployment's health
 * window as a real answer's, so a benchmark can fill the window with thousands of samples in
 * milliseconds. The latencies cycle through 200 ms to 3 s, the spread of chat completions. Not
 * lagging, it is an {@link ImmediateProvider}. Thread-safe.
 */
final class LaggingProvider implements Provider {

  private final ImmediateProvider answers;
  private final AdvancingTicker ticker;
  private volatile boolean lagging;
  private long calls; // only counted while lagging, from one thread

  LaggingProvider(String name, AdvancingTicker ticker) {
    this.answers = new ImmediateProvider(name);
    this.ticker = ticker;
  }

  /** Whether calls from now on take a realistic latency on the ticker. */
  void lag(boolean lagging) {
    this.lagging = lagging;
  }

  @Override
  public String name() {
    return answers.name();
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    if (lagging) {
      // A prime stride spreads the values over the range rather than ramping through it.
      ticker.pass(Duration.ofMillis(200 + (calls++ * 7_919) % 2_800));
    }
    return answers.send(request, model);
  }
}
