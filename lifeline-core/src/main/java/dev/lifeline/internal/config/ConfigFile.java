package dev.lifeline.internal.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lifeline.model.ProviderType;
import dev.lifeline.retry.Jitter;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.RoutingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The configuration file, as written: the format of ARCHITECTURE.md's "Configuration". Not API.
 *
 * @param providers in failover order
 * @param strategy the default strategy, or null
 * @param routing the routing mode, or null
 * @param deadline the default deadline, or null
 * @param retry the retry policy, or null
 * @param attemptTimeout the attempt timeout, or null
 * @param balancing deployment groups, client-side limits, routing rules, or null
 * @param embeddings embedding ladders, each of equivalent deployments of one dimension count
 */
public record ConfigFile(
    List<ProviderEntry> providers,
    @JsonDeserialize(using = ConfigValues.StrategyValue.class) FallbackStrategy strategy,
    @JsonDeserialize(using = ConfigValues.RoutingValue.class) RoutingMode routing,
    @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration deadline,
    RetryEntry retry,
    AttemptTimeoutEntry attemptTimeout,
    BalancingEntry balancing,
    List<EmbeddingEntry> embeddings) {

  /** Copies the lists; {@link #validate()} checks what is required. */
  public ConfigFile {
    providers = providers == null ? List.of() : List.copyOf(providers);
    embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
  }

  /**
   * Checks what the parser cannot: required parts, unique names. Runs after parsing so that an
   * unknown key, which names its line, is reported first.
   *
   * @throws IllegalArgumentException naming the provider at fault, and the key's path
   */
  public ConfigFile validate() {
    if (providers.isEmpty()) {
      throw new ConfigProblem("providers", "'providers' needs at least one provider");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < providers.size(); i++) {
      ProviderEntry provider = providers.get(i);
      String path = "providers[" + i + "]";
      String label =
          "provider #" + (i + 1) + (provider.name() == null ? "" : " '" + provider.name() + "'");
      if (provider.type() == null) {
        throw new ConfigProblem(
            path, label + " needs a 'type' (one of " + ProviderType.names() + ")");
      }
      // A provider only an embedding ladder uses has no chat models.
      if (provider.models().isEmpty() && !embeddingProviders().contains(provider.name())) {
        throw new ConfigProblem(
            path + ".models", label + " needs 'models', a list of at least one model");
      }
      if (!names.add(provider.name())) {
        throw new ConfigProblem(
            path + ".name", label + ": the name is used twice; give each provider its own 'name'");
      }
    }
    return this;
  }

  /** The names of the providers the embedding ladders use. */
  private java.util.Set<String> embeddingProviders() {
    java.util.Set<String> names = new java.util.HashSet<>();
    embeddings.forEach(ladder -> ladder.deployments().forEach(d -> names.add(d.provider())));
    return names;
  }

  /**
   * One provider.
   *
   * @param name unique; defaults to the type's name
   * @param type wire format or preset
   * @param baseUrl optional for presets
   * @param apiKey the key, usually {@code ${ENV_VAR}}; resolved from the environment
   * @param apiVersion Azure's api-version, or null
   * @param api for the OpenAI family, "chat-completions" (the default) or "responses"; or null
   * @param headers extra headers sent with every request
   * @param models the degrade ladder, best first
   * @param timeouts per-phase timeouts, or null for the defaults
   */
  public record ProviderEntry(
      String name,
      @JsonDeserialize(using = ConfigValues.ProviderTypeValue.class) ProviderType type,
      @JsonDeserialize(using = ConfigValues.EnvString.class) String baseUrl,
      @JsonDeserialize(using = ConfigValues.EnvString.class) String apiKey,
      String apiVersion,
      String api,
      Map<String, String> headers,
      List<ModelEntry> models,
      TimeoutsEntry timeouts) {

    /** Defaults the name to the type's, and absent lists and maps to empty ones. */
    public ProviderEntry {
      name = (name == null || name.isBlank()) && type != null ? type.wireName() : name;
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      models = models == null ? List.of() : List.copyOf(models);
    }
  }

  /**
   * One model: a plain name, or an object with its context window and prices.
   *
   * @param name the model's name
   * @param contextWindow tokens, 0 when unknown
   * @param inputPrice USD per million input tokens, 0 when unknown
   * @param outputPrice USD per million output tokens, 0 when unknown
   */
  public record ModelEntry(String name, int contextWindow, double inputPrice, double outputPrice) {

    /** A model given by name only. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ModelEntry named(String name) {
      return new ModelEntry(name, 0, 0, 0);
    }

    /** Checks the name. */
    public ModelEntry {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a model needs a 'name'");
      }
    }
  }

  /**
   * The retry policy; absent values keep the defaults.
   *
   * @param maxAttempts attempts per deployment
   * @param baseDelay first backoff ceiling
   * @param maxDelay largest backoff
   * @param maxRetryAfter longest provider wait to honour
   * @param jitter full, decorrelated or none
   */
  public record RetryEntry(
      Integer maxAttempts,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration baseDelay,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration maxDelay,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration maxRetryAfter,
      @JsonDeserialize(using = ConfigValues.JitterValue.class) Jitter jitter) {}

  /**
   * The attempt timeout; absent values keep the defaults.
   *
   * @param firstToken the limit of a deployment not yet measured
   * @param adaptive whether a measured deployment's limit follows its P99
   * @param multiple the multiple of the P99
   * @param floor the shortest adaptive limit
   * @param ceiling the longest adaptive limit
   * @param minSamples successes needed to adapt
   * @param reserve the share of the remaining deadline kept for the next deployment
   */
  public record AttemptTimeoutEntry(
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration firstToken,
      Boolean adaptive,
      Double multiple,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration floor,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration ceiling,
      Integer minSamples,
      Double reserve) {}

  /**
   * Per-phase HTTP timeouts; absent values keep the defaults.
   *
   * @param connect to connect
   * @param firstByte to the response's headers
   * @param idle between chunks
   * @param total the whole attempt
   */
  public record TimeoutsEntry(
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration connect,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration firstByte,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration idle,
      @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration total) {}
}
