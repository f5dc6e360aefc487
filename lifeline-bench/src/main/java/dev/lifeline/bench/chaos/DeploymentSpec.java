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
    double cachedInputPrice) {

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
