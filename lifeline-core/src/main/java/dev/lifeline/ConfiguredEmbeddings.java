package dev.lifeline;

import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.internal.config.EmbeddingEntry;
import dev.lifeline.internal.config.LoadedConfig;
import dev.lifeline.provider.Provider;
import java.util.Map;

/**
 * A configuration file's {@code embeddings} section turned into embedding ladders on the builder,
 * each value reported at its line when refused. A deployment names a provider of the file's {@code
 * providers}: the ladder uses that very provider (its key, URL and health). Not API.
 */
final class ConfiguredEmbeddings {
  private ConfiguredEmbeddings() {}

  /**
   * Adds the ladders of {@code loaded} to {@code builder}, over {@code providers} (by name).
   *
   * @throws dev.lifeline.config.ConfigException naming the path and line of a deployment whose
   *     provider is unknown or has no embeddings API, a missing model or dimensions, a ladder that
   *     mixes dimensions or repeats another's
   */
  static void apply(
      LoadedConfig loaded, Map<String, Provider> providers, SelfHealingEngine.Builder builder) {
    var ladders = loaded.file().embeddings();
    for (int i = 0; i < ladders.size(); i++) {
      EmbeddingEntry entry = ladders.get(i);
      String path = "embeddings[" + i + "]";
      if (entry.deployments().isEmpty()) {
        loaded.set(
            path,
            () -> {
              throw new IllegalArgumentException(
                  "an embedding ladder needs 'deployments', at least one");
            });
      }
      EmbeddingLadder.Builder ladder = EmbeddingLadder.builder();
      for (int j = 0; j < entry.deployments().size(); j++) {
        EmbeddingEntry.DeploymentEntry deployment = entry.deployments().get(j);
        String at = path + ".deployments[" + j + "]";
        Integer dimensions =
            deployment.dimensions() != null ? deployment.dimensions() : entry.dimensions();
        loaded.set(at, () -> add(ladder, deployment, dimensions, providers));
      }
      EmbeddingLadder[] built = new EmbeddingLadder[1];
      loaded.set(path + ".deployments", () -> built[0] = ladder.build());
      loaded.set(path, () -> builder.embeddings(built[0]));
    }
  }

  private static void add(
      EmbeddingLadder.Builder ladder,
      EmbeddingEntry.DeploymentEntry deployment,
      Integer dimensions,
      Map<String, Provider> providers) {
    if (deployment.provider() == null) {
      throw new IllegalArgumentException("an embedding deployment needs a 'provider'");
    }
    Provider provider = providers.get(deployment.provider());
    if (provider == null) {
      throw new IllegalArgumentException(
          "provider '"
              + deployment.provider()
              + "' is none of the file's providers "
              + providers.keySet());
    }
    if (deployment.model() == null || deployment.model().isBlank()) {
      throw new IllegalArgumentException("an embedding deployment needs a 'model'");
    }
    if (dimensions == null) {
      throw new IllegalArgumentException(
          "no 'dimensions' for "
              + deployment.provider()
              + "/"
              + deployment.model()
              + ": give the ladder's, or the deployment's");
    }
    ladder.deployment(provider, deployment.model(), dimensions);
  }
}
