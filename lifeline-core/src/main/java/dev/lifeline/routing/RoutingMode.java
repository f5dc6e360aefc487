package dev.lifeline.routing;

/**
 * How the engine's router orders the deployments that can serve a request.
 *
 * <p>In every mode, deployments that are out (open circuit, active cooldown, half-open with every
 * probe slot taken) come last, in their configured order, so a cascade can skip them or try them
 * when nothing else is left; and ties keep the configured order, so a plan is deterministic.
 */
public enum RoutingMode {

  /** The configured order: providers in order, each with its models in order. The default. */
  PRIORITY,

  /**
   * Best score first, where {@code score = max(p95, 1 ms) / (1 − e)²} and {@code e} is the error
   * rate over the window (capped at 0.99): the P95 time to an answer, stretched once by the
   * expected number of attempts per answer and once more for what a failed attempt costs besides
   * its time (a backoff wait, a step of the cascade). So a deployment with 30% errors must be about
   * twice as fast as a clean one to come first. Deployments without a call in the window come
   * before the scored ones, in configured order, so that each is measured once rather than never.
   */
  HEALTHIEST,

  /**
   * Lowest P95 attempt latency over the window first. Deployments without a latency in the window
   * come before the measured ones, in configured order: otherwise a deployment that nobody tried
   * would never be measured. One call per deployment per window is the price of knowing.
   */
  LATENCY,

  /**
   * Cheapest estimated call first: {@code inputPricePerMillion × estimated prompt tokens +
   * outputPricePerMillion × assumed completion tokens}, the completion being the request's {@code
   * maxTokens} when smaller than the router's assumed size (default 500 tokens). A deployment whose
   * price is unknown (either price 0) comes after the priced ones, in configured order.
   */
  COST
}
