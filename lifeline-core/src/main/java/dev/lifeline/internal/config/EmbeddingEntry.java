package dev.lifeline.internal.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ladder of the configuration file's {@code embeddings} section: deployments declared
 * equivalent (their vectors live in one space, of one number of dimensions), in failover order. An
 * embedding call fails over only within its ladder. Not API.
 *
 * @param name the ladder's name, for messages, or null
 * @param dimensions the dimensions of every deployment that does not give its own, or null
 * @param deployments the deployments, in failover order
 */
public record EmbeddingEntry(String name, Integer dimensions, List<DeploymentEntry> deployments) {

  /** The keys each place of the section allows. */
  static final Map<String, Set<String>> KEYS =
      Map.of(
          "embeddings[]", Set.of("name", "dimensions", "deployments"),
          "embeddings[].deployments[]", Set.of("provider", "model", "dimensions"));

  /** Defaults an absent list to an empty one. */
  public EmbeddingEntry {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
  }

  /**
   * One embedding deployment.
   *
   * @param provider the name of a provider of the file's {@code providers}
   * @param model the embedding model
   * @param dimensions its dimensions, or null for the ladder's
   */
  public record DeploymentEntry(String provider, String model, Integer dimensions) {}
}
