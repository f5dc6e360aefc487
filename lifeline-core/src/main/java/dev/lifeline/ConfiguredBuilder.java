package dev.lifeline;

import dev.lifeline.internal.config.ConfigFile;
import dev.lifeline.internal.config.LoadedConfig;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.retry.RetryPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration file's values turned into builder calls: each value goes through the builder's
 * own setter, so that a value it refuses is reported at its line. Not API.
 */
final class ConfiguredBuilder {
  private ConfiguredBuilder() {}

  /** A builder filled from {@code loaded}. */
  static SelfHealingEngine.Builder of(LoadedConfig loaded) {
    ConfigFile config = loaded.file();
    SelfHealingEngine.Builder builder = SelfHealingEngine.builder();
    Map<String, Provider> providers = new LinkedHashMap<>();
    for (int i = 0; i < config.providers().size(); i++) {
      ProviderLadder ladder = loaded.ladder(i);
      providers.put(ladder.provider().name(), ladder.provider());
      if (!ladder.deployments().isEmpty()) { // else only embedding ladders use it
        builder.provider(ladder);
      }
    }
    if (config.strategy() != null) {
      builder.strategy(config.strategy());
    }
    if (config.deadline() != null) {
      loaded.set("deadline", () -> builder.deadline(config.deadline()));
    }
    if (config.retry() != null) {
      RetryPolicy.Builder retry = RetryPolicy.builder();
      ConfigFile.RetryEntry entry = config.retry();
      if (entry.maxAttempts() != null) {
        loaded.set("retry.maxAttempts", () -> retry.maxAttempts(entry.maxAttempts()));
      }
      if (entry.baseDelay() != null) {
        loaded.set("retry.baseDelay", () -> retry.baseDelay(entry.baseDelay()));
      }
      if (entry.maxDelay() != null) {
        loaded.set("retry.maxDelay", () -> retry.maxDelay(entry.maxDelay()));
      }
      if (entry.maxRetryAfter() != null) {
        loaded.set("retry.maxRetryAfter", () -> retry.maxRetryAfter(entry.maxRetryAfter()));
      }
      if (entry.jitter() != null) {
        retry.jitter(entry.jitter());
      }
      loaded.set("retry", () -> builder.retryPolicy(retry.build()));
    }
    if (config.routing() != null) {
      builder.routing(config.routing());
    }
    if (config.attemptTimeout() != null) {
      loaded.set(
          "attemptTimeout", () -> builder.attemptTimeout(attemptTimeout(config.attemptTimeout())));
    }
    if (config.balancing() != null) {
      ConfiguredBalancing.apply(loaded, config.balancing(), builder);
    }
    ConfiguredEmbeddings.apply(loaded, providers, builder);
    return builder;
  }

  private static AttemptTimeout attemptTimeout(ConfigFile.AttemptTimeoutEntry entry) {
    AttemptTimeout.Builder timeout = AttemptTimeout.builder();
    AttemptTimeout defaults = AttemptTimeout.defaults();
    if (entry.firstToken() != null) {
      timeout.firstToken(entry.firstToken());
    }
    if (entry.adaptive() != null) {
      timeout.adaptive(entry.adaptive());
    }
    if (entry.multiple() != null) {
      timeout.multiple(entry.multiple());
    }
    if (entry.floor() != null || entry.ceiling() != null) {
      timeout.bounds(
          entry.floor() != null ? entry.floor() : defaults.floor(),
          entry.ceiling() != null ? entry.ceiling() : defaults.ceiling());
    }
    if (entry.minSamples() != null) {
      timeout.minSamples(entry.minSamples());
    }
    if (entry.reserve() != null) {
      timeout.reserve(entry.reserve());
    }
    return timeout.build();
  }
}
