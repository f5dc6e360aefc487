package dev.lifeline.embedding;

import dev.lifeline.model.Deployment;
import dev.lifeline.provider.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embedding deployments declared equivalent: the same model, or models whose vectors live in the
 * same space, of the same number of dimensions. An embedding call fails over only between the
 * deployments of one ladder, in order, never to another ladder's: vectors of another dimension
 * would be silently useless to the caller's index.
 *
 * <pre>{@code
 * EmbeddingLadder small = EmbeddingLadder.builder()
 *     .deployment(openAi, "text-embedding-3-small", 1536)
 *     .deployment(azure, "embed-small", 1536)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EmbeddingLadder {
  private final List<Provider> providers;
  private final List<Deployment> deployments;
  private final int dimensions;

  private EmbeddingLadder(Builder builder) {
    this.providers = List.copyOf(builder.providers);
    this.deployments = List.copyOf(builder.deployments);
    this.dimensions = builder.dimensions.get(0);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The deployments, in failover order. */
  public List<Deployment> deployments() {
    return deployments;
  }

  /** The provider of each deployment, in the same order. */
  public List<Provider> providers() {
    return providers;
  }

  /** The number of dimensions every deployment of the ladder answers with. */
  public int dimensions() {
    return dimensions;
  }

  @Override
  public String toString() {
    return "EmbeddingLadder[" + dimensions + " dimensions: " + deployments + "]";
  }

  /** Builds an {@link EmbeddingLadder}; not thread-safe. */
  public static final class Builder {
    private final List<Provider> providers = new ArrayList<>();
    private final List<Deployment> deployments = new ArrayList<>();
    private final List<Integer> dimensions = new ArrayList<>();

    private Builder() {}

    /**
     * Adds {@code model} of {@code provider}, answering with {@code dimensions} dimensions, after
     * the deployments added before.
     *
     * @throws IllegalArgumentException if the provider has no embeddings API (it does not implement
     *     {@link Embedder}: Anthropic), the model is blank, {@code dimensions} is less than 1, or
     *     the deployment is already in the ladder
     */
    public Builder deployment(Provider provider, String model, int dimensions) {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(model, "model");
      if (!(provider instanceof Embedder)) {
        throw new IllegalArgumentException(
            "provider '"
                + provider.name()
                + "' ("
                + provider.getClass().getSimpleName()
                + ") has no embeddings API; Anthropic has none: use an OpenAI-compatible or a"
                + " Gemini provider");
      }
      if (dimensions < 1) {
        throw new IllegalArgumentException(
            "dimensions of " + provider.name() + "/" + model + " must be >= 1, was " + dimensions);
      }
      Deployment deployment = Deployment.of(provider.name(), model);
      if (deployments.contains(deployment)) {
        throw new IllegalArgumentException(deployment.id() + " is already in the ladder");
      }
      providers.add(provider);
      deployments.add(deployment);
      this.dimensions.add(dimensions);
      return this;
    }

    /**
     * Builds the ladder.
     *
     * @throws IllegalArgumentException if it has no deployment, if its deployments declare
     *     different dimensions, or if two different providers share a name
     */
    public EmbeddingLadder build() {
      if (deployments.isEmpty()) {
        throw new IllegalArgumentException("an embedding ladder needs at least one deployment");
      }
      Map<String, Provider> byName = new LinkedHashMap<>();
      for (int i = 0; i < deployments.size(); i++) {
        if (!dimensions.get(i).equals(dimensions.get(0))) {
          throw new IllegalArgumentException(
              "an embedding ladder mixes dimensions: "
                  + deployments.get(0).id()
                  + " has "
                  + dimensions.get(0)
                  + ", "
                  + deployments.get(i).id()
                  + " has "
                  + dimensions.get(i)
                  + "; deployments of another dimension go in a ladder of their own");
        }
        Provider known = byName.putIfAbsent(providers.get(i).name(), providers.get(i));
        if (known != null && known != providers.get(i)) {
          throw new IllegalArgumentException(
              "two providers are named '" + known.name() + "'; names must be unique");
        }
      }
      return new EmbeddingLadder(this);
    }
  }
}
