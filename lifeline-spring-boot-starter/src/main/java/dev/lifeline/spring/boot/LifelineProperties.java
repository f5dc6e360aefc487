package dev.lifeline.spring.boot;

import dev.lifeline.model.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code lifeline.*} properties: the shape of Lifeline's YAML configuration file (README,
 * "Configuration"), in Spring's kebab-case, plus the learning settings and the store. Absent values
 * keep the engine's defaults; the values are checked by the same loader that reads the file, and a
 * wrong one fails startup naming its property.
 *
 * @param providers the providers, in failover order; each with its degrade ladder of models
 * @param strategy the default strategy: cascade, retry-only, no-degrade or failover-only
 * @param routing the routing mode: priority, healthiest, latency or cost
 * @param deadline the default deadline of a call, every retry and wait included
 * @param retry the retry policy
 * @param attemptTimeout the limit of one attempt, adaptive to each deployment's measured latency
 * @param learning how the engine learns from its failures
 * @param store where the playbook and the health holds are kept across restarts
 */
@ConfigurationProperties("lifeline")
public record LifelineProperties(
    List<ProviderProperties> providers,
    String strategy,
    String routing,
    Duration deadline,
    RetryProperties retry,
    AttemptTimeoutProperties attemptTimeout,
    LearningProperties learning,
    StoreProperties store) {

  /** Defaults absent lists to empty ones. */
  public LifelineProperties {
    providers = providers == null ? List.of() : List.copyOf(providers);
  }

  /**
   * One provider.
   *
   * @param name unique; defaults to the type's name
   * @param type the wire format or preset: openai, azure, anthropic, gemini, deepseek, groq,
   *     mistral, openrouter, together, ollama, openai-compatible
   * @param baseUrl the endpoint; optional for presets
   * @param apiKey the key, usually {@code ${OPENAI_API_KEY}}
   * @param apiVersion Azure's api-version
   * @param headers extra headers sent with every request
   * @param models the degrade ladder, best first: names, or objects with name, context-window,
   *     input-price and output-price
   * @param timeouts per-phase HTTP timeouts
   */
  public record ProviderProperties(
      String name,
      String type,
      String baseUrl,
      String apiKey,
      String apiVersion,
      Map<String, String> headers,
      List<ModelProperties> models,
      TimeoutProperties timeouts) {

    /** Defaults absent lists and maps to empty ones. */
    public ProviderProperties {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      models = models == null ? List.of() : List.copyOf(models);
    }
  }

  /**
   * One model of a provider's ladder.
   *
   * @param name the model's name
   * @param contextWindow tokens; unknown when absent
   * @param inputPrice USD per million input tokens; unknown when absent
   * @param outputPrice USD per million output tokens; unknown when absent
   */
  public record ModelProperties(
      String name, Integer contextWindow, Double inputPrice, Double outputPrice) {

    /** A model given by its name alone, as in {@code models: [gpt-4o, gpt-4o-mini]}. */
    public static ModelProperties named(String name) {
      return new ModelProperties(name, null, null, null);
    }
  }

  /**
   * Per-phase HTTP timeouts of a provider.
   *
   * @param connect to connect
   * @param firstByte to the response's headers
   * @param idle between chunks of a stream
   * @param total the whole attempt
   */
  public record TimeoutProperties(
      Duration connect, Duration firstByte, Duration idle, Duration total) {}

  /**
   * The retry policy.
   *
   * @param maxAttempts attempts per deployment
   * @param baseDelay the first backoff's ceiling
   * @param maxDelay the largest backoff
   * @param maxRetryAfter the longest Retry-After of a provider to honour
   * @param jitter full, decorrelated or none
   */
  public record RetryProperties(
      Integer maxAttempts,
      Duration baseDelay,
      Duration maxDelay,
      Duration maxRetryAfter,
      String jitter) {}

  /**
   * The attempt timeout.
   *
   * @param firstToken the limit of a deployment not measured yet
   * @param adaptive whether a measured deployment's limit follows its P99
   * @param multiple the multiple of the P99
   * @param floor the shortest adaptive limit
   * @param ceiling the longest adaptive limit
   * @param minSamples successes needed before the limit adapts
   * @param reserve the share of the remaining deadline kept for the next deployment
   */
  public record AttemptTimeoutProperties(
      Duration firstToken,
      Boolean adaptive,
      Double multiple,
      Duration floor,
      Duration ceiling,
      Integer minSamples,
      Double reserve) {}

  /**
   * How the engine learns from its failures (the playbook).
   *
   * @param enabled whether it learns and uses what it learned
   * @param threshold the confidence from which a learned hint is used, in (0, 1]
   * @param maxEntries the most entries the playbook keeps
   * @param halfLives how long evidence of a failure takes to lose half its weight, by error kind
   *     (rate-limited, overloaded, server-error, timeout, quota-exhausted, ...); kinds not given
   *     keep the engine's defaults (2 min for rate limits to a day for context length)
   */
  public record LearningProperties(
      Boolean enabled, Double threshold, Integer maxEntries, Map<ErrorKind, Duration> halfLives) {

    /** Defaults absent maps to empty ones. */
    public LearningProperties {
      halfLives = halfLives == null ? Map.of() : Map.copyOf(halfLives);
    }
  }

  /**
   * Where the playbook and the health holds (cooldowns, open circuits) are kept.
   *
   * @param type memory (the default), sqlite (needs lifeline-store-sqlite) or redis (needs
   *     lifeline-store-redis)
   * @param path the SQLite file, for type sqlite
   * @param uri the Redis URI, such as redis://localhost:6379, for type redis
   * @param application the Redis key prefix shared by the replicas of one application
   * @param operationTimeout the most any Redis command may take, in (0, 10s]; default 200ms
   * @param staleness how old what a replica knows of the others may be: Redis is polled this often,
   *     in (0, 1m]; default 500ms
   * @param probeLease how long one replica's half-open probe may take before another may probe in
   *     its place, in (0, 10m]; default 10s
   * @param limitWindow the window the fleet's client-side limits are counted over, in [100ms, 1m];
   *     default 1m
   * @param slotLease how long a slot of calls in flight is held at most, so that a replica that
   *     died mid-call gives it back, in [1s, 1h]; default 10m
   * @param replicas how many replicas share the client-side limits: while Redis does not answer,
   *     each keeps to limit / replicas, in [1, 10000]; default 1
   * @param cluster whether the URI names one node of a Redis Cluster; default false
   * @param trustedCertificates a PEM file of the certificates a rediss:// server's must chain to,
   *     in place of the JVM's trust store
   * @param replica this replica's name in the playbook's shares, 1 to 64 letters, digits, '.', '_'
   *     or '-'; default a random UUID
   */
  public record StoreProperties(
      String type,
      String path,
      String uri,
      String application,
      Duration operationTimeout,
      Duration staleness,
      Duration probeLease,
      Duration limitWindow,
      Duration slotLease,
      Integer replicas,
      Boolean cluster,
      Path trustedCertificates,
      String replica) {}
}
