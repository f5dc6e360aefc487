package dev.lifeline.model;

import java.util.Objects;

/**
 * One model of one provider: the unit the cascade attempts, and that health and learning are kept
 * for.
 *
 * @param provider the provider's name
 * @param model the model's name
 * @param contextWindow the model's context window in tokens, or 0 when unknown
 * @param inputPricePerMillion the price of a million input tokens in USD, or 0 when unknown
 * @param outputPricePerMillion the price of a million output tokens in USD, or 0 when unknown
 */
public record Deployment(
    String provider,
    String model,
    int contextWindow,
    double inputPricePerMillion,
    double outputPricePerMillion) {

  /** Checks the names and that numbers are zero or more. */
  public Deployment {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    if (contextWindow < 0) {
      throw new IllegalArgumentException("contextWindow must be >= 0, was " + contextWindow);
    }
    if (inputPricePerMillion < 0 || outputPricePerMillion < 0) {
      throw new IllegalArgumentException("prices must be >= 0");
    }
  }

  /** A deployment with no known context window or price. */
  public static Deployment of(String provider, String model) {
    return new Deployment(provider, model, 0, 0, 0);
  }

  /** Whether the context window is known. */
  public boolean hasKnownContextWindow() {
    return contextWindow > 0;
  }

  /** "provider/model", the form used in traces. */
  public String id() {
    return provider + "/" + model;
  }

  @Override
  public String toString() {
    return id();
  }
}
