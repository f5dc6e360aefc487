package dev.lifeline.provider;

import dev.lifeline.model.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A provider and its models in degrade order, best first: the ladder that L2 walks down before L3
 * moves to the next provider.
 *
 * <p>Immutable: every method returns a new ladder.
 *
 * <pre>{@code
 * ProviderLadder.of(openAi).models("gpt-4o", "gpt-4o-mini")
 * ProviderLadder.of(openAi).model("gpt-4o", 128_000).model("gpt-4.1", 1_047_576)
 * }</pre>
 */
public final class ProviderLadder {

  private final Provider provider;
  private final List<Deployment> deployments;

  private ProviderLadder(Provider provider, List<Deployment> deployments) {
    this.provider = provider;
    this.deployments = List.copyOf(deployments);
  }

  /** A ladder of {@code provider} with no model yet. */
  public static ProviderLadder of(Provider provider) {
    Objects.requireNonNull(provider, "provider");
    if (provider.name() == null || provider.name().isBlank()) {
      throw new IllegalArgumentException("a provider needs a non-blank name");
    }
    return new ProviderLadder(provider, List.of());
  }

  /**
   * This ladder with {@code models} added at the bottom, in order, with unknown windows and prices.
   */
  public ProviderLadder models(String... models) {
    ProviderLadder ladder = this;
    for (String model : models) {
      ladder = ladder.model(model, 0);
    }
    return ladder;
  }

  /**
   * This ladder with {@code model} added at the bottom, with its context window in tokens (0 if
   * unknown).
   */
  public ProviderLadder model(String model, int contextWindow) {
    return model(new Deployment(provider.name(), model, contextWindow, 0, 0));
  }

  /**
   * This ladder with {@code deployment} added at the bottom.
   *
   * @throws IllegalArgumentException if it names another provider, or a model already on the ladder
   */
  public ProviderLadder model(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    if (!deployment.provider().equals(provider.name())) {
      throw new IllegalArgumentException(
          "deployment "
              + deployment
              + " names provider '"
              + deployment.provider()
              + "', not '"
              + provider.name()
              + "'");
    }
    for (Deployment existing : deployments) {
      if (existing.model().equals(deployment.model())) {
        throw new IllegalArgumentException(
            "model '" + deployment.model() + "' is already on the ladder of " + provider.name());
      }
    }
    List<Deployment> grown = new ArrayList<>(deployments);
    grown.add(deployment);
    return new ProviderLadder(provider, grown);
  }

  /** The provider. */
  public Provider provider() {
    return provider;
  }

  /** Its models, best first. */
  public List<Deployment> deployments() {
    return deployments;
  }

  @Override
  public String toString() {
    return provider.name() + deployments.stream().map(Deployment::model).toList();
  }
}
