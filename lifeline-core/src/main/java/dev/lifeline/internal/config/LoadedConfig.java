package dev.lifeline.internal.config;

import dev.lifeline.config.ConfigException;
import dev.lifeline.provider.ProviderLadder;

/**
 * A configuration file read and checked, with where each of its keys is written: what turns its
 * values into the engine's settings reports a value those refuse at the value's line. Not API.
 */
public final class LoadedConfig {
  private final String source;
  private final ConfigFile file;
  private final KeyLines lines;

  LoadedConfig(String source, ConfigFile file, KeyLines lines) {
    this.source = source;
    this.file = file;
    this.lines = lines;
  }

  /** The values, as written. */
  public ConfigFile file() {
    return file;
  }

  /** The ladder of the provider at {@code index} in {@code providers}. */
  public ProviderLadder ladder(int index) {
    return ProviderFactory.ladder(this, index);
  }

  /**
   * Runs {@code setter}, which passes the value at {@code path} on; its {@code
   * IllegalArgumentException} becomes a {@link ConfigException} naming the file and the line.
   */
  public void set(String path, Runnable setter) {
    try {
      setter.run();
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // "retry.maxAttempts: maxAttempts must be ..." says the key twice.
      String key = path.substring(path.lastIndexOf('.') + 1);
      String message = String.valueOf(e.getMessage());
      throw error(path, message.startsWith(key) ? message : path + ": " + message, e);
    }
  }

  /** A {@link ConfigException} saying {@code message} at the line of {@code path}. */
  ConfigException error(String path, String message, Throwable cause) {
    return new ConfigException(source + lines.at(path) + ": " + message, cause);
  }
}
