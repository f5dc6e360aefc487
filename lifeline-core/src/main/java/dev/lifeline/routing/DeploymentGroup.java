package dev.lifeline.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Several deployments that serve the same model (keys, regions, accounts) taken as one rung of the
 * ladder: the plan holds them together where the first of them would stand, the {@link Balancing}
 * picks which one a call tries first, and a failure moves to a sibling before the cascade degrades
 * to the next rung.
 *
 * <pre>{@code
 * DeploymentGroup.of("gpt-4o", Balancing.LEAST_IN_FLIGHT)
 *     .member("azure-east/gpt-4o", 1)
 *     .member("azure-west/gpt-4o", 1)
 *     .member("openai/gpt-4o", 2)
 * }</pre>
 *
 * <p>Members are named by deployment id ({@code provider/model}); the engine checks, when it is
 * built, that each names a deployment of its ladders and belongs to one group only. Immutable:
 * {@link #member} returns a new group.
 */
public final class DeploymentGroup {

  private final String name;
  private final Balancing balancing;
  private final Map<String, Integer> weights;

  private DeploymentGroup(String name, Balancing balancing, Map<String, Integer> weights) {
    this.name = name;
    this.balancing = balancing;
    this.weights = weights;
  }

  /**
   * An empty group called {@code name}, balanced by {@code balancing}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static DeploymentGroup of(String name, Balancing balancing) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(balancing, "balancing");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a deployment group needs a non-blank name");
    }
    return new DeploymentGroup(name, balancing, Map.of());
  }

  /**
   * This group with the deployment {@code deploymentId} ({@code provider/model}) added, of weight
   * {@code weight}.
   *
   * @throws IllegalArgumentException if the id is not {@code provider/model}, is already a member,
   *     or {@code weight} is not in [1, 1,000]
   */
  public DeploymentGroup member(String deploymentId, int weight) {
    Objects.requireNonNull(deploymentId, "deploymentId");
    int slash = deploymentId.indexOf('/');
    if (slash <= 0 || slash == deploymentId.length() - 1) {
      throw new IllegalArgumentException(
          "deploymentId must be provider/model, was '" + deploymentId + "'");
    }
    if (weight < 1 || weight > 1000) {
      throw new IllegalArgumentException("weight must be in [1, 1000], was " + weight);
    }
    if (weights.containsKey(deploymentId)) {
      throw new IllegalArgumentException(
          deploymentId + " is already a member of group '" + name + "'");
    }
    Map<String, Integer> grown = new LinkedHashMap<>(weights);
    grown.put(deploymentId, weight);
    return new DeploymentGroup(name, balancing, java.util.Collections.unmodifiableMap(grown));
  }

  /** The group's name, for traces. */
  public String name() {
    return name;
  }

  /** How it picks the member tried first. */
  public Balancing balancing() {
    return balancing;
  }

  /** The members' deployment ids, in the order they were added. */
  public List<String> members() {
    return new ArrayList<>(weights.keySet());
  }

  /**
   * The weight of member {@code deploymentId}.
   *
   * @throws IllegalArgumentException if it is no member
   */
  public int weight(String deploymentId) {
    Integer weight = weights.get(deploymentId);
    if (weight == null) {
      throw new IllegalArgumentException(deploymentId + " is not a member of group '" + name + "'");
    }
    return weight;
  }

  @Override
  public String toString() {
    return "DeploymentGroup{" + name + ", " + balancing + ", " + weights + '}';
  }
}
