package dev.lifeline.bench.chaos;

import dev.lifeline.model.Deployment;
import java.time.Duration;

/**
 * One simulated deployment (a provider's model): how fast it answers, what it costs, how much it
 * can read.
 *
 * @param provider the provider's name; the deployments of one provider form its degrade ladder, in
 *     file order
 * @param model the model's name
 * @param latency the latency of a complete answer
 * @param ttft time to first token: how long an error or a refusal takes to come back
 * @param inputPrice USD per million prompt tokens
 * @param outputPrice USD per million completion tokens
 * @param contextWindow the largest prompt it accepts, in tokens
 * @param declaredContextWindow the context window the engine is told, 0 for unknown; usually {@code
 *     contextWindow}, less when a deployment is capped below what its configuration says
 * @param rpm the provider's own limit of requests per minute on it (a key's quota), 0 for none
 * @param cachedInputPrice USD per million prompt tokens read from the provider's prompt cache (see
 *     {@link Conversations}); {@code inputPrice} when it gives no discount
 * @param ttftP99 the 99th percentile of a stream's time to its first chunk, whose median is {@code
 *     ttft}; null when every stream's first chunk comes after {@code ttft} (or sooner, with a
 *     quicker answer). A first chunk that is late is late with its answer: see {@link
 *     #firstChunkNanos}
 */
public record DeploymentSpec(
    String provider,
    String model,
    LatencyModel latency,
    Duration ttft,
    double inputPrice,
    double outputPrice,
    int contextWindow,
    int declaredContextWindow,
    int rpm,
    double cachedInputPrice,
    Duration ttftP99) {

  /** A deployment whose streams' first chunk comes after {@code ttft}. */
  public DeploymentSpec(
      String provider,
      String model,
      LatencyModel latency,
      Duration ttft,
      double inputPrice,
      double outputPrice,
      int contextWindow,
      int declaredContextWindow,
      int rpm,
      double cachedInputPrice) {
    this(
        provider,
        model,
        latency,
        ttft,
        inputPrice,
        outputPrice,
        contextWindow,
        declaredContextWindow,
        rpm,
        cachedInputPrice,
        null);
  }

  /** A deployment whose cached prompt tokens cost as much as the others. */
  public DeploymentSpec(
      String provider,
      String model,
      LatencyModel latency,
      Duration ttft,
      double inputPrice,
      double outputPrice,
      int contextWindow,
      int declaredContextWindow,
      int rpm) {
    this(
        provider,
        model,
        latency,
        ttft,
        inputPrice,
        outputPrice,
        contextWindow,
        declaredContextWindow,
        rpm,
        inputPrice);
  }

  /**
   * When a stream whose whole answer takes {@code answerNanos} sends its first chunk. Without a
   * {@link #ttftP99}: after {@link #ttft}, or with the answer if that is sooner. With one, the time
   * to the first chunk sits at the same quantile of its distribution (median {@code ttft}, P99
   * {@code ttftP99}) as the answer's time does of {@link #latency}: a call stuck in the provider's
   * queue is late to its first chunk and to its end alike. No random draw is added, so the
   * scenarios without it keep their figures.
   */
  long firstChunkNanos(long answerNanos) {
    long fixed = Math.min(answerNanos, ttft.toNanos());
    if (ttftP99 == null) {
      return fixed;
    }
    double spread = latency.sigma();
    double ttftSpread = new LatencyModel(ttft, ttftP99).sigma();
    // ln(answer / p50) is z × spread for the answer's draw z: the first chunk takes the same z.
    double z = spread == 0 ? 0 : Math.log((double) answerNanos / latency.p50().toNanos()) / spread;
    double first = ttft.toNanos() * Math.exp(z * ttftSpread);
    return Math.max(1, Math.min(answerNanos, (long) first));
  }

  /** "provider/model". */
  public String id() {
    return provider + "/" + model;
  }

  /**
   * Whether a fault's {@code target} ("openai" or "openai/gpt-4o" or "*") names this deployment.
   */
  boolean matches(String target) {
    return target.equals("*") || target.equals(provider) || target.equals(id());
  }

  /**
   * The engine's view of it, with the declared context window and prices, so routing can use them.
   */
  public Deployment toDeployment() {
    return new Deployment(provider, model, declaredContextWindow, inputPrice, outputPrice);
  }

  /** The price in USD of a billed call with these token counts. */
  double cost(int promptTokens, int completionTokens) {
    return (promptTokens * inputPrice + completionTokens * outputPrice) / 1_000_000.0;
  }
}
